import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseSet, evaluate } from '../../scripts/eval-emergency';
import { loadExamples } from '../../scripts/train-emergency';

const DIR = join(process.cwd(), 'test/fixtures/emergency');

describe('eval:emergency picks the set it reports on', () => {
  test('When no set is given, then the highest-numbered unseen round is evaluated', () => {
    const rounds = readdirSync(DIR)
      .map((f) => /^unseen-round-(\d+)\.json$/.exec(f)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number);
    expect(chooseSet([], {})).toBe(join(DIR, `unseen-round-${Math.max(...rounds)}.json`));
  });

  test('When a file is given as argument, with --set or in EMERGENCY_SET, then that file is evaluated', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-set-'));
    const file = join(dir, 'unseen-round-99.json');
    writeFileSync(file, JSON.stringify({ phrases: [{ text: 'hallo', label: 'harmless' }] }));
    expect(chooseSet([file], {})).toBe(file);
    expect(chooseSet(['--set', file], {})).toBe(file);
    expect(chooseSet([], { EMERGENCY_SET: file })).toBe(file);
    // npm runs the script from the project folder: a path relative to where `npm run` was typed still works.
    expect(chooseSet(['unseen-round-99.json'], { INIT_CWD: dir })).toBe(file);
  });

  test('When the file does not exist, then it says so instead of falling back to another set', () => {
    expect(() => chooseSet(['/nowhere/unseen-round-6.json'], {})).toThrow('no such phrase set');
  });

  test('When a set spells the threat-now label abuseNow and gives a language, then both are used', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-set-'));
    const file = join(dir, 'set.json');
    writeFileSync(file, JSON.stringify({ phrases: [{ text: 'he hits her now', label: 'abuseNow', lang: 'nl' }] }));
    const table = evaluate(loadExamples(file), () => ({ action: 'show', kinds: ['acute', 'abuse'], source: 'model' }));
    expect(table.get('abuseNow/nl')).toMatchObject({ n: 1, right: 1 });
  });
});
