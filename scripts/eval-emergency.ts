/**
 * `npm run eval:emergency`: how the emergency detection does on the latest unseen phrase set
 * (test/fixtures/emergency/unseen-round-N.json, highest N): per category and language, the share
 * that got the right number at once, a wrong number, the danger question, or silence; false alarms
 * on harmless text; and the time per message. Another set: `npm run eval:emergency -- FILE` (or
 * `-- --set FILE`, or EMERGENCY_SET=FILE). Cross-validation for choosing settings: cv-emergency.ts.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Assessment, assessEmergency } from '../src/domain/emergency-assess';
import { helpNumbersFor, type HelpNumberId } from '../src/domain/emergency';
import type { ClassLabel } from '../src/domain/emergency-classifier';
import { loadExamples } from './train-emergency';

const DIR = join(process.cwd(), 'test/fixtures/emergency');
type Example = { text: string; label: ClassLabel; lang?: 'nl' | 'en' };
type Judge = (text: string) => Assessment;

/** The numbers that must be shown for each category (all of them). */
const NEEDED: Record<ClassLabel, HelpNumberId[]> = {
  acute: ['acute112'],
  suicide: ['suicide113'],
  abuse: ['veiligThuis'],
  abuseNow: ['acute112', 'veiligThuis'],
  medical: ['huisarts'],
  worry: ['zorgwekkend'],
  harmless: [],
};

export interface Tally { n: number; right: number; wrong: number; asked: number; silent: number; only112: number }
const empty = (): Tally => ({ n: 0, right: 0, wrong: 0, asked: 0, silent: 0, only112: 0 });

function judgeOne(a: Assessment, label: ClassLabel, t: Tally): void {
  t.n++;
  if (a.action === 'none') return void t.silent++;
  if (a.action === 'ask') return void t.asked++;
  const shown: HelpNumberId[] = helpNumbersFor(a.kinds).filter((n) => n !== 'luisterlijn');
  if (label === 'harmless') return void t.wrong++;
  // 'general' shows every number: right, but it says the detector did not know which.
  if (NEEDED[label].every((n) => shown.includes(n))) t.right++;
  else t.wrong++;
  if (label === 'suicide' && shown.includes('acute112') && !shown.includes('suicide113')) t.only112++;
}

const EN_WORDS = new Set(['she', 'he', 'her', 'his', 'the', 'i', 'they', 'someone', 'its', 'im', 'theres', 'my', 'a', 'to', 'and', 'with', 'of', 'on', 'in', 'not', 'wont', 'cant']);
const NL_WORDS = new Set(['ze', 'hij', 'haar', 'zijn', 'de', 'het', 'ik', 'een', 'en', 'met', 'van', 'op', 'niet', 'is', 'er', 'dat', 'die', 'mevrouw', 'meneer']);
/** The language of a phrase, by its small words; a set may also say it per phrase. */
export const langOf = (text: string): 'nl' | 'en' => {
  const ws = text.toLowerCase().split(/[^a-z]+/);
  const en = ws.filter((w) => EN_WORDS.has(w)).length;
  const nl = ws.filter((w) => NL_WORDS.has(w)).length;
  return en > nl ? 'en' : 'nl';
};
const pct = (n: number, of: number): string => (of === 0 ? '   -  ' : `${((100 * n) / of).toFixed(1).padStart(5)}%`);

export function evaluate(examples: readonly Example[], judge: Judge): Map<string, Tally> {
  const table = new Map<string, Tally>();
  for (const e of examples) {
    const a = judge(e.text);
    for (const key of [`${e.label}/${e.lang ?? langOf(e.text)}`, `${e.label}/all`]) {
      const t = table.get(key) ?? empty();
      judgeOne(a, e.label, t);
      table.set(key, t);
    }
  }
  return table;
}

