import { renderSignalCard, signalCardView } from '../../cards/signals/signal-card';
import { sdkProblems } from '../helpers/adaptive-cards';
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

describe('the team card says who did what, and reads well', () => {
  const t = translations.forLocale('nl');
  const claimedSignal = makeSignal({
    status: 'claimed',
    history: [
      { at: '2026-03-02T09:00:00.000Z', action: 'created', by: { kind: 'reporter' }, toStatus: 'new' },
      { at: '2026-03-02T10:38:00.000Z', action: 'claim', by: { kind: 'teamMember', id: 'aad-1' }, fromStatus: 'new', toStatus: 'claimed' },
    ],
    personal: { ...PERSONAL, staffNames: { 'aad-1': 'Teamlid Test' } },
  });

  it('When a team member claimed the signal, then the status and the history say who and when, in one date style', () => {
    const view = signalCardView(t, { signal: claimedSignal, signaalpunten, showPersonal: true });
    expect(view.statusLine).toBe('Opgepakt door Teamlid Test, ma 2 mrt 2026 11:38');
    expect(view.history).toContain('ma 2 mrt 2026 11:38 opgepakt door Teamlid Test');
    const text = JSON.stringify(renderSignalCard(t, { signal: claimedSignal, signaalpunten, showPersonal: true }));
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('When the name is not known (or erased), then the card says "een teamlid"', () => {
    const view = signalCardView(t, { signal: { ...claimedSignal, personal: {} }, signaalpunten, showPersonal: true });
    expect(view.statusLine).toBe('Opgepakt door een teamlid, ma 2 mrt 2026 11:38');
  });

  it('When the reporter ticked an outside sign, then the team card never uses the reporter wording "Wat u van buiten ziet"', () => {
    const view = signalCardView(t, { signal: claimedSignal, signaalpunten, showPersonal: true });
    expect(view.observed.join('\n')).not.toContain(t.t('content:signs.outside.title'));
    expect(view.observed.join('\n')).toContain(t.t('team:signGroups.outside'));
  });

  it('When only a postcode is known, then it is labelled "Postcode", not "Adres"', () => {
    const signal = makeSignal({ personal: { ...PERSONAL, postcode6: '4381AB', houseNumber: undefined } });
    const view = signalCardView(t, { signal, signaalpunten, showPersonal: true });
    expect(view.personal.find((f) => f.label === t.t('team:personal.address'))).toBeUndefined();
    expect(view.personal.find((f) => f.label === t.t('team:personal.postcode6'))?.value).toBe('4381 AB');
  });

  it.each(['new', 'claimed', 'closed'] as const)('When the signal is %s, then the status uses the host text colour (4.5:1 in every theme) and the card parses', (status) => {
    const signal = { ...claimedSignal, status, ...(status === 'closed' ? { outcome: 'contactMade' as const } : {}) };
    const card = renderSignalCard(t, { signal, signaalpunten, showPersonal: true });
    expect(signalCardView(t, { signal, signaalpunten, showPersonal: true }).statusColor).toBe('Default');
    expect(sdkProblems(card)).toEqual([]);
  });

  it('When the card has buttons, then they come before the details', () => {
    const card = renderSignalCard(t, { signal: claimedSignal, signaalpunten, showPersonal: true }) as { body: Array<{ type: string }> };
    const types = card.body.map((b) => b.type);
    expect(types.indexOf('ActionSet')).toBeGreaterThan(-1);
    expect(types.indexOf('ActionSet')).toBeLessThan(types.indexOf('FactSet'));
  });
});
