import type { AdaptiveCard } from '../../cards/guide/render';

// The UMD build: the package's ESM lib/ does not load in Node (extensionless imports).
const AC = require('adaptivecards/dist/adaptivecards.js');

/** Every object in a card with the given `type`, depth first. */
export function elementsOfType(node: unknown, type: string, found: Array<Record<string, unknown>> = []) {
  if (Array.isArray(node)) node.forEach((item) => elementsOfType(item, type, found));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record.type === type) found.push(record);
    Object.values(record).forEach((value) => elementsOfType(value, type, found));
  }
  return found;
}

/** Keys the SDK dropped on a parse/serialise round trip: unknown properties (defaults aside). */
function droppedKeys(input: unknown, output: unknown, at: string, found: string[] = []): string[] {
  if (Array.isArray(input)) input.forEach((item, i) => droppedKeys(item, (output as unknown[] | undefined)?.[i], `${at}[${i}]`, found));
  else if (input && typeof input === 'object') {
    const out = (output ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(input)) {
      if (!(key in out)) {
        if (![false, '', 'default', 'Default', 'Text'].includes(value as never)) found.push(`${at}.${key}`);
      } else droppedKeys(value, out[key], `${at}.${key}`, found);
    }
  }
  return found;
}

/** What the Adaptive Cards SDK (schema 1.5) says about a card: parse and validation events, unknown properties. */
export function sdkProblems(json: AdaptiveCard): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of card.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  for (const key of droppedKeys(json, card.toJSON(), '')) problems.push(`unknown property ${key}`);
  return problems;
}
