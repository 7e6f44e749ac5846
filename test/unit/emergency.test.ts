import phrases from '../fixtures/emergency-phrases.json';
import {
  ALL_HELP_NUMBERS,
  detectEmergency,
  helpNumbersFor,
  type EmergencyKind,
} from '../../src/domain/emergency';
import { EMERGENCY_KINDS, RULES } from '../../src/domain/emergency-patterns';

interface EmergencyPhrase { text: string; kind: EmergencyKind; note?: string }
interface HarmlessPhrase { text: string; note?: string }

const emergencies = phrases.emergencies as EmergencyPhrase[];
const harmless = phrases.harmless as HarmlessPhrase[];

describe('detectEmergency: the living phrase set (test/fixtures/emergency-phrases.json)', () => {
  test('When the set is loaded, then it has enough phrases of each sort to mean something', () => {
    expect(emergencies.length).toBeGreaterThanOrEqual(120);
    expect(harmless.length).toBeGreaterThanOrEqual(80);
    for (const kind of EMERGENCY_KINDS) expect(emergencies.some((p) => p.kind === kind)).toBe(true);
  });

  test.each(emergencies.map((p) => [p.text, p.kind] as const))(
    'When someone writes "%s", then it is an emergency, most urgent kind "%s"',
    (text, kind) => {
      const match = detectEmergency(text);
      expect(match).not.toBeNull();
      expect(match?.kinds[0]).toBe(kind);
    },
  );

  test.each(harmless.map((p) => [p.text] as const))('When someone writes "%s", then it is not an emergency', (text) => {
    expect(detectEmergency(text)).toBeNull();
  });

  test('When the whole set is run, then the hit rates are reported and stay high', () => {
    const detected = emergencies.filter((p) => detectEmergency(p.text) !== null).length;
    const rightKind = emergencies.filter((p) => detectEmergency(p.text)?.kinds[0] === p.kind).length;
    const falseAlarms = harmless.filter((p) => detectEmergency(p.text) !== null).length;
    const pct = (n: number, of: number): string => `${((100 * n) / of).toFixed(1)}%`;
    console.log(
      [
        'Emergency detection on the phrase set:',
        `  recall ${detected}/${emergencies.length} (${pct(detected, emergencies.length)})`,
        `  most urgent kind right ${rightKind}/${emergencies.length} (${pct(rightKind, emergencies.length)})`,
        `  false alarms ${falseAlarms}/${harmless.length} (${pct(falseAlarms, harmless.length)})`,
      ].join('\n'),
    );
    expect(detected / emergencies.length).toBeGreaterThanOrEqual(0.98);
    expect(rightKind / emergencies.length).toBeGreaterThanOrEqual(0.95);
    expect(falseAlarms / harmless.length).toBeLessThanOrEqual(0.02);
  });
});

describe('detectEmergency: behaviour', () => {
  test('When a match is found, then its kinds are ordered most urgent first and not repeated', () => {
    for (const { text } of emergencies) {
      const kinds = detectEmergency(text)?.kinds ?? [];
      const order = kinds.map((k) => EMERGENCY_KINDS.indexOf(k));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(new Set(kinds).size).toBe(kinds.length);
    }
  });

  test('When a match is returned, then it never holds the text the user wrote', () => {
    const match = detectEmergency('Mevrouw Jansen op Kerkweg 7 ligt op de grond en reageert niet');
    expect(match).not.toBeNull();
    const json = JSON.stringify(match);
    for (const word of ['jansen', 'kerkweg', 'grond', 'reageert']) expect(json.toLowerCase()).not.toContain(word);
    expect(Object.keys(match ?? {}).sort()).toEqual(['kinds', 'ruleIds']);
  });

  test('When the text is empty or only punctuation, then there is no emergency', () => {
    for (const text of ['', '   ', '...', '?!', '\n']) expect(detectEmergency(text)).toBeNull();
  });

  test('When only help words are written, then the general overview is shown', () => {
    for (const text of ['help', 'Hulp!', 'nood', 'HELP ME', 'ik heb hulp nodig']) {
      expect(detectEmergency(text)?.kinds).toEqual(['general']);
    }
  });

  test('When help words come with a real emergency, then the specific kinds win over the overview', () => {
    expect(detectEmergency('help, hij ademt niet meer')?.kinds).toEqual(['acute', 'medical']);
  });

  test('When a keyword is negated, then it does not trigger, but a real sign in the same message still does', () => {
    expect(detectEmergency('het is geen spoed')).toBeNull();
    expect(detectEmergency('het is geen spoed, maar ze ligt op de grond')?.kinds[0]).toBe('acute');
  });

  test('When a fall is long past and over, then it does not trigger; when it still hurts, it does', () => {
    expect(detectEmergency('ze is een jaar geleden gevallen')).toBeNull();
    const stillHurts = detectEmergency('ze is een jaar geleden gevallen en heeft nog steeds veel pijn');
    expect(stillHurts?.kinds).toEqual(['medical']);
  });

  test('When an acute event is long ago, then it still triggers; only "it is over now" cancels it', () => {
    expect(detectEmergency('ze had vroeger epilepsie en heeft nu een epileptische aanval')?.kinds[0]).toBe('acute');
    expect(detectEmergency('mijn moeder had vroeger een beroerte, nu gaat het goed')).toBeNull();
  });

  test('When the emergency number stands in an amount or an address, then it is not an emergency', () => {
    for (const text of ['€112', '112 euro', 'Dorpsstraat 112', 'ik woon op nummer 112', '112,50']) {
      expect(detectEmergency(text)).toBeNull();
    }
    expect(detectEmergency('bel nummer 112')?.kinds).toEqual(['acute']);
  });

  test('When suicidal thoughts are said to be in the past, then 113 is still shown (safety bias)', () => {
    expect(detectEmergency('vorig jaar had hij zelfmoordgedachten')?.kinds).toContain('suicide');
  });

  test('When suicide or abuse is happening right now, then it is acute too', () => {
    expect(detectEmergency('hij slaat haar op dit moment')?.kinds).toEqual(['acute', 'abuse']);
    expect(detectEmergency('hij slaat haar')?.kinds).toEqual(['abuse']);
  });

  test('When diacritics, capitals, stretched letters or hyphens differ, then the result is the same', () => {
    for (const text of ['SUÏCIDE', 'suicide', 'zelf-moord', 'zelfmoooord', 'Suïcidaal!!!', 'zelfmoodr']) {
      expect(detectEmergency(text)?.kinds[0]).toBe('suicide');
    }
    expect(detectEmergency('mishnadeling')?.kinds[0]).toBe('abuse'); // two letters swapped
  });

  // Speed is measured by `npm run eval:emergency` (time per message), never asserted in a test.
  test('When a very long message has the alarm at its end, then it is still found', () => {
    const long = 'ze woont alleen en heeft weinig contact met de buren. '.repeat(400) + 'Nu ligt ze op de grond.';
    expect(detectEmergency(long)?.kinds[0]).toBe('acute');
  });
});

