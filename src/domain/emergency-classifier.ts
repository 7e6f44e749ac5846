/**
 * The learned layer of emergency detection (ADR 0008): a linear model (multinomial logistic
 * regression) over word, word-pair and character n-gram features. It catches phrasings the exact
 * patterns (emergency-patterns.ts) never saw: everyday words for fire or a stroke, reported speech,
 * typos. Pure: the weights are data (emergency-model.json, made by scripts/train-emergency.ts).
 */

/** What the model tells apart. `abuseNow` is abuse or a threat happening now: 112 and Veilig Thuis. */
export const CLASS_LABELS = ['acute', 'suicide', 'abuse', 'abuseNow', 'medical', 'worry', 'harmless'] as const;
export type ClassLabel = (typeof CLASS_LABELS)[number];

export interface LinearModel {
  labels: readonly ClassLabel[];
  bias: readonly number[];
  /** Feature -> one weight per label, in `labels` order. */
  weights: Readonly<Record<string, readonly number[]>>;
}

const CHAR_MIN = 3;
const CHAR_MAX = 5;

/** Lowercase words without diacritics or punctuation; "z'n" -> "zn", "112,50" stays one token. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/(\d)[.,](\d)/g, '$1$2')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** The features of a text: each word, each pair of neighbours, and the 3-5 letter pieces of each word. */
export function features(text: string): string[] {
  const ws = words(text);
  const out: string[] = [];
  ws.forEach((w, i) => {
    out.push(`w:${w}`);
    const next = ws[i + 1];
    if (next !== undefined) out.push(`b:${w}_${next}`);
    const padded = `<${w}>`;
    for (let n = CHAR_MIN; n <= CHAR_MAX; n++) {
      for (let k = 0; k + n <= padded.length; k++) out.push(`c:${padded.slice(k, k + n)}`);
    }
  });
  return out;
}

/**
 * Probabilities per label (softmax). Each distinct feature counts once, scaled by 1/sqrt(number of
 * distinct features), as in training, so a long message does not shout louder than a short one.
 */
export function classify(model: LinearModel, text: string): Record<ClassLabel, number> {
  const scores = [...model.bias];
  const unique = new Set(features(text));
  const scale = 1 / Math.sqrt(Math.max(1, unique.size));
  for (const f of unique) {
    const w = model.weights[f];
    if (!w) continue;
    for (let j = 0; j < scores.length; j++) scores[j] = (scores[j] ?? 0) + (w[j] ?? 0) * scale;
  }
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  const result = {} as Record<ClassLabel, number>;
  model.labels.forEach((label, j) => (result[label] = (exps[j] ?? 0) / sum));
  return result;
}
