/**
 * The pattern tables behind `detectEmergency` (emergency.ts). Data only: to teach the bot a new
 * phrasing, add a pattern to the rules of its category (emergency-rules-acute.ts, -harm.ts or
 * -care.ts) and a line to test/fixtures/emergency-phrases.json. How a rule and its patterns are
 * written: emergency-rule.ts.
 */
import type { EmergencyRule } from './emergency-rule';
import { ACUTE_RULES } from './emergency-rules-acute';
import { CARE_RULES } from './emergency-rules-care';
import { HARM_RULES } from './emergency-rules-harm';

export { EMERGENCY_KINDS, type EmergencyKind } from './emergency-rule';

/** Every rule, in the order of the categories: acute danger, then harm, then care. */
export const RULES: readonly EmergencyRule[] = [...ACUTE_RULES, ...HARM_RULES, ...CARE_RULES];

/** A message made only of these words, with at least one core word, is a bare call for help. */
export const HELP_CORE = [
  'help', 'hulp', 'nood', 'noodgeval', 'spoed', 'sos', 'emergency', 'urgent', 'acuut', 'mayday', 'alarm',
];
export const HELP_FILLERS = [
  'ik', 'i', 'me', 'mij', 'heb', 'have', 'need', 'nodig', 'please', 'pls', 'plz', 'alsjeblieft', 'alstublieft', 'aub',
  'asap', 'nu', 'now', 'wil', 'wilt', 'want', 'snel', 'quick', 'quickly', 'dringend', 'iemand', 'someone', 'somebody',
  'anyone', 'kan', 'can', 'oh', 'o', 'god', 'we', 'wij', 'hier', 'here', 'is', 'het', 'dit', 'this', 'it', 'een', 'a',
  'svp', 'us', 'ons', 'er',
];

/** Cancels a `negatable` hit when it stands up to 3 tokens before it. */
export const NEGATIONS = [
  'geen', 'niet', 'no', 'not', 'zonder', 'without', 'nooit', 'never', 'niks', 'isnt', 'arent', 'wasnt', 'dont',
  'doesnt',
];

/** The message says a `pastable` event is over. */
export const RECOVERED = [
  'gaat|ging het? nu|weer|inmiddels|alweer|gelukkig? beter|goed', 'is|was weer|inmiddels|nu beter', '~hersteld',
  '~opgeknapt', 'weer thuis', 'is|shes|hes better|fine|ok|okay|good now', 'is|shes|hes fine', 'recovered',
  'doing|feeling better',
];
/** The message places a `pastable` event long ago ... */
export const LONG_AGO = [
  'jaar|jaren|maand|maanden|week|weken|tijdje|tijd|lang|poos|poosje geleden',
  'vorig|vorige jaar|maand|week|zomer|winter', 'vroeger', 'al jaren|maanden', 'years|months|weeks|while|long ago',
  'for years|months', 'last year|month|week|summer|winter', 'in the past',
];
/** ... unless it is still going on. */
export const STILL = ['nog steeds|altijd', 'still', 'sindsdien', 'since then', 'opnieuw', 'again'];

/** With suicide or abuse, these make it acute too ("hij slaat haar nu"). */
export const HAPPENING_NOW = [
  'nu', 'meteen', 'op dit moment', 'vanavond', 'vannacht', 'right now', 'tonight', 'at the moment',
];

/** Whole-token typo fixes, applied after normalising. */
export const TYPOS: Readonly<Record<string, string>> = {
  hy: 'hij', zy: 'zij', nie: 'niet', nit: 'niet', zn: 'zijn', mn: 'mijn', gn: 'geen', cannot: 'cant',
  hellp: 'help', heelp: 'help', helpp: 'help', hepl: 'help', halp: 'help', hlp: 'help', helup: 'help',
  hellup: 'help', hlep: 'help', hullp: 'hulp', hupl: 'hulp', hlup: 'hulp', huulp: 'hulp',
};
