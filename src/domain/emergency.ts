/**
 * Recognises an emergency in what a user types, at any prompt, so the bot can show the right
 * numbers before anything else happens (docs: DOMAIN.md "Emergencies never wait in a queue").
 *
 * Safety bias: a false alarm costs one extra message, a missed emergency can cost a life. Borderline
 * phrases therefore trigger; plain everyday words ("helpen", "helpdesk", "geweldig") do not.
 * The patterns are data, in emergency-patterns.ts. Nothing here keeps or returns the user's text.
 */
import {
  EMERGENCY_KINDS,
  HAPPENING_NOW,
  HELP_CORE,
  HELP_FILLERS,
  LONG_AGO,
  NEGATIONS,
  RECOVERED,
  RULES,
  STILL,
  TYPOS,
  type EmergencyKind,
} from './emergency-patterns';

export type { EmergencyKind } from './emergency-patterns';

export interface EmergencyMatch {
  /** Most urgent first. */
  kinds: EmergencyKind[];
  /** Ids of the rules that fired, for logs and tests. Never the user's text. */
  ruleIds: string[];
}

export type HelpNumberId = 'acute112' | 'suicide113' | 'veiligThuis' | 'huisarts' | 'zorgwekkend' | 'luisterlijn';

/** Every number, in the order shown for a bare "help". De Luisterlijn always comes last. */
export const ALL_HELP_NUMBERS: readonly HelpNumberId[] = [
  'acute112', 'suicide113', 'veiligThuis', 'huisarts', 'zorgwekkend', 'luisterlijn',
];

const NUMBER_FOR: Record<Exclude<EmergencyKind, 'general'>, HelpNumberId> = {
  acute: 'acute112',
  suicide: 'suicide113',
  abuse: 'veiligThuis',
  medical: 'huisarts',
  worry: 'zorgwekkend',
};

/**
 * The numbers to show for these kinds, in order, always ending with De Luisterlijn.
 * 'general' (or no kinds at all) shows every number: when we do not know, we show everything.
 */
export function helpNumbersFor(kinds: readonly EmergencyKind[]): HelpNumberId[] {
  if (kinds.length === 0 || kinds.includes('general')) return [...ALL_HELP_NUMBERS];
  const ordered = EMERGENCY_KINDS.filter(
    (k): k is Exclude<EmergencyKind, 'general'> => k !== 'general' && kinds.includes(k),
  );
  return [...new Set(ordered.map((k) => NUMBER_FOR[k])), 'luisterlijn'];
}

// ---------------------------------------------------------------------------- normalising
const BOUNDARY = '.';

function normaliseWord(word: string): string {
  const w = word.replace(/([a-z])\1{2,}/g, '$1$1');
  return TYPOS[w] ?? w;
}

