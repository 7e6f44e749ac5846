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

/** At or above: the model alone shows the numbers. Chosen on the training folds (ADR 0008). */
export const SHOW_AT = 0.7;
/** At or above (and below SHOW_AT): the bot asks whether there is danger now. */
export const ASK_AT = 0.35;
/** At or above, the model's "harmless" turns a pattern hit into the question; at SILENCE_AT, into nothing. */
const VETO_AT = 0.7;
const SILENCE_AT = 0.9;
/** The model alone acts only on messages of at least this many words. */
const MODEL_MIN_WORDS = 3;
/** A second kind the model sees this strongly is added to what the patterns found. */
const ADD_AT = 0.25;

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
export function assessWith(text: string, p: Readonly<Record<ClassLabel, number>>, showAt = SHOW_AT): Assessment {
  const match = detectEmergency(text);
  const labels = (Object.keys(KINDS_OF) as Array<Exclude<ClassLabel, 'harmless'>>).sort((a, b) => p[b] - p[a]);
  const top = labels[0] ?? 'acute';
  const modelKinds = (at: number): EmergencyKind[] => labels.filter((l) => p[l] >= at).flatMap((l) => KINDS_OF[l]);

  if (match) {
    // Household safety talk ("we tested the smoke alarm") trips a pattern; when the model is sure it is
    // harmless, ask instead of showing numbers. A typed 112 or a bare "help" always shows them.
    const certain = match.ruleIds.some((id) => id === 'number-112' || id === 'bare-help');
    if (!certain && p.harmless >= SILENCE_AT) return { action: 'none' };
    if (!certain && p.harmless >= VETO_AT) return { action: 'ask', kinds: match.kinds };
    const kinds = new Set<EmergencyKind>(match.kinds);
    // The model adds what the patterns cannot see: Veilig Thuis with a threat now, 113 next to 112.
    for (const kind of modelKinds(ADD_AT)) if (kind !== 'medical' && kind !== 'worry') kinds.add(kind);
    const extra = kinds.size > match.kinds.length;
    return { action: 'show', kinds: safe(ordered(kinds), p), source: extra ? 'both' : 'patterns' };
  }
  // One or two words ("son", "Anna", "daughter") are answers to a question, not a story: only the
  // patterns ("112", "help", "brand!") act on them.
  if (words(text).length < MODEL_MIN_WORDS) return { action: 'none' };
  if (p[top] >= showAt) return { action: 'show', kinds: safe(ordered(modelKinds(ADD_AT)), p), source: 'model' };
  // Unsure: one kind stands out, and the model does not think the text is more likely harmless.
  if (p[top] >= ASK_AT && p[top] > p.harmless) {
    const kinds = ordered(modelKinds(Math.min(ADD_AT, p[top])));
    return { action: 'ask', kinds: kinds.length > 0 ? kinds : ['general'] };
  }
  return { action: 'none' };
}

/** Never 112 alone when the model hears suicidal thoughts at all. */
function safe(kinds: EmergencyKind[], p: Readonly<Record<ClassLabel, number>>): EmergencyKind[] {
  if (kinds.includes('acute') && !kinds.includes('suicide') && p.suicide >= 0.1) return ordered([...kinds, 'suicide']);
  return kinds;
}
