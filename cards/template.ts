import { Template } from 'adaptivecards-templating';

/** A card as plain JSON; the dialogs wrap it as an attachment (no botbuilder types here). */
export type AdaptiveCard = Record<string, unknown>;

export type { HelpNumberId } from '../src/domain/emergency';

/**
 * Parsed templates by template object. `new Template()` parses every `${...}` with the
 * adaptive-expressions (ANTLR) parser, which cost 10-17% of a turn when done per render
 * (issue 6). The templates are module-level JSON imports, so each is parsed once per process.
 * `expand()` keeps no state between calls (it is synchronous and resets its context), so one
 * Template serves every render.
 */
const parsed = new WeakMap<object, Template>();

function templateFor(template: object): Template {
  let hit = parsed.get(template);
  if (!hit) {
    hit = new Template(template);
    parsed.set(template, hit);
  }
  return hit;
}

/**
 * Binds a template to its data. Every `${...}` must resolve: templating leaves an unbound
 * expression in the card as literal text, so a missing field fails here instead of showing users "${x}".
 */
export function expandTemplate(template: object, data: object): AdaptiveCard {
  const card = templateFor(template).expand({ $root: data }) as AdaptiveCard;
  const unbound = findUnbound(card);
  if (unbound) throw new Error(`card template left ${unbound} unbound`);
  return card;
}

/** The first `${...}` left in any string of the card (a walk: no whole-card JSON string per render). */
function findUnbound(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value.includes('${') ? /\$\{[^}]*\}/.exec(value)?.[0] : undefined;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findUnbound(item);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = key.includes('${') ? key : findUnbound(item);
      if (found) return found;
    }
  }
  return undefined;
}
