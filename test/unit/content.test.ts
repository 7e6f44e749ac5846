import { KIND_HINTS, type LonelinessKind, possibleKinds, SIGN_GROUP_IDS, SIGN_GROUPS, type Sign } from '../../src/domain/signs';
import { pickStarters, SETTINGS, STARTERS, STEP_IDS, TIP_IDS, type Setting } from '../../src/domain/starters';
import { createTranslations } from '../../src/i18n/i18n';
import { RESOURCES } from '../../src/i18n/resources';
import { LOCALES } from '../../src/ports/translator';

const translations = createTranslations({ strict: true });
const ALL_SIGNS = SIGN_GROUP_IDS.flatMap((group) => SIGN_GROUPS[group] as readonly Sign[]);
const KINDS: LonelinessKind[] = ['social', 'emotional', 'existential'];

/** Every string in a locale tree, with its dotted key. */
function leaves(node: unknown, at = ''): Array<[string, string]> {
  if (typeof node === 'string') return [[at, node]];
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([key, value]) => leaves(value, at ? `${at}.${key}` : key));
  }
  return [];
}

/** Every content key the bot looks up; a missing one throws in strict mode. */
function requiredContentKeys(): string[] {
  return [
    ...SIGN_GROUP_IDS.flatMap((group) => [
      `signs.${group}.title`,
      ...SIGN_GROUPS[group].map((sign) => `signs.${group}.items.${sign}`),
    ]),
    ...STARTERS.map((starter) => `starters.${starter.id}`),
    ...SETTINGS.flatMap((setting) => [`settings.${setting}`, `settings.${setting}Hint`]),
    ...TIP_IDS.map((id) => `tips.${id}`),
    ...STEP_IDS.flatMap((id) => [`steps.${id}.title`, `steps.${id}.text`]),
    ...KINDS.map((kind) => `kinds.${kind}`),
    'kinds.intro',
    'kinds.none',
    'kinds.isolation',
    ...['conversation', 'otherCauses', 'onlyPerson', 'observed', 'choose'].map((key) => `framing.${key}`),
    ...['talk', 'permission', 'report', 'luisterlijn'].map((key) => `nextSteps.${key}`),
  ];
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?:])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
const wordCount = (sentence: string) => sentence.split(/\s+/).filter((w) => /\p{L}|\d/u.test(w)).length;

describe('content', () => {
  test.each(LOCALES)('When the content is looked up in %s, then every id has a non-empty text', (locale) => {
    const t = translations.forLocale(locale);
    for (const key of requiredContentKeys()) expect(t.t(`content:${key}`).trim()).not.toBe('');
  });

  test('When nl and en are compared, then content and cards have the same keys', () => {
    for (const ns of ['content', 'cards'] as const) {
      const nl = leaves(RESOURCES.nl[ns]).map(([key]) => key).sort();
      const en = leaves(RESOURCES.en[ns]).map(([key]) => key).sort();
      expect(en).toEqual(nl);
    }
  });

  test('When the content is read, then it holds no texts for ids the code does not know', () => {
    const known = new Set(requiredContentKeys());
    const orphans = leaves(RESOURCES.nl.content).map(([key]) => key).filter((key) => !known.has(key));
    expect(orphans).toEqual([]);
  });

  test('When the Dutch content is read, then it keeps to B1: short sentences', () => {
    const all = [...leaves(RESOURCES.nl.content), ...leaves(RESOURCES.nl.cards)].flatMap(([, text]) => sentences(text));
    const long = all.filter((s) => wordCount(s) > 25);
    expect(long).toEqual([]);
    const average = all.reduce((sum, s) => sum + wordCount(s), 0) / all.length;
    expect(average).toBeLessThan(15);
  });

  test('When the Dutch content speaks to the user, then it says "u"; starters for a young person say "je"', () => {
    const youngOnly = new Set(STARTERS.filter((s) => s.settings.every((x) => x === 'youngPerson')).map((s) => `starters.${s.id}`));
    const informal = /\b(je|jij|jou|jouw|jullie)\b/i;
    for (const [key, text] of leaves(RESOURCES.nl.content)) {
      if (youngOnly.has(key)) expect([key, /\b(u|uw)\b/i.test(text)]).toEqual([key, false]);
      else expect([key, informal.test(text)]).toEqual([key, false]);
    }
  });

  test.each(LOCALES)('When starters are read in %s, then each is an open question that never names loneliness', (locale) => {
    const t = translations.forLocale(locale);
    for (const starter of STARTERS) {
      const text = t.t(`content:starters.${starter.id}`);
      expect([starter.id, text.includes('?')]).toEqual([starter.id, true]);
      expect([starter.id, /eenza|lonel|alleen|alone/i.test(text)]).toEqual([starter.id, false]);
      // Closed yes/no openers ("Bent u ...?", "Are you ...?") invite a short answer.
      expect([starter.id, /^(bent u|ben je|are you)\b/i.test(text)]).toEqual([starter.id, false]);
    }
  });

  test.each(LOCALES)('When kinds are described in %s, then the words stay careful', (locale) => {
    const t = translations.forLocale(locale);
    const careful = locale === 'nl' ? /misschien/i : /maybe|may/i;
    for (const kind of KINDS) expect(t.t(`content:kinds.${kind}`)).toMatch(careful);
    expect(t.t('content:nextSteps.luisterlijn')).toContain('088 0767 000');
  });
});

