/**
 * The comparison behind ADR 0008: NLP.js (@nlpjs/nlp, Dutch and English, trained in-process, no
 * network) against the linear model, both behind the same exact patterns and the same decision
 * rules, on the same grouped folds of the training set. Dev only: `npm run -s build && node
 * dist/scripts/compare-nlpjs.js`. Slow (NLP.js trains a small network per fold).
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { assessWith } from '../src/domain/emergency-assess';
import { CLASS_LABELS, type ClassLabel, classify } from '../src/domain/emergency-classifier';
import { evaluateAsync, langOf, printTable, type Tally } from './eval-emergency';
import { loadExamples, train } from './train-emergency';

interface NlpLike {
  addLanguage(lang: string): void;
  addDocument(lang: string, text: string, intent: string): void;
  train(): Promise<void>;
  process(lang: string, text: string): Promise<{ classifications?: Array<{ intent: string; score: number }> }>;
}

async function nlpjs(examples: ReadonlyArray<{ text: string; label: ClassLabel }>): Promise<(t: string, lang: 'nl' | 'en') => Promise<Record<ClassLabel, number>>> {
  const { containerBootstrap } = require('@nlpjs/core') as { containerBootstrap: () => Promise<{ use(x: unknown): void; get(n: string): NlpLike }> };
  const { Nlp } = require('@nlpjs/nlp') as { Nlp: unknown };
  const { LangNl } = require('@nlpjs/lang-nl') as { LangNl: unknown };
  const { LangEn } = require('@nlpjs/lang-en') as { LangEn: unknown };
  const container = await containerBootstrap();
  container.use(Nlp);
  container.use(LangNl);
  container.use(LangEn);
  const nlp = container.get('nlp');
  (nlp as unknown as { settings: Record<string, unknown> }).settings.autoSave = false;
  nlp.addLanguage('nl');
  nlp.addLanguage('en');
  for (const e of examples) nlp.addDocument(langOf(e.text), e.text, e.label);
  (nlp as unknown as { settings: Record<string, unknown> }).settings.log = false;
  await nlp.train();
  return async (text, lang) => {
    const result = await nlp.process(lang, text);
    const p = Object.fromEntries(CLASS_LABELS.map((l) => [l, 0])) as Record<ClassLabel, number>;
    for (const c of result.classifications ?? []) if ((CLASS_LABELS as readonly string[]).includes(c.intent)) p[c.intent as ClassLabel] = c.score;
    if (!(result.classifications ?? []).some((c) => c.intent !== 'None' && c.score > 0)) p.harmless = 1;
    return p;
  };
}

async function main(): Promise<void> {
  const all = loadExamples(join(process.cwd(), 'test/fixtures/emergency/train.json'));
  const folds = 3;
  const merged: Record<string, Map<string, Tally>> = { linear: new Map(), nlpjs: new Map() };
  const timing: Record<string, number[]> = { linear: [], nlpjs: [] };
  for (let f = 0; f < folds; f++) {
    const trainSet = all.filter((_, i) => Math.floor(i / 7) % folds !== f);
    const testSet = all.filter((_, i) => Math.floor(i / 7) % folds === f);
    const linear = train(trainSet);
    const nlp = await nlpjs(trainSet);
    const tables = {
      linear: await evaluateAsync(testSet, async (text) => {
        const s = performance.now();
        const a = assessWith(text, classify(linear, text));
        timing.linear?.push(performance.now() - s);
        return a;
      }),
      nlpjs: await evaluateAsync(testSet, async (text, lang) => {
        const s = performance.now();
        const a = assessWith(text, await nlp(text, lang));
        timing.nlpjs?.push(performance.now() - s);
        return a;
      }),
    };
    for (const [name, table] of Object.entries(tables)) {
      for (const [k, t] of table) {
        const m = merged[name]?.get(k) ?? { n: 0, right: 0, wrong: 0, asked: 0, silent: 0, only112: 0 };
        for (const key of Object.keys(t) as Array<keyof Tally>) m[key] += t[key];
        merged[name]?.set(k, m);
      }
    }
  }
  for (const [name, table] of Object.entries(merged)) {
    const times = (timing[name] ?? []).sort((a, b) => a - b);
    console.log(`\n${folds}-fold grouped cross-validation, patterns + ${name}; median ${(times[Math.floor(times.length / 2)] ?? 0).toFixed(3)} ms per message`);
    printTable(table);
  }
}

void main();
