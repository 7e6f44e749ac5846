/**
 * Trains the learned emergency layer from test/fixtures/emergency/train.json and writes
 * src/domain/emergency-model.json. Deterministic: a fixed seed orders the examples, so the same
 * data gives the same file. Run with `npm run train:emergency` after changing the training set.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLASS_LABELS, type ClassLabel, type FeatureOptions, features, type LinearModel } from '../src/domain/emergency-classifier';

interface Example { text: string; label: string; group?: string; lang?: string }

/** Run from the project folder (npm scripts do). */
const ROOT = process.cwd();
const LABEL_OF: Record<string, ClassLabel> = { abuse_now: 'abuseNow' };

/** A small seeded PRNG (mulberry32), so the shuffle is the same on every machine. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The phrases of a set; `group` (the seed a training phrase was made from) keeps its styles in one fold. */
export function loadExamples(file: string): Array<{ text: string; label: ClassLabel; group: string; lang?: 'nl' | 'en' }> {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { phrases: Example[] };
  return data.phrases.map((p, i) => {
    const label = LABEL_OF[p.label] ?? (p.label as ClassLabel);
    if (!CLASS_LABELS.includes(label)) throw new Error(`unknown label ${p.label}`);
    const lang = p.lang === 'nl' || p.lang === 'en' ? p.lang : undefined;
    return { text: p.text, label, group: p.group ?? `row:${i}`, ...(lang ? { lang } : {}) };
  });
}

export interface TrainOptions {
  epochs?: number; rate?: number; l2?: number; minCount?: number; prune?: number; seed?: number;
  features?: FeatureOptions;
  /** How much one phrase of a label counts in training (default 1); more weight on danger kinds trades silence for asking. */
  classWeights?: Partial<Record<ClassLabel, number>>;
}

/** Softmax regression by plain SGD with L2; features seen fewer than `minCount` times are left out. */
export function train(examples: ReadonlyArray<{ text: string; label: ClassLabel }>, options: TrainOptions = {}): LinearModel {
  const { epochs = 40, rate = 2, l2 = 5e-4, minCount = 2, prune = 0.005, seed = 12, features: featureOptions = {}, classWeights = {} } = options;
  const k = CLASS_LABELS.length;
  const counts = new Map<string, number>();
  const rows = examples.map((e) => {
    const fs = [...new Set(features(e.text, featureOptions))];
    for (const f of fs) counts.set(f, (counts.get(f) ?? 0) + 1);
    return { fs, y: CLASS_LABELS.indexOf(e.label), weight: classWeights[e.label] ?? 1 };
  });
  const index = new Map<string, number>();
  for (const [f, c] of [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) if (c >= minCount) index.set(f, index.size);
  const W = new Float64Array(index.size * k);
  const bias = new Float64Array(k);
  const encoded = rows.map((r) => ({
    ids: r.fs.map((f) => index.get(f)).filter((i): i is number => i !== undefined),
    y: r.y,
    weight: r.weight,
    scale: 1 / Math.sqrt(Math.max(1, r.fs.length)),
  }));
  const random = prng(seed);
  const order = encoded.map((_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const lr = rate / (1 + epoch * 0.1);
    for (const oi of order) {
      const { ids, y, scale, weight } = encoded[oi] as { ids: number[]; y: number; scale: number; weight: number };
      const s = Array.from(bias);
      for (const id of ids) for (let j = 0; j < k; j++) s[j] = (s[j] ?? 0) + (W[id * k + j] ?? 0) * scale;
      const max = Math.max(...s);
      const e = s.map((v) => Math.exp(v - max));
      const sum = e.reduce((a, b) => a + b, 0);
      for (let j = 0; j < k; j++) {
        const g = weight * ((e[j] ?? 0) / sum - (j === y ? 1 : 0));
        bias[j] = (bias[j] ?? 0) - lr * g;
        for (const id of ids) W[id * k + j] = (W[id * k + j] ?? 0) * (1 - lr * l2) - lr * g * scale;
      }
    }
  }
  const weights: Record<string, number[]> = {};
  for (const [f, id] of index) {
    const w = Array.from({ length: k }, (_, j) => Math.round((W[id * k + j] ?? 0) * 1000) / 1000);
    if (w.some((v) => Math.abs(v) >= prune)) weights[f] = w;
  }
  const kept = Object.keys(featureOptions).length > 0 ? { features: featureOptions } : {};
  return { labels: [...CLASS_LABELS], ...kept, bias: Array.from(bias, (b) => Math.round(b * 1000) / 1000), weights };
}

if (process.argv[1]?.endsWith('train-emergency.js') || process.argv[1]?.endsWith('train-emergency.ts')) {
  const examples = loadExamples(join(ROOT, 'test/fixtures/emergency/train.json'));
  const model = train(examples);
  writeFileSync(join(ROOT, 'src/domain/emergency-model.json'), `${JSON.stringify(model)}\n`);
  console.log(`trained on ${examples.length} phrases; ${Object.keys(model.weights).length} features kept`);
}