describe('pickStarters', () => {
  /** All sets a user sees by pressing "Andere" until the setting is exhausted. */
  function allSets(setting: Setting, observed: readonly Sign[]) {
    const sets: Array<{ ids: string[]; exhausted: boolean }> = [];
    let shown: string[] = [];
    for (let i = 0; i < 20; i++) {
      const pick = pickStarters(setting, observed, shown);
      sets.push(pick);
      shown = [...shown, ...pick.ids];
      if (pick.exhausted) break;
    }
    return sets;
  }

  test.each(SETTINGS)('When "Andere" is pressed in setting %s, then each set has 3-5 new starters until all were shown', (setting) => {
    const forSetting = STARTERS.filter((s) => s.settings.includes(setting)).map((s) => s.id);
    expect(forSetting.length).toBeGreaterThanOrEqual(6);
    for (const observed of [[], ['fatigue'], ['letterbox', 'fewContacts', 'sadness']] as Sign[][]) {
      const sets = allSets(setting, observed);
      expect(sets.length).toBeGreaterThanOrEqual(2);
      expect(sets.map((s) => s.exhausted)).toEqual([...sets.slice(1).map(() => false), true]);
      for (const set of sets) {
        expect(set.ids.length).toBeGreaterThanOrEqual(3);
        expect(set.ids.length).toBeLessThanOrEqual(5);
      }
      const seen = sets.flatMap((s) => s.ids);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual([...forSetting].sort());
    }
    expect(pickStarters(setting, [], forSetting)).toEqual({ ids: [], exhausted: true });
  });

  test('When signs were observed, then starters that fit them come first', () => {
    expect(pickStarters('frontDoor', ['curtainsClosed'], []).ids[0]).toBe('doorCurtains');
    expect(pickStarters('homeVisit', ['bereavement'], []).ids[0]).toBe('visitPhotos');
    const fit = (id: string, keys: Set<string>) => (STARTERS.find((s) => s.id === id)?.fits ?? []).filter((f) => keys.has(f)).length;
    for (const setting of SETTINGS) {
      for (const sign of ALL_SIGNS) {
        const keys = new Set<string>([sign, SIGN_GROUP_IDS.find((g) => (SIGN_GROUPS[g] as readonly string[]).includes(sign)) ?? '']);
        const picked = pickStarters(setting, [sign], []).ids;
        const rest = STARTERS.filter((s) => s.settings.includes(setting) && !picked.includes(s.id));
        const worstPicked = Math.min(...picked.map((id) => fit(id, keys)));
        for (const other of rest) expect(fit(other.id, keys)).toBeLessThanOrEqual(worstPicked);
      }
    }
  });

  test('When the same input is given twice, then the same starters come back', () => {
    expect(pickStarters('phone', ['fatigue'], [])).toEqual(pickStarters('phone', ['fatigue'], []));
  });
});