describe('The pattern tables', () => {
  test('When the rules are read, then every id is unique and every pattern uses only the documented syntax', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const rule of RULES) {
      expect(rule.kinds.length).toBeGreaterThan(0);
      for (const pattern of [...rule.any, ...(rule.unless ?? [])]) {
        const steps = pattern.split(' ');
        expect({ rule: rule.id, pattern, first: steps[0] }).not.toMatchObject({ first: expect.stringMatching(/^(\.\.|\$|!)|\?$/) });
        for (const step of steps) {
          if (step === '..' || step === '$') continue;
          // "$" and ".." only work as a whole step; "a|$" would silently never match.
          expect({ pattern, step }).toEqual({ pattern, step: expect.stringMatching(/^!?[a-z0-9~*#|?]+$/) });
          for (const alt of step.replace(/^!/, '').replace(/\?$/, '').split('|')) expect(alt.length).toBeGreaterThan(0);
        }
      }
    }
  });
});

describe('helpNumbersFor', () => {
  test('When the kind is general, or unknown, then every number is shown in the fixed order', () => {
    expect(helpNumbersFor(['general'])).toEqual([...ALL_HELP_NUMBERS]);
    expect(helpNumbersFor([])).toEqual([...ALL_HELP_NUMBERS]);
    expect(helpNumbersFor(['suicide', 'general'])).toEqual([...ALL_HELP_NUMBERS]);
  });

  test('When kinds are given, then their numbers come most urgent first and end with De Luisterlijn', () => {
    expect(helpNumbersFor(['acute'])).toEqual(['acute112', 'luisterlijn']);
    expect(helpNumbersFor(['suicide'])).toEqual(['suicide113', 'luisterlijn']);
    expect(helpNumbersFor(['abuse'])).toEqual(['veiligThuis', 'luisterlijn']);
    expect(helpNumbersFor(['medical', 'worry'])).toEqual(['huisarts', 'zorgwekkend', 'luisterlijn']);
    expect(helpNumbersFor(['worry', 'acute', 'medical'])).toEqual([
      'acute112', 'huisarts', 'zorgwekkend', 'luisterlijn',
    ]);
  });

  test('When any combination of kinds is given, then De Luisterlijn is last and nothing repeats', () => {
    const kinds = EMERGENCY_KINDS.filter((k) => k !== 'general');
    for (let mask = 1; mask < 1 << kinds.length; mask++) {
      const chosen = kinds.filter((_, i) => mask & (1 << i));
      const numbers = helpNumbersFor(chosen);
      expect(numbers[numbers.length - 1]).toBe('luisterlijn');
      expect(new Set(numbers).size).toBe(numbers.length);
      expect(numbers).toHaveLength(chosen.length + 1);
    }
  });

  test('When all numbers are listed, then De Luisterlijn is last and 112 first', () => {
    expect(ALL_HELP_NUMBERS[0]).toBe('acute112');
    expect(ALL_HELP_NUMBERS[ALL_HELP_NUMBERS.length - 1]).toBe('luisterlijn');
    expect(new Set(ALL_HELP_NUMBERS).size).toBe(6);
  });
});
