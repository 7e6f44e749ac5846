/**
 * Grouped cross-validation of the emergency detector on the training set (ADR 0008): every phrase
 * made from one seed (its six styles) stays in one fold, so a fold never tests a sentence whose twin
 * it trained on. Used to choose features, training options and thresholds; never an unseen set.
 * `npm run -s build && node dist/scripts/cv-emergency.js [folds]`; TRAIN_OPTIONS='{"epochs":30}'
 * and THRESHOLDS='{"showAt":0.6}' try other settings without editing code.
 */
import { join } from 'node:path';
import { assessWith, type Thresholds } from '../src/domain/emergency-assess';
import { classify } from '../src/domain/emergency-classifier';
import { evaluate, printTable, type Tally } from './eval-emergency';
import { loadExamples, train, type TrainOptions } from './train-emergency';

/** FNV-1a: the same group lands in the same fold on every machine. */
function fold(group: string, folds: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < group.length; i++) h = Math.imul(h ^ group.charCodeAt(i), 0x01000193);
  return (h >>> 0) % folds;
}

/** One table per thresholds setting, on the same fold models (training is the slow part). */
export function crossValidate(folds: number, options: TrainOptions, settings: ReadonlyArray<Partial<Thresholds>>): Array<Map<string, Tally>> {
  const all = loadExamples(join(process.cwd(), 'test/fixtures/emergency/train.json'));
  const merged = settings.map(() => new Map<string, Tally>());
  for (let f = 0; f < folds; f++) {
    const model = train(all.filter((e) => fold(e.group, folds) !== f), options);
    const testSet = all.filter((e) => fold(e.group, folds) === f);
    const probabilities = new Map(testSet.map((e) => [e.text, classify(model, e.text)]));
    settings.forEach((thresholds, s) => {
      const table = evaluate(testSet, (text) => assessWith(text, probabilities.get(text) ?? classify(model, text), thresholds));
      for (const [k, t] of table) {
        const m = merged[s]?.get(k) ?? { n: 0, right: 0, wrong: 0, asked: 0, silent: 0, only112: 0 };
        for (const key of Object.keys(t) as Array<keyof Tally>) m[key] += t[key];
        merged[s]?.set(k, m);
      }
    });
  }
  return merged;
}

/** One line to compare settings: right number (right or asked) per danger kind, 113 with 112 only, harmless shown/asked. */
export function summary(table: Map<string, Tally>): string {
  const p = (n: number, of: number): string => `${((100 * n) / Math.max(1, of)).toFixed(1)}`;
  const parts = ['acute', 'suicide', 'abuse', 'abuseNow', 'medical', 'worry'].map((l) => {
    const t = table.get(`${l}/all`);
    return t ? `${l} ${p(t.right, t.n)} (${p(t.right + t.asked, t.n)})` : '';
  });
  const s = table.get('suicide/all');
  const h = table.get('harmless/all');
  return `${parts.join(' | ')} | 113->112 only ${s?.only112 ?? 0} | harmless shown ${p(h?.wrong ?? 0, h?.n ?? 0)} asked ${p(h?.asked ?? 0, h?.n ?? 0)}`;
}

if (process.argv[1]?.endsWith('cv-emergency.js') || process.argv[1]?.endsWith('cv-emergency.ts')) {
  const folds = Number(process.argv[2] ?? 5);
  const options = JSON.parse(process.env.TRAIN_OPTIONS ?? '{}') as TrainOptions;
  // THRESHOLDS: one setting, or a list of them (each gets a summary line; the first also the full table).
  const given = JSON.parse(process.env.THRESHOLDS ?? '{}') as Partial<Thresholds> | Array<Partial<Thresholds>>;
  const settings = Array.isArray(given) ? given : [given];
  const tables = crossValidate(folds, options, settings);
  console.log(`${folds}-fold cross-validation grouped by seed, patterns + linear model`);
  console.log(`train options ${JSON.stringify(options)}\n`);
  printTable(tables[0] ?? new Map());
  tables.forEach((table, i) => console.log(`\n${JSON.stringify(settings[i])}\n${summary(table)}`));
}