describe('possibleKinds', () => {
  const subsets: Sign[][] = [[], ...ALL_SIGNS.map((s) => [s]), ...ALL_SIGNS.flatMap((a, i) => ALL_SIGNS.slice(i + 1).map((b) => [a, b]))];

  test('When signs are observed, then every kind returned has an observed hint, and each hinted kind is returned', () => {
    for (const signs of subsets) {
      const kinds = possibleKinds(signs);
      const hinted = KINDS.filter((kind) => KIND_HINTS[kind].some((hint) => signs.includes(hint)));
      expect([signs, [...kinds].sort()]).toEqual([signs, [...hinted].sort()]);
    }
  });

  test('When nothing or only outside signs are observed, then no kind is named', () => {
    expect(possibleKinds([])).toEqual([]);
    expect(possibleKinds(['letterbox', 'curtainsClosed', 'deadPlants'])).toEqual([]);
  });

  test('When more signs point at one kind, then that kind comes first', () => {
    expect(possibleKinds(['illness', 'sadness', 'bereavement'])).toEqual(['emotional', 'existential']);
  });
});

describe('promises only of what happens (#14 point 10)', () => {
  const PROMISES: Record<'nl' | 'en', RegExp[]> = {
    nl: [/neemt contact met u op/i, /weet het nu/i, /weten (de anderen )?dat nu/i, /bekijkt (uw signaal )?uiterlijk/i, /niet verloren/i],
    en: [/will contact you/i, /knows now/i, /will know/i, /at the latest/i, /nothing you entered is lost/i],
  };
  it.each(['nl', 'en'] as const)('When every %s text is read, then none promises what the bot cannot do', (locale) => {
    const offenders = Object.values(RESOURCES[locale])
      .flatMap((ns) => leaves(ns))
      .filter(([, text]) => PROMISES[locale].some((p) => p.test(text)))
      .map(([key, text]) => `${key}: ${text}`);
    expect(offenders).toEqual([]);
  });
});

describe('content faithful to the signaleringskaart (#14 point 11)', () => {
  const nl = translations.forLocale('nl');
  it('When the feelings signs are read, then each is something seen or heard, not an inner state stated as fact', () => {
    for (const sign of SIGN_GROUPS.psychological) {
      expect(nl.t(`content:signs.psychological.items.${sign}`)).toMatch(/^(Zegt|Klinkt|Lijkt|Praat|Is snel)\b/);
    }
  });

  it('When the tips are shown, then they include "not about loneliness" and "start from what someone can still do"', () => {
    expect(TIP_IDS).toEqual(expect.arrayContaining(['notAboutLoneliness', 'startFromStrengths']));
    expect(nl.t('content:tips.notAboutLoneliness')).toContain('Begin niet over eenzaamheid');
    expect(nl.t('cards:steps.intro')).not.toContain('eenzaamheid');
  });

  it('When starters are picked for a home visit with few contacts, then one asks about satisfaction with contacts and one asks what would help', () => {
    expect(STARTERS.map((s) => s.id)).toEqual(expect.arrayContaining(['visitContacts', 'visitNeed']));
    expect(nl.t('content:starters.visitContacts')).toMatch(/vaak genoeg/);
    expect(nl.t('content:starters.visitNeed')).toBe('Wat zou u helpen?');
  });

  it('When a report starts, then "signaalpunt" is explained, and the next step also fits a wijkteam or welfare organisation', () => {
    expect(nl.t('report:start')).toMatch(/signaalpunt van de gemeente: een team/);
    expect(nl.t('content:nextSteps.report')).toMatch(/wijkteam/);
    expect(translations.forLocale('en').t('report:start')).toMatch(/signaalpunt: a team/);
  });
});

