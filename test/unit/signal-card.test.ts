import { signalCardView } from '../../cards/signal-card';
import { createTranslations } from '../../src/i18n/i18n';
import { makeSignal, PERSONAL } from '../helpers/signal-fixtures';

/** How the team card writes dates and addresses: as people write them, in the team's language. */
const translations = createTranslations({ strict: true });
const signaalpunten = [{ id: 'GM0677', name: 'Signaalpunt Test', active: true }];

describe('the team card', () => {
  it.each([
    ['nl', 'wo 4 mrt 2026'],
    ['en', 'Wed, Mar 4, 2026'],
  ] as const)('When the team reads it in %s, then the deadline reads "%s", not an ISO date', (locale, expected) => {
    const t = translations.forLocale(locale);
    const view = signalCardView(t, { signal: makeSignal({ deadline: '2026-03-04' }), signaalpunten, showPersonal: true });
    expect(view.facts.find((f) => f.label === t.t('team:facts.deadline'))?.value).toBe(expected);
  });

  it('When the reporter gave a full postcode and house number, then the address shows "1234 AB 12"', () => {
    const t = translations.forLocale('nl');
    const signal = makeSignal({ personal: { ...PERSONAL, postcode6: '4381AB', houseNumber: '12' } });
    const view = signalCardView(t, { signal, signaalpunten, showPersonal: true });
    expect(view.personal.find((f) => f.label === t.t('team:personal.address'))?.value).toBe('4381 AB 12');
  });
});
