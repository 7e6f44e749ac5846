/**
 * The learned layer of emergency detection (ADR 0008): a linear model (multinomial logistic
 * regression) over word, word-pair and character n-gram features. It catches phrasings the exact
 * patterns (emergency-patterns.ts) never saw: everyday words for fire or a stroke, reported speech,
 * typos. Pure: the weights are data (emergency-model.json, made by scripts/train-emergency.ts).
 */

/** What the model tells apart. `abuseNow` is abuse or a threat happening now: 112 and Veilig Thuis. */
export const CLASS_LABELS = ['acute', 'suicide', 'abuse', 'abuseNow', 'medical', 'worry', 'harmless'] as const;
export type ClassLabel = (typeof CLASS_LABELS)[number];

/** Which features a model was trained on (kept in the model file, so classifying uses the same). */
export interface FeatureOptions {
  /** Shorthand, Flemish and texting words to their plain Dutch or English word ("mevr", "ni", "gebuur"). */
  normalise?: boolean;
  /** 3-5 letter pieces across word boundaries too ("e dood", "n eind"): word order inside phrases. */
  cross?: boolean;
}

export interface LinearModel {
  labels: readonly ClassLabel[];
  features?: FeatureOptions;
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

/** Texting shorthand, Flemish and regional words, and common typos, mapped to the word the training set uses. */
const NORMAL: Readonly<Record<string, string>> = {
  // Dutch texting and shorthand
  mevr: 'mevrouw', mw: 'mevrouw', dhr: 'meneer', mnr: 'meneer', k: 'ik', t: 'het', ni: 'niet', nie: 'niet',
  nt: 'niet', da: 'dat', dak: 'dat', wrs: 'waarschijnlijk', wrsch: 'waarschijnlijk', idd: 'inderdaad', zn: 'zijn', mn: 'mijn', m: 'hem',
  w: 'wordt', ff: 'even', vd: 'van', vn: 'van', gwn: 'gewoon', egt: 'echt', ech: 'echt', nx: 'niks', nks: 'niks',
  wa: 'wat', wt: 'wat', mss: 'misschien', msch: 'misschien', vrijw: 'vrijwilliger', tz: 'thuiszorg', sws: 'sowieso',
  // Flemish and regional
  gebuur: 'buurman', gebuurs: 'buren', geburen: 'buren', gans: 'heel', kot: 'huis', frigo: 'koelkast', allee: 'kom', neen: 'nee',
  ge: 'je', gij: 'jij', zijt: 'bent', efkes: 'even', seffens: 'straks', nen: 'een', ne: 'een', nekeer: 'eens', pree: 'preek',
  bomma: 'oma', bompa: 'opa', ma: 'moeder', pa: 'vader', moemoe: 'oma', opoe: 'oma', heur: 'haar', em: 'hem',
  zjat: 'zat', pillekes: 'pillen', pilletjes: 'pillen', gerief: 'spullen', ambetant: 'vervelend',
  // English texting
  u: 'you', ur: 'your', pls: 'please', plz: 'please', shes: 'she', hes: 'he', rn: 'now',
  asap: 'now', bc: 'because', cuz: 'because', coz: 'because', gonna: 'going', wanna: 'want', thx: 'thanks', tho: 'though',
  mum: 'mother', mom: 'mother', gran: 'grandmother', granny: 'grandmother', nan: 'grandmother', nana: 'grandmother',
};

/** A word as the model reads it: three or more of the same letter become two ("heeeelp"), shorthand its full word. */
function normal(w: string): string {
  const squeezed = w.replace(/([a-z])\1{2,}/g, '$1$1');
  return NORMAL[squeezed] ?? squeezed;
}

/** The features of a text: each word, each pair of neighbours, and the 3-5 letter pieces of each word. */
export function features(text: string, options: FeatureOptions = {}): string[] {
  const ws = options.normalise ? words(text).map(normal) : words(text);
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
  if (options.cross) {
    // Only the pieces that span a gap between two words; the pieces inside a word are above.
    const line = ws.join(' ');
    for (let n = CHAR_MIN; n <= CHAR_MAX; n++) {
      for (let k = 0; k + n <= line.length; k++) {
        const piece = line.slice(k, k + n);
        const gap = piece.indexOf(' ');
        if (gap > 0 && gap < n - 1 && piece.lastIndexOf(' ') === gap) out.push(`x:${piece}`);
      }
    }
  }
  return out;
}

/**
 * Probabilities per label (softmax). Each distinct feature counts once, scaled by 1/sqrt(number of
 * distinct features), as in training, so a long message does not shout louder than a short one.
 */
export function classify(model: LinearModel, text: string): Record<ClassLabel, number> {
  const scores = [...model.bias];
  const unique = new Set(features(text, model.features));
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