describe('English that reads as English (#14 point 12)', () => {
  const en = RESOURCES.en;
  const all = Object.values(en).flatMap((ns) => leaves(ns));
  it('When the English texts are read, then none of the review\'s Dutch calques is left', () => {
    const calques = [/^Is an alert not picked up/, /The round is on\b/, /The key holder went"?$/, /Whoever was alerted will hear/, /The chain closes by itself/, /half past 8/, /ask further/, /of value/, /busy with themselves/, /just before you/, /Then let us go on/, /how it stands/, /^Number: /];
    expect(all.filter(([, text]) => calques.some((c) => c.test(text))).map(([key]) => key)).toEqual([]);
  });

  it('When English mail subjects are made, then each carries the reference', () => {
    for (const subject of Object.values(en.delivery.mail.subject)) expect(subject).toContain('{{reference}}');
  });

  it('When the Dutch services are named in English, then each is glossed', () => {
    expect(en.emergency.numbers.veiligThuis).toMatch(/Veilig Thuis \(/);
    expect(en.emergency.numbers.zorgwekkend).toMatch(/Gedrag \(/);
    expect(en.emergency.numbers.luisterlijn).toMatch(/Luisterlijn \(/);
  });
});

describe('one definition of the age groups (#14 point 9)', () => {
  it.each(['nl', 'en'] as const)('When the age groups are shown in %s to the reporter, the team card, the mail and the tab, then they give the same boundaries', (locale) => {
    const t = translations.forLocale(locale);
    const numbers = (text: string) => text.match(/\d+/g)?.join('-') ?? '';
    for (const group of ['young', 'adult', 'senior75'] as const) {
      const reporter = numbers(t.t(`report:questions.ageGroup.options.${group}`));
      expect(reporter).not.toBe('');
      expect(numbers(t.t(`team:ageGroups.${group}`))).toBe(reporter); // the team card and the tab
      expect(numbers(t.t(`delivery:ageGroup.${group}`))).toBe(reporter); // the mail
    }
    // The reporter is told why it matters: it decides the route.
    expect(t.list('report:questions.ageGroup.text').join(' ')).toMatch(/team/);
  });
});

describe('circle cards that read well (#14 point 5)', () => {
  it('When the circle texts are read, then an alert is a "waarschuwing" (never a "melding", which is a reported signal), and the greeting fits any time of day', () => {
    const texts = leaves(RESOURCES.nl.circles).map(([, text]) => text);
    expect(texts.filter((text) => /\bmelding(en)?\b/i.test(text))).toEqual([]);
    expect(RESOURCES.nl.circles.checkin.hello).toBe('Hallo {{name}}.');
    expect(RESOURCES.en.circles.checkin.hello).not.toMatch(/morning/i);
  });

  it('When a circle named "Belcirkel Testhof" is saved or joined, then its name is not doubled ("De belcirkel Belcirkel Testhof")', () => {
    const nl = translations.forLocale('nl');
    for (const key of ['circles:create.saved', 'circles:join.member', 'circles:join.coordinator']) {
      expect(nl.t(key, { name: 'Belcirkel Testhof' })).not.toMatch(/belcirkel belcirkel/i);
    }
  });
});

describe('the chat explains itself (#14 point 15, the welcome)', () => {
  it.each([
    ['nl', 'English'],
    ['en', 'Nederlands'],
  ] as const)('When the %s welcome is read, then it names every menu choice and how to switch language', (locale, other) => {
    const t = translations.forLocale(locale);
    const welcome = t.t('common:welcome.text');
    for (const choice of ['signs', 'starters', 'report', 'circle', 'help']) expect(welcome).toContain(t.t(`cards:menu.${choice}`));
    expect(welcome).toContain(`: ${other}.`);
  });
});

describe('the channel explains linking (#14 point 15, the channel)', () => {
  it.each(['nl', 'en'] as const)('When a %s team opens the channel, then the first message says where the code comes from and to @mention the bot, without a placeholder', (locale) => {
    const t = translations.forLocale(locale);
    for (const key of ['team:link.channelHelp', 'team:link.usage']) {
      const text = t.t(key);
      expect(text).not.toContain('GM0000');
      expect(text).toContain('@');
    }
    expect(t.t('team:link.channelHelp')).toMatch(locale === 'nl' ? /beheerder/ : /administrator/);
    // A whole example line a team member can copy (issue 14 point 15).
    expect(t.t('team:link.channelHelp')).toContain('@Signaalbot koppel GM0718 12345678');
  });
});
