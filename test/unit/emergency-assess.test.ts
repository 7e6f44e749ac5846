import train from '../fixtures/emergency/train.json';
import { assessEmergency, assessWith } from '../../src/domain/emergency-assess';
import { helpNumbersFor } from '../../src/domain/emergency';
import { CLASS_LABELS, classify, features } from '../../src/domain/emergency-classifier';
import { train as trainModel } from '../../scripts/train-emergency';

const numbersOf = (text: string): string[] => {
  const a = assessEmergency(text);
  return a.action === 'show' ? helpNumbersFor(a.kinds) : [];
};

describe('assessEmergency: patterns and the learned model together', () => {
  test('When the training set is loaded, then it has 2,000+ phrases with every label in Dutch and English', () => {
    const phrases = train.phrases as Array<{ label: string; lang: string }>;
    expect(phrases.length).toBeGreaterThanOrEqual(2000);
    for (const label of ['acute', 'suicide', 'abuse', 'abuse_now', 'medical', 'worry', 'harmless']) {
      for (const lang of ['nl', 'en']) expect(phrases.some((p) => p.label === label && p.lang === lang)).toBe(true);
    }
  });

  test.each([
    ['haar zoon slaat haar nu en ze gilt'],
    ['her son is hitting her right now'],
  ])('When violence is happening now ("%s"), then both 112 and Veilig Thuis are shown', (text) => {
    expect(numbersOf(text)).toEqual(expect.arrayContaining(['acute112', 'veiligThuis']));
  });

  test.each([['ze heeft pillen gespaard om ze allemaal in te nemen'], ['he wants to kill himself'], ['hij wil dood']])(
    'When suicidal thoughts are written ("%s"), then 113 is shown, never 112 alone',
    (text) => {
      expect(numbersOf(text)).toContain('suicide113');
    },
  );

  test.each([['ik schrok me dood'], ['dat is moord'], ['brandend actueel'], ['nee'], ['4381 AB'], ['Signaal melden'], ['son'], ['dochter'], ['Anna']])(
    'When harmless text is written ("%s"), then no numbers are shown',
    (text) => {
      expect(numbersOf(text)).toEqual([]);
    },
  );

  test('When the model splits a message between abuse and abuse now, then together they show 112 and Veilig Thuis', () => {
    const p = { acute: 0.05, suicide: 0.05, abuse: 0.4, abuseNow: 0.3, medical: 0, worry: 0, harmless: 0.2 };
    const text = 'wat zij vertelde over thuis';
    const shown = assessWith(text, p);
    expect(shown).toMatchObject({ action: 'show' });
    expect(shown.action === 'show' ? helpNumbersFor(shown.kinds) : []).toEqual(expect.arrayContaining(['acute112', 'veiligThuis']));
    // Not pooled, neither kind alone reaches the threshold: the bot would only ask.
    expect(assessWith(text, p, { pooled: false })).toMatchObject({ action: 'ask' });
  });

  test('When a model was trained with normalised words, then shorthand and Flemish words read as the plain word', () => {
    expect(features('mevr ligt op de grond', { normalise: true })).toContain('w:mevrouw');
    expect(features('de gebuur', { normalise: true })).toContain('w:buurman');
    expect(features('heeeelp', { normalise: true })).toContain('w:heelp');
    expect(features('mevr ligt op de grond')).not.toContain('w:mevrouw');
  });

  test('When a typed 112 comes in, then the numbers show even if the model is unsure', () => {
    expect(assessEmergency('112')).toMatchObject({ action: 'show', kinds: ['acute'] });
  });

  test('When text is classified, then the probabilities cover every label and add up to 1', () => {
    const p = classify({ labels: CLASS_LABELS, bias: CLASS_LABELS.map(() => 0), weights: {} }, 'wat dan ook');
    expect(Object.keys(p)).toEqual([...CLASS_LABELS]);
    expect(Object.values(p).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  test('When a word has a typo, then most of its letter pieces are still the same features', () => {
    const a = new Set(features('zelfmoord'));
    const b = features('zelfmord');
    expect(b.filter((f) => a.has(f)).length).toBeGreaterThan(b.length / 3);
  });

  test('When the model is trained twice on the same phrases, then the weights are the same', () => {
    const sample = (train.phrases as Array<{ text: string; label: string }>)
      .filter((_, i) => i % 20 === 0)
      .map((p) => ({ text: p.text, label: p.label === 'abuse_now' ? ('abuseNow' as const) : (p.label as (typeof CLASS_LABELS)[number]) }));
    expect(trainModel(sample, { epochs: 3 })).toEqual(trainModel(sample, { epochs: 3 }));
  });
});
