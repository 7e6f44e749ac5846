// The language the emergency tables are written in, shared by the category files so none imports another.
/**
 * How the rules of emergency-rules-*.ts are written: the kinds, a rule's shape, the pattern syntax,
 * and the word lists several rules share. The tables themselves: emergency-patterns.ts.
 *
 * Pattern syntax: one pattern per string, steps separated by spaces. Words are normalised the same
 * way as the user's text (lowercase, no diacritics, runs of 3+ letters cut to 2, no apostrophes).
 *   word        the token is exactly this word
 *   ~word       also with one typo (Damerau-Levenshtein <= 1); only for words of 5+ letters
 *   word*       the token starts with this stem (`~stem*`: the start may hold one typo)
 *   *word       the token ends with this (street names: `*straat`)
 *   #           any number
 *   a|b         either word
 *   step?       this step may be missing
 *   ..          up to 4 other tokens, never across the end of a sentence
 *   !a|b        the next token is none of these (zero width)
 *   $           end of the sentence or message (zero width)
 */

/** Most urgent first: the order `kinds` are reported in and numbers are shown in. */
export const EMERGENCY_KINDS = ['acute', 'suicide', 'abuse', 'medical', 'worry', 'general'] as const;
export type EmergencyKind = (typeof EMERGENCY_KINDS)[number];

export interface EmergencyRule {
  /** Stable id, safe to log (never the user's text). */
  id: string;
  kinds: readonly EmergencyKind[];
  /** Any of these patterns fires the rule. */
  any: readonly string[];
  /** Not when one of these matches overlapping the hit ("112 euro", "de knop reageert niet"). */
  unless?: readonly string[];
  /** Not when a negation ("geen", "niet", "no", "not") stands up to 3 tokens before the hit ("geen nood"). */
  negatable?: boolean;
  /** Not when the message says it is over ("nu gaat het beter") or long ago ("een jaar geleden"). */
  pastable?: boolean;
  /** Not when the message says it is over; "long ago" alone does not cancel (acute events). */
  recoverable?: boolean;
}

// A number in text is an emergency number unless it is clearly an amount, a measure or an address.
const UNITS =
  'euro|eur|euros|cent|dollar|dollars|pond|pound|pounds|procent|percent|km|kilometer|meter|m|kilo|kg|gram|' +
  'jaar|jaren|dagen|weken|uur|minuten|keer|mensen|stuks|leden|huizen|woningen|gevallen|paginas|punten|' +
  'years|days|weeks|hours|minutes|times|people|members|homes|cases|pages|points|x';
const PLACES =
  'euro|eur|dollar|huisnummer|kamer|bus|buslijn|lijn|pagina|blz|page|room|flat|appartement|apartment|' +
  'postbus|route|artikel|code|kost|kostte|costs|cost|totaal|total|betaald|paid|' +
  '*straat|*laan|*weg|*plein|*dijk|*kade|*gracht|*singel|*hof|*pad|*steeg|*dreef|*street|*road|*lane|*avenue';
export const notAnAmount = (n: string): string[] => [`${n} ${UNITS}`, `${PLACES} ${n}`, `op|huis nummer|nr ${n}`];

export const FAMILY =
  'man|vrouw|partner|zoon|dochter|vader|moeder|schoonzoon|schoondochter|kleinzoon|kleindochter|verzorger|' +
  'mantelzorger|vriend|vriendin|husband|wife|son|daughter|father|mother|carer|caregiver|boyfriend|girlfriend';
/** Who gets hit: a pronoun or a family member. "She hit her head" is a fall, not abuse. */
export const VICTIM = `haar|hem|mij|me|ze|hen|ons|her|him|them|us|kinderen|kind|kids|children|${FAMILY}`;
export const OWNER = 'zijn|haar|mijn|zn|mn|de|his|her|my|the';
export const BODY =
  'hoofd|head|knie|knee|arm|been|leg|elleboog|elbow|teen|toe|hand|voet|foot|rug|back|heup|hip|enkel|ankle|pols|wrist|' +
  'feelings';
export const HITS_NL = 'slaat|sloeg|schopt|schopte|stompt|knijpt|trapt|mept|slaan|schoppen';
export const HITS_EN =
  'hits|hit|hitting|hurts|hurt|hurting|beats|beat|beating|kicks|kicked|kicking|punches|punched|slaps|slapped|' +
  'chokes|choked|strangles|strangled';
/** "Leven" with its usual typos. Not fuzzy: "geven", "leren", "lezen" are one letter away. */
export const LIFE = 'leven|leve|lven|levn|lefen|leeven';
export const THINGS =
  'knop|bot|app|scherm|kaart|website|site|link|computer|laptop|telefoon|pagina|formulier|systeem|teams|chat|' +
  'programma|menu|button|screen|card|page|form|system';
