import nl from '../../src/i18n/nl/emergency.json';
import en from '../../src/i18n/en/emergency.json';
import { ALL_HELP_NUMBERS, type HelpNumberId } from '../../src/domain/emergency';

/** The numbers exactly as DOMAIN.md gives them ("Emergencies never wait in a queue"). */
const EXPECTED: Record<HelpNumberId, readonly string[]> = {
  acute112: ['112'],
  suicide113: ['113', '0800 0113', '113.nl'],
  veiligThuis: ['0800 2000', 'Veilig Thuis'],
  huisarts: ['huisarts', 'huisartsenpost'],
  zorgwekkend: ['0800 1205', 'Meldpunt Zorgwekkend Gedrag'],
  luisterlijn: ['088 0767 000', 'De Luisterlijn'],
};
const PHONE_NUMBERS = ['0800 0113', '0800 2000', '0800 1205', '088 0767 000'];

type Tree = { [key: string]: string | Tree };
function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keysOf(v, `${prefix}${k}.`)));
}

const LOCALES = { nl: nl as Tree, en: en as Tree };

describe.each(Object.entries(LOCALES))('The %s emergency texts', (_locale, texts) => {
  const numbers = texts.numbers as Record<string, string>;

  test.each(ALL_HELP_NUMBERS.map((id) => [id] as const))('When %s is shown, then it has its number exactly', (id) => {
    const line = numbers[id];
    expect(typeof line).toBe('string');
    for (const part of EXPECTED[id]) expect(line).toContain(part);
  });

  test('When a number line is shown, then it holds no other service\'s phone number', () => {
    for (const id of ALL_HELP_NUMBERS) {
      const own = EXPECTED[id];
      for (const phone of PHONE_NUMBERS.filter((p) => !own.includes(p))) expect(numbers[id]).not.toContain(phone);
      if (id !== 'acute112') expect(numbers[id]).not.toMatch(/\b112\b/);
      if (id !== 'suicide113') expect(numbers[id]).not.toMatch(/\b113\b/);
    }
  });

  test('When the intro is shown, then it says to call 112 now', () => {
    expect(texts.intro).toMatch(/\b112\b/);
  });

  test('When the dialog needs its texts, then every required key has a non-empty text', () => {
    for (const key of ['title', 'intro', 'resumeOffer', 'resumeButton', 'menuButton', 'noDialogToResume']) {
      expect(typeof texts[key]).toBe('string');
      expect((texts[key] as string).trim()).not.toBe('');
    }
    expect(Object.keys(numbers).sort()).toEqual([...ALL_HELP_NUMBERS].sort());
  });
});

describe('Emergency texts across languages', () => {
  test('When Dutch and English are compared, then they have exactly the same keys', () => {
    expect(keysOf(en as Tree).sort()).toEqual(keysOf(nl as Tree).sort());
  });

  test('When Dutch asks to resume, then it uses the plain question from the design and "u"', () => {
    expect(nl.resumeOffer).toBe('Wilt u verder waar u was?');
    expect(JSON.stringify(nl)).not.toMatch(/\b(je|jij|jouw)\b/i);
  });
});