export function printTable(table: Map<string, Tally>): void {
  console.log('category    lang    n   right number  wrong number  asked   silent   (113 case: 112 only)');
  const order: ClassLabel[] = ['acute', 'suicide', 'abuse', 'abuseNow', 'medical', 'worry'];
  for (const label of order) {
    for (const lang of ['nl', 'en', 'all']) {
      const t = table.get(`${label}/${lang}`);
      if (!t) continue;
      const extra = label === 'suicide' ? `   ${t.only112}` : '';
      console.log(
        `${label.padEnd(10)}  ${lang.padEnd(4)} ${String(t.n).padStart(4)}   ${pct(t.right, t.n)}       ${pct(t.wrong, t.n)}       ${pct(t.asked, t.n)}  ${pct(t.silent, t.n)}${extra}`,
      );
    }
  }
  for (const lang of ['nl', 'en', 'all']) {
    const t = table.get(`harmless/${lang}`);
    if (t) console.log(`harmless    ${lang.padEnd(4)} ${String(t.n).padStart(4)}   false alarms (numbers) ${pct(t.wrong, t.n)}   asked ${pct(t.asked, t.n)}`);
  }
}

/** The same tally for a judge that answers later (NLP.js), with the phrase's language. */
export async function evaluateAsync(
  examples: readonly Example[],
  judge: (text: string, lang: 'nl' | 'en') => Promise<Assessment>,
): Promise<Map<string, Tally>> {
  const table = new Map<string, Tally>();
  for (const e of examples) {
    const lang = langOf(e.text);
    const a = await judge(e.text, lang);
    for (const key of [`${e.label}/${lang}`, `${e.label}/all`]) {
      const t = table.get(key) ?? empty();
      judgeOne(a, e.label, t);
      table.set(key, t);
    }
  }
  return table;
}

function latestUnseen(): string {
  const files = readdirSync(DIR).filter((f) => /^unseen-round-\d+\.json$/.test(f));
  const n = (f: string): number => Number(/(\d+)/.exec(f)?.[1] ?? 0);
  const last = files.sort((a, b) => n(a) - n(b)).at(-1);
  if (!last) throw new Error('no unseen set in test/fixtures/emergency');
  return join(DIR, last);
}

function timing(texts: readonly string[]): string {
  for (const t of texts) assessEmergency(t); // warm up
  // The fastest of 5 runs per message: the machine's other work (GC, other processes) is not the detector's cost.
  const times = texts.map((t) => {
    let best = Infinity;
    for (let r = 0; r < 5; r++) {
      const start = performance.now();
      assessEmergency(t);
      best = Math.min(best, performance.now() - start);
    }
    return best;
  });
  times.sort((a, b) => a - b);
  const q = (x: number): string => (times[Math.min(times.length - 1, Math.floor(x * times.length))] ?? 0).toFixed(3);
  return `time per message: median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`;
}

/** The set to evaluate: a file given as argument (`FILE` or `--set FILE`), else EMERGENCY_SET, else the latest round. */
export function chooseSet(args: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const setArg = args.indexOf('--set');
  const given = setArg >= 0 ? args[setArg + 1] : args.find((a) => !a.startsWith('-'));
  const file = given ?? env.EMERGENCY_SET;
  if (!file) return latestUnseen();
  // npm runs scripts from the project folder; INIT_CWD is where `npm run` was typed.
  const path = [resolve(file), resolve(env.INIT_CWD ?? process.cwd(), file)].find((p) => existsSync(p));
  if (!path) throw new Error(`no such phrase set: ${file}`);
  return path;
}

if (process.argv[1]?.endsWith('eval-emergency.js') || process.argv[1]?.endsWith('eval-emergency.ts')) {
  const file = chooseSet(process.argv.slice(2));
  const examples = loadExamples(file);
  console.log(`Unseen set: ${file.replace(`${process.cwd()}/`, '')} (${examples.length} phrases), shipped model\n`);
  printTable(evaluate(examples, (text) => assessEmergency(text)));
  console.log(`\n${timing(examples.map((e) => e.text))}`);
}
