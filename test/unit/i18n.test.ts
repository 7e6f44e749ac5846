import fs from 'node:fs';
import path from 'node:path';
import { RESOURCES } from '../../src/i18n/resources';
import { createTranslations, localeFromTag } from '../../src/i18n/i18n';

function keys(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (value && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [];
}

describe('locale files', () => {
  test.each(Object.keys(RESOURCES.nl))('When namespace %s is read, then English has exactly the Dutch keys', (ns) => {
    const nl = keys((RESOURCES.nl as Record<string, unknown>)[ns]).sort();
    const en = keys((RESOURCES.en as Record<string, unknown>)[ns]).sort();
    expect(en).toEqual(nl);
  });

  test('When any locale value is read, then it is a non-empty string without leftover markers', () => {
    for (const lang of ['nl', 'en'] as const) {
      for (const value of leaves(RESOURCES[lang])) {
        expect(value.trim().length).toBeGreaterThan(0);
        expect(value).not.toMatch(/TODO|FIXME|XXX/);
      }
    }
  });

  test('When a key is missing in strict mode, then translating it throws', () => {
    const t = createTranslations({ strict: true }).forLocale('nl');
    expect(() => t.t('common:does.not.exist')).toThrow(/missing locale key/);
    expect(t.t('common:welcome.text')).toMatch(/Signaalbot/);
  });

  test('When the client locale is en-US, nl-BE or fr-FR, then it maps to en, nl or nothing', () => {
    expect(localeFromTag('en-US')).toBe('en');
    expect(localeFromTag('nl-BE')).toBe('nl');
    expect(localeFromTag('fr-FR')).toBeUndefined();
    expect(localeFromTag(undefined)).toBeUndefined();
  });
});

/**
 * Dialogs and card code hold no user-facing text: a string literal with a space in it is
 * a sentence, and sentences belong in the locale files. Log messages are the one exception.
 */
describe('no literal user-facing strings', () => {
  const root = path.join(__dirname, '../..');
  const files = ['dialogs', 'cards']
    .flatMap((dir) => fs.readdirSync(path.join(root, dir), { recursive: true }).map((f) => path.join(root, dir, String(f))))
    .filter((f) => f.endsWith('.ts'));

  test('When the dialogs and cards are scanned, then there are files to scan', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  test.each(files.map((f) => [path.relative(root, f)]))('When %s is scanned, then it has no sentence literals', (file) => {
    // Log calls (which may span lines) and thrown programmer errors are not shown to users.
    const source = fs
      .readFileSync(path.join(root, file), 'utf8')
      .replace(/\b(?:log|logger)\.(?:debug|info|warn|error)\([\s\S]*?\);/g, '')
      .replace(/throw new Error\([\s\S]*?\);/g, '');
    const offenders = source
      .split('\n')
      .filter((line) => !/^\s*(\/\/|\*|\/\*|import )/.test(line))
      .flatMap((line) => [...line.matchAll(/(['"`])((?:(?!\1).)*?[A-Za-zÀ-ÿ]{2,} [A-Za-zÀ-ÿ]{2,}(?:(?!\1).)*)\1/g)].map((m) => m[2]));
    expect(offenders).toEqual([]);
  });
});
