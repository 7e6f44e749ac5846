/**
 * The two layers of emergency detection together (ADR 0008): the exact patterns
 * (detectEmergency) and the learned model (emergency-classifier.ts). The result says what the bot
 * does: show numbers at once, ask one calm question ("Is er nu direct gevaar?"), or nothing.
 * Pure; keeps no text. Runs on every message, well under 2 ms (see `npm run eval:emergency`).
 */
import { classify, type ClassLabel, type LinearModel, words } from './emergency-classifier';
import { detectEmergency, type EmergencyKind } from './emergency';
import { EMERGENCY_KINDS } from './emergency-patterns';
import MODEL from './emergency-model.json';

export type Assessment =
  | { action: 'show'; kinds: EmergencyKind[]; source: 'patterns' | 'model' | 'both' }
  | { action: 'ask'; kinds: EmergencyKind[] }
  | { action: 'none' };

/** Where the model's probabilities turn into action; chosen by grouped cross-validation (ADR 0008). */
export interface Thresholds {
  /** At or above: the model alone shows the numbers. */
  showAt: number;
  /** At or above (and below showAt): the bot asks whether there is danger now. */
  askAt: number;
  /** At or above, the model's "harmless" turns a pattern hit into the question; at silenceAt, into nothing. */
  vetoAt: number;
  silenceAt: number;
  /** A second kind the model sees this strongly is added to what the patterns found. */
  addAt: number;
  /** 113 is added next to 112 when the model hears suicide at least this much. */
  suicideWith112At: number;
  /** Abuse now counts towards both acute and abuse when the model weighs whether to act. */
  pooled: boolean;
}
export const THRESHOLDS: Readonly<Thresholds> = { showAt: 0.6, askAt: 0.25, vetoAt: 0.7, silenceAt: 0.9, addAt: 0.25, suicideWith112At: 0.1, pooled: true };
/** The model alone acts only on messages of at least this many words. */
const MODEL_MIN_WORDS = 3;

const KINDS_OF: Record<Exclude<ClassLabel, 'harmless'>, EmergencyKind[]> = {
  acute: ['acute'],
  suicide: ['suicide'],
  abuse: ['abuse'],
  abuseNow: ['acute', 'abuse'],
  medical: ['medical'],
  worry: ['worry'],
};

const ordered = (kinds: Iterable<EmergencyKind>): EmergencyKind[] => {
  const set = new Set(kinds);
  if (set.size > 1) set.delete('general');
  return EMERGENCY_KINDS.filter((k) => set.has(k));
};

/** Assess one message with the shipped model (or another, for measuring). */
export function assessEmergency(text: string, model: LinearModel = MODEL as unknown as LinearModel): Assessment {
  return assessWith(text, classify(model, text));
}

/** The decision from the patterns and a model's probabilities (any model: ADR 0008 compares two). */
export function assessWith(text: string, p: Readonly<Record<ClassLabel, number>>, thresholds: Partial<Thresholds> = {}): Assessment {
  const { showAt, askAt, vetoAt, silenceAt, addAt, suicideWith112At, pooled } = { ...THRESHOLDS, ...thresholds };
  const safe = (kinds: EmergencyKind[]): EmergencyKind[] => withSuicide(kinds, p, suicideWith112At);
  const match = detectEmergency(text);
  const labels = (Object.keys(KINDS_OF) as Array<Exclude<ClassLabel, 'harmless'>>).sort((a, b) => p[b] - p[a]);
  // "Abuse now" is abuse and acute danger at once: pooled, a message the model splits between
  // "abuse" and "abuse now" still reaches the threshold for Veilig Thuis.
  const score = (l: Exclude<ClassLabel, 'harmless'>): number => (pooled && (l === 'abuse' || l === 'acute') ? p[l] + p.abuseNow : p[l]);
  const top = [...labels].sort((a, b) => score(b) - score(a))[0] ?? 'acute';
  const modelKinds = (at: number): EmergencyKind[] => labels.filter((l) => p[l] >= at).flatMap((l) => KINDS_OF[l]);

  if (match) {
    // Household safety talk ("we tested the smoke alarm") trips a pattern; when the model is sure it is
    // harmless, ask instead of showing numbers. A typed 112 or a bare "help" always shows them.
    const certain = match.ruleIds.some((id) => id === 'number-112' || id === 'bare-help');
    if (!certain && p.harmless >= silenceAt) return { action: 'none' };
    if (!certain && p.harmless >= vetoAt) return { action: 'ask', kinds: match.kinds };
    const kinds = new Set<EmergencyKind>(match.kinds);
    // The model adds what the patterns cannot see: Veilig Thuis with a threat now, 113 next to 112.
    for (const kind of modelKinds(addAt)) if (kind !== 'medical' && kind !== 'worry') kinds.add(kind);
    const extra = kinds.size > match.kinds.length;
    return { action: 'show', kinds: safe(ordered(kinds)), source: extra ? 'both' : 'patterns' };
  }
  // One or two words ("son", "Anna", "daughter") are answers to a question, not a story: only the
  // patterns ("112", "help", "brand!") act on them.
  if (words(text).length < MODEL_MIN_WORDS) return { action: 'none' };
  if (score(top) >= showAt) return { action: 'show', kinds: safe(ordered([...KINDS_OF[top], ...modelKinds(addAt)])), source: 'model' };
  // Unsure: one kind stands out, and the model does not think the text is more likely harmless.
  if (score(top) >= askAt && score(top) > p.harmless) {
    const kinds = ordered(modelKinds(Math.min(addAt, p[top])));
    return { action: 'ask', kinds: kinds.length > 0 ? kinds : ['general'] };
  }
  return { action: 'none' };
}

/** Never 112 alone when the model hears suicidal thoughts at all. */
function withSuicide(kinds: EmergencyKind[], p: Readonly<Record<ClassLabel, number>>, at: number): EmergencyKind[] {
  if (kinds.includes('acute') && !kinds.includes('suicide') && p.suicide >= at) return ordered([...kinds, 'suicide']);
  return kinds;
}