/** Lowercase tokens without diacritics or apostrophes; sentence ends become a '.' token. */
function tokenize(text: string): string[] {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/€/g, ' euro ')
    .replace(/\$/g, ' dollar ')
    .replace(/%/g, ' procent ')
    .replace(/['’‘`´]/g, '') // can't -> cant, z'n -> zn
    .replace(/(\d)[.,](\d)/g, '$1_$2') // 112,50 stays one token, so it is not "112"
    .replace(/([a-z])-(?=[a-z])/g, '$1') // zelf-moord -> zelfmoord, self-harm -> selfharm
    .replace(/[.!?;:\n]+/g, ` ${BOUNDARY} `);
  return s.split(/[^a-z0-9_.]+/).filter((t) => t.length > 0).map(normaliseWord);
}

// ---------------------------------------------------------------------------- the pattern matcher
type Alt = { word: string; mode: 'exact' | 'prefix' | 'suffix' | 'number'; fuzzy: boolean };
type Step =
  | { type: 'word'; alts: Alt[]; optional: boolean }
  | { type: 'gap' }
  | { type: 'not'; alts: Alt[] }
  | { type: 'end' };

const GAP = 4;
const FUZZY_MIN = 5;

function parseAlts(part: string): Alt[] {
  return part.split('|').map((raw) => {
    if (raw === '#') return { word: '', mode: 'number', fuzzy: false };
    const fuzzy = raw.startsWith('~');
    const bare = fuzzy ? raw.slice(1) : raw;
    if (bare.endsWith('*')) return { word: normaliseWord(bare.slice(0, -1)), mode: 'prefix', fuzzy };
    if (bare.startsWith('*')) return { word: normaliseWord(bare.slice(1)), mode: 'suffix', fuzzy: false };
    return { word: normaliseWord(bare), mode: 'exact', fuzzy };
  });
}

function compile(pattern: string): Step[] {
  return pattern.split(' ').filter(Boolean).map((part): Step => {
    if (part === '..') return { type: 'gap' };
    if (part === '$') return { type: 'end' };
    if (part.startsWith('!')) return { type: 'not', alts: parseAlts(part.slice(1)) };
    const optional = part.length > 1 && part.endsWith('?');
    return { type: 'word', alts: parseAlts(optional ? part.slice(0, -1) : part), optional };
  });
}

/** Optimal-string-alignment distance (Damerau-Levenshtein with adjacent swaps), stopping early above 1. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 1) return 2;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > 1) return 2;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length] ?? 2;
}

function altMatches(alt: Alt, token: string): boolean {
  if (token === BOUNDARY) return false;
  const { word } = alt;
  switch (alt.mode) {
    case 'number':
      return /^\d+$/.test(token);
    case 'suffix':
      return token.length > word.length && token.endsWith(word);
    case 'prefix':
      if (token.startsWith(word)) return true;
      if (!alt.fuzzy || word.length < FUZZY_MIN) return false;
      return [word.length - 1, word.length, word.length + 1].some(
        (n) => token.length >= n && editDistance(token.slice(0, n), word) <= 1,
      );
    case 'exact':
      return token === word || (alt.fuzzy && word.length >= FUZZY_MIN && editDistance(token, word) <= 1);
  }
}

/** End index (exclusive) when `steps[si..]` match from `pos`, else -1. */
function matchFrom(tokens: readonly string[], pos: number, steps: readonly Step[], si: number): number {
  const step = steps[si];
  if (!step) return pos;
  const token = tokens[pos];
  switch (step.type) {
    case 'gap':
      for (let k = 0; k <= GAP && pos + k <= tokens.length; k++) {
        if (k > 0 && tokens[pos + k - 1] === BOUNDARY) break;
        const end = matchFrom(tokens, pos + k, steps, si + 1);
        if (end >= 0) return end;
      }
      return -1;
    case 'end':
      return token === undefined || token === BOUNDARY ? matchFrom(tokens, pos, steps, si + 1) : -1;
    case 'not': {
      const blocked = token !== undefined && step.alts.some((a) => altMatches(a, token));
      return blocked ? -1 : matchFrom(tokens, pos, steps, si + 1);
    }
    case 'word': {
      if (token !== undefined && step.alts.some((a) => altMatches(a, token))) {
        const end = matchFrom(tokens, pos + 1, steps, si + 1);
        if (end >= 0) return end;
      }
      return step.optional ? matchFrom(tokens, pos, steps, si + 1) : -1;
    }
  }
}

type Span = { start: number; end: number };

function findAll(tokens: readonly string[], patterns: readonly Step[][]): Span[] {
  const spans: Span[] = [];
  for (const steps of patterns) {
    for (let start = 0; start < tokens.length; start++) {
      if (tokens[start] === BOUNDARY) continue;
      const end = matchFrom(tokens, start, steps, 0);
      if (end > start) spans.push({ start, end });
    }
  }
  return spans;
}

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

function negatedAt(tokens: readonly string[], start: number): boolean {
  for (let i = start - 1; i >= Math.max(0, start - 3); i--) {
    const token = tokens[i];
    if (token === BOUNDARY) return false;
    if (token !== undefined && NEGATIONS.includes(token)) return true;
  }
  return false;
}

// Compiled once per module load; pure data, no I/O.
const COMPILED = RULES.map((rule) => ({
  rule,
  any: rule.any.map(compile),
  unless: (rule.unless ?? []).map(compile),
}));
const compileAll = (patterns: readonly string[]): Step[][] => patterns.map(compile);
const RECOVERED_P = compileAll(RECOVERED);
const LONG_AGO_P = compileAll(LONG_AGO);
const STILL_P = compileAll(STILL);
const NOW_P = compileAll(HAPPENING_NOW);
const HELP_CORE_SET = new Set(HELP_CORE.map(normaliseWord));
const HELP_WORDS = new Set([...HELP_CORE_SET, ...HELP_FILLERS.map(normaliseWord)]);

/** "help", "HELP!!", "help me", "ik heb hulp nodig", "nood": only help words, at most 8 of them. */
function isBareHelp(tokens: readonly string[]): boolean {
  const words = tokens.filter((t) => t !== BOUNDARY);
  if (words.length === 0 || words.length > 8) return false;
  return words.every((t) => HELP_WORDS.has(t)) && words.some((t) => HELP_CORE_SET.has(t));
}

/**
 * Does this message signal an emergency? Returns the kinds, most urgent first, or null.
 * Pure, and about a millisecond or less for a chat message, so it can run on every message at every prompt.
 * Returns rule ids for logging and tests, never any of the text.
 */
export function detectEmergency(text: string): EmergencyMatch | null {
  const tokens = tokenize(text);
  if (tokens.length === 0) return null;
  if (isBareHelp(tokens)) return { kinds: ['general'], ruleIds: ['bare-help'] };

  const has = (patterns: Step[][]): boolean => findAll(tokens, patterns).length > 0;
  const recovered = has(RECOVERED_P);
  const over = recovered || (has(LONG_AGO_P) && !has(STILL_P));

  const kinds = new Set<EmergencyKind>();
  const ruleIds: string[] = [];
  for (const { rule, any, unless } of COMPILED) {
    if ((rule.pastable && over) || (rule.recoverable && recovered)) continue;
    const spans = findAll(tokens, any).filter((span) => !(rule.negatable && negatedAt(tokens, span.start)));
    if (spans.length === 0) continue;
    const blocked = findAll(tokens, unless);
    const hit = spans.some((span) => !blocked.some((b) => overlaps(b, span)));
    if (!hit) continue;
    ruleIds.push(rule.id);
    rule.kinds.forEach((k) => kinds.add(k));
  }
  if (kinds.size === 0) return null;
  if ((kinds.has('suicide') || kinds.has('abuse')) && !recovered && has(NOW_P)) {
    kinds.add('acute');
    ruleIds.push('happening-now');
  }
  if (kinds.size > 1) kinds.delete('general');
  return { kinds: EMERGENCY_KINDS.filter((k) => kinds.has(k)), ruleIds };
}
