import { RESOURCES } from '../../src/i18n/resources';
import { LOCALES } from '../../src/ports/translator';
import { normalise } from '../text-readers';
import { normaliseCode } from './circle-parse';

/**
 * Words people type in a personal chat to act on their circle without a card: "doe mee 123456",
 * "alles goed", "Anna niet bereikt", "hulp", "rond", "opgepakt", "afgerond". The words come from
 * `circles:commands` and are recognised in every language at any time, like dialogs/commands.ts.
 */
export type CircleCommand =
  | { kind: 'join'; code?: string }
  | { kind: 'ok' }
  | { kind: 'needHelp' }
  | { kind: 'notReached'; name?: string }
  | { kind: 'close' }
  | { kind: 'ack' }
  | { kind: 'resolve' };

type CommandLists = (typeof RESOURCES)['nl']['circles']['commands'];
type ListKey = 'join' | 'ok' | 'needHelp' | 'close' | 'ack' | 'resolve' | 'notReached' | 'fillers';

/** The words of every language, normalised once: this runs on every message a person types. */
let cached: Record<ListKey, string[]> | undefined;
function lists(): Record<ListKey, string[]> {
  const pick = (key: ListKey) => [...new Set(LOCALES.flatMap((l) => (RESOURCES[l].circles.commands as CommandLists)[key].map(normalise)))];
  cached ??= {
    join: pick('join'),
    ok: pick('ok'),
    needHelp: pick('needHelp'),
    close: pick('close'),
    ack: pick('ack'),
    resolve: pick('resolve'),
    notReached: pick('notReached'),
    fillers: pick('fillers'),
  };
  return cached;
}

export function readCircleCommand(text: string): CircleCommand | undefined {
  const said = normalise(text);
  if (said === '') return undefined;
  const words = lists();
  for (const prefix of words.join) {
    if (said === prefix) return { kind: 'join' };
    if (said.startsWith(`${prefix} `)) {
      const code = normaliseCode(said.slice(prefix.length));
      // A code has digits: "doe mee met de cirkel" is a sentence, not a code.
      if (/^(?=.*\d)[A-Z0-9]{4,20}$/.test(code)) return { kind: 'join', code };
    }
  }
  if (words.ok.includes(said)) return { kind: 'ok' };
  if (words.needHelp.includes(said)) return { kind: 'needHelp' };
  if (words.close.includes(said)) return { kind: 'close' };
  if (words.ack.includes(said)) return { kind: 'ack' };
  if (words.resolve.includes(said)) return { kind: 'resolve' };
  for (const phrase of words.notReached) {
    if (said === phrase || said.startsWith(`${phrase} `) || said.endsWith(` ${phrase}`) || said.includes(` ${phrase} `)) {
      const fillers = new Set(words.fillers);
      const name = ` ${said} `
        .replace(` ${phrase} `, ' ')
        .split(' ')
        .filter((w) => w !== '' && !fillers.has(w))
        .join(' ');
      return name ? { kind: 'notReached', name } : { kind: 'notReached' };
    }
  }
  return undefined;
}

/** True when a typed name is this first name ("anna", "Anna", "ANNA", "Anna."). */
export function sameName(typed: string, firstName: string): boolean {
  return normalise(typed) === normalise(firstName);
}
