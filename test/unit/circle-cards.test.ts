import fs from 'node:fs';
import path from 'node:path';
import { type CardAction, parseCardAction } from '../../cards/actions';
import { renderCircleCard } from '../../cards/circles/circle-card';
import { type ScreenOption, readableDate } from '../../cards/circles/circle-format';
import { renderCircleNotice } from '../../cards/circles/circle-notice';
import { circleQuestionText, type CircleQuestionInput, renderCircleQuestionCard } from '../../cards/circles/circle-question';
import { readCircleAnswer, readScreenOption } from '../../dialogs/text-readers';
import { type CheckinInput, checkinScreen, circleListScreen, circleViewScreen, type Screen } from '../../cards/circles/circle-screens';
import type { AdaptiveCard } from '../../cards/guide/render';
import { escapeCardText } from '../../cards/text-safety';
import type { CircleNotice } from '../../src/application/circles/circle-notices';
import type { CircleSummary, CircleView } from '../../src/application/circles/circles.types';
import { createTranslations } from '../../src/i18n/i18n';
import { RESOURCES } from '../../src/i18n/resources';
import { LOCALES, type Translator } from '../../src/ports/translator';
import { elementsOfType, sdkProblems } from '../helpers/adaptive-cards';
import { type CircleCommand, readCircleCommand } from '../../dialogs/circles/circle-commands';
import { parseDateRange, parseMinutes, parseWeekdays } from '../../dialogs/circles/circle-parse';

const SAMPLES = path.join(__dirname, '../../cards/samples');
const translations = createTranslations({ strict: true });
const sample = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(SAMPLES, `${name}.data.json`), 'utf8')) as T;

const list = sample<{ circles: CircleSummary[] }>('circle-card.list').circles;
const view = sample<CircleView>('circle-card.view');
const checkin = sample<CheckinInput>('circle-card.checkin');
const QUESTIONS = [
  'circle-question-card',
  'circle-question-card.days',
  'circle-question-card.range',
  'circle-question-card.pick',
  'circle-question-card.summary',
  'circle-question-card.mode',
  'circle-question-card.edit-days',
  'circle-question-card.backup',
  'circle-question-card.members',
];
const NOTICES = [
  'circle-notice.reminder-coordinator',
  'circle-notice.reminder-member',
  'circle-notice.escalation',
  'circle-notice.escalation-deadline',
  'circle-notice.resolved',
  'circle-notice.missed',
  'circle-notice.not-sent',
  'circle-notice.weekly',
];

interface Case {
  card: (t: Translator) => AdaptiveCard;
  text: (t: Translator) => string;
  /** Screens a dialog waits on: their numbered options. */
  options?: (t: Translator) => ScreenOption[];
}

const screenCase = (build: (t: Translator, literal?: (s: string) => string) => Screen): Case => ({
  card: (t) => renderCircleCard(build(t, escapeCardText).view),
  text: (t) => build(t).options.map((o, i) => `${i + 1}. ${o.label}`).join('\n'),
  options: (t) => build(t).options,
});

const CASES: Record<string, Case> = {
  'circle-card.list': screenCase((t, l) => circleListScreen(t, list, l)),
  'circle-card.view': screenCase((t, l) => circleViewScreen(t, view, l)),
  'circle-card.checkin': screenCase((t, l) => checkinScreen(t, checkin, l)),
  ...Object.fromEntries(
    QUESTIONS.map((name) => {
      const input = sample<CircleQuestionInput>(name);
      return [name, { card: (t: Translator) => renderCircleQuestionCard(t, input), text: (t: Translator) => circleQuestionText(t, input) }];
    }),
  ),
  ...Object.fromEntries(
    NOTICES.map((name) => {
      const notice = sample<CircleNotice>(name);
      const render = (t: Translator) => renderCircleNotice(t, notice, true);
      return [name, { card: (t: Translator) => render(t).card ?? {}, text: (t: Translator) => render(t).text }];
    }),
  ),
};
const MATRIX = LOCALES.flatMap((locale) => Object.entries(CASES).map(([name, c]) => [name, locale, c] as const));

/** What the channel sends for a submit: its data, plus every input the action gathers (filled in). */
function submitPayload(card: AdaptiveCard, action: Record<string, unknown>): unknown {
  const data = action.data as Record<string, unknown>;
  if (action.associatedInputs === 'none') return data;
  const filled = (input: Record<string, unknown>) => (input.type === 'Input.Date' ? '2027-03-01' : input.type === 'Input.ChoiceSet' ? '1,3' : '12345678');
  const inputs = ['Input.Text', 'Input.ChoiceSet', 'Input.Date'].flatMap((type) => elementsOfType(card, type));
  return { ...data, ...Object.fromEntries(inputs.map((input) => [input.id, filled(input)])) };
}

describe('call-circle cards', () => {
  test.each(MATRIX)('When %s renders in %s, then the SDK parses it without warnings', (name, locale, c) => {
    const card = c.card(translations.forLocale(locale));
    expect(sdkProblems(card)).toEqual([]);
    expect(card.version).toBe('1.5');
    expect(JSON.stringify(card)).not.toContain('${');
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
    expect(fs.existsSync(path.join(SAMPLES, `${name}.data.json`))).toBe(true);
  });

  test.each(MATRIX)('When %s renders in %s, then every submit is a valid action without a top-level "key"', (_name, locale, c) => {
    const card = c.card(translations.forLocale(locale));
    const submits = elementsOfType(card, 'Action.Submit');
    expect(submits.length).toBeGreaterThan(0);
    for (const submit of submits) {
      const data = submit.data as Record<string, unknown>;
      expect(typeof data.verb).toBe('string');
      expect(Object.keys(data)).not.toContain('key');
      expect([data.verb, parseCardAction(submitPayload(card, submit))]).toEqual([data.verb, expect.objectContaining({ ok: true })]);
    }
    expect(elementsOfType(card, 'Action.Execute')).toEqual([]);
  });

  test.each(MATRIX)('When %s is sent as text in %s, then it is not empty and holds no card syntax', (_name, locale, c) => {
    const text = c.text(translations.forLocale(locale));
    expect(text.trim().length).toBeGreaterThan(10);
    expect(text).not.toMatch(/\$\{|\[object|undefined/);
  });

  test.each(LOCALES)('When a screen is answered in %s with a number or an option\'s words, then it reads as that option', (locale) => {
    const t = translations.forLocale(locale);
    for (const c of Object.values(CASES).filter((x) => x.options)) {
      const options = c.options?.(t) ?? [];
      options.forEach((option, i) => {
        expect(readScreenOption(String(i + 1), options)).toEqual(option.action);
        expect(readScreenOption(option.label.toUpperCase(), options)).toEqual(option.action);
        expect(parseCardAction(option.action)).toEqual({ ok: true, action: option.action });
      });
      expect(readScreenOption(String(options.length + 1), options)).toBeUndefined();
    }
  });

  test('When a name has Markdown in it, then the card shows it escaped and the text as typed', () => {
    const t = translations.forLocale('nl');
    const card = JSON.stringify(renderCircleCard(circleViewScreen(t, view, escapeCardText).view));
    expect(card).toContain('Bert \\\\*vet\\\\*');
    expect(card).not.toContain('Bert *vet*');
    expect(circleViewScreen(t, view).options.map((o) => o.label).join('\n')).not.toContain('\\*');
  });

  test('When the coordinator sees a circle, then the order has pauses applied and each member has a key holder', () => {
    const t = translations.forLocale('nl');
    const screen = circleViewScreen(t, view);
    const lines = screen.view.sections.flatMap((s) => [s.title, ...s.lines]).join('\n');
    expect(lines).toContain('Anna belt Carla');
    expect(lines).toContain('Carla belt de coördinator terug');
    expect(lines).toContain(t.t('circles:view.pausedToday', { name: 'Bert *vet*' }));
    expect(lines).toContain('Sleuteladres: Henk (vriend), 06 10000003');
    expect(lines).toContain('Sleuteladres: Truus (buurvrouw), +32470000002');
    expect(lines).toMatch(/Bel na 5 minuten[\s\S]*sleuteladres[\s\S]*Bel 112[\s\S]*huisarts/);
    // Open escalations only: the resolved needHelp is not offered, the unacknowledged one is.
    const verbs = screen.options.map((o) => o.action);
    const id = (n: number) => view.round?.escalations[n - 1]?.escalationId;
    expect(verbs).toContainEqual({ verb: 'circle.ack', circleId: view.circleId, escalationId: id(1) });
    expect(verbs).not.toContainEqual(expect.objectContaining({ escalationId: id(3) }));
    expect(verbs).not.toContainEqual({ verb: 'circle.ack', circleId: view.circleId, escalationId: id(2) });
  });

  test('When the coordinator sees a circle, then the reminder and acknowledge minutes and the backup are shown', () => {
    const t = translations.forLocale('nl');
    const lines = (v: CircleView) => circleViewScreen(t, v).view.sections.flatMap((s) => [s.title, ...s.lines]).join('\n');
    const shown = lines(view);
    expect(shown).toContain(t.t('circles:view.reminder', { minutes: 10 }));
    expect(shown).toContain(t.t('circles:view.ackBackup', { minutes: 15 }));
    // Ria is the backup: the line under her name, and only there.
    expect(shown).toMatch(new RegExp(`Ria Test: [^\n]*\n\u00a0+${t.t('circles:view.isBackup')}`));
    expect(shown.split(t.t('circles:view.isBackup')).length).toBe(2);
    const alone = lines({ ...view, reminderMinutes: 0, ackMinutes: 30, coordinators: view.coordinators.slice(0, 1) });
    expect(alone).toContain(t.t('circles:view.reminderAtStart'));
    expect(alone).toContain(t.t('circles:view.ackAlone', { minutes: 30 }));
    expect(alone).not.toContain(t.t('circles:view.isBackup'));
  });

  test('When a circle is shown, then schedule and timing are offered always; backup and removal only with two coordinators', () => {
    const t = translations.forLocale('nl');
    const ops = (v: CircleView) => circleViewScreen(t, v).options.flatMap((o) => (o.action.verb === 'circle.edit' ? [o.action.op] : []));
    expect(ops(view)).toEqual(expect.arrayContaining(['schedule', 'timing', 'backup', 'removeCoordinator']));
    const alone = ops({ ...view, coordinators: view.coordinators.slice(0, 1) });
    expect(alone).toEqual(expect.arrayContaining(['schedule', 'timing']));
    expect(alone).not.toContain('backup');
    expect(alone).not.toContain('removeCoordinator');
  });

  test('When an escalation goes out, then it names the member, the key holder, the steps, 112, and offers ack and every outcome', () => {
    const t = translations.forLocale('nl');
    const notice = sample<CircleNotice>('circle-notice.escalation');
    const { card, text } = renderCircleNotice(t, notice, true);
    expect(text).toContain('Carla');
    expect(text).toContain('Henk (vriend), 06 10000003');
    expect(text).toContain(t.t('circles:notices.late'));
    expect(text).toContain(t.t('circles:notices.escalation.backup', { minutes: 15 }));
    expect(text).toContain(t.t('circles:notices.escalation.typeHint'));
    expect(elementsOfType(card, 'Action.OpenUrl').map((a) => a.url)).toEqual(['tel:+31600000003', 'tel:+31610000003', 'tel:112']);
    const data = elementsOfType(card, 'Action.Submit').map((a) => a.data as { verb: string; outcome?: string });
    expect(data.map((d) => d.outcome ?? d.verb)).toEqual(['circle.ack', 'allGood', 'keyHolder', 'emergency', 'doctor', 'other']);
  });

  test('When a channel has no cards, then a notice is text only, with words to type instead of numbers', () => {
    const t = translations.forLocale('en');
    for (const name of NOTICES) {
      const notice = sample<CircleNotice>(name);
      const rendered = renderCircleNotice(t, notice, false);
      expect(rendered.card).toBeUndefined();
      // No dialog waits for a number after a message sent on its own: its buttons are never numbered.
      const titles = elementsOfType(renderCircleNotice(t, notice, true).card, 'Action.Submit').map((a) => String(a.title));
      for (const title of titles) expect(rendered.text).not.toMatch(new RegExp(`^\\d+\\. ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    }
    const member = renderCircleNotice(t, sample<CircleNotice>('circle-notice.reminder-member'), false).text;
    expect(member).toContain(t.t('circles:checkin.callCoordinator'));
    expect(member).toContain(t.t('circles:checkin.typeHint'));
  });

  test('When a member checks in, then the card offers all good, a button per name not reached, one per name reached-but-worried, and help', () => {
    const t = translations.forLocale('nl');
    const card = renderCircleCard(checkinScreen(t, checkin, escapeCardText).view);
    const data = elementsOfType(card, 'Action.Submit').map((a) => a.data);
    expect(data).toEqual([
      { verb: 'circle.checkin', circleId: checkin.today.circleId, kind: 'ok' },
      { verb: 'circle.checkin', circleId: checkin.today.circleId, kind: 'needHelp' },
      { verb: 'circle.checkin', circleId: checkin.today.circleId, kind: 'notReached', about: 'm-0003' },
      { verb: 'circle.checkin', circleId: checkin.today.circleId, kind: 'worried', about: 'm-0003' },
    ]);
    const closed = renderCircleCard(checkinScreen(t, { ...checkin, today: { ...checkin.today, roundOpen: false } }).view);
    // A closed round still lets a member ask for help.
    expect(elementsOfType(closed, 'Action.Submit').map((a) => (a.data as { kind: string }).kind)).toEqual(['needHelp']);
  });

  test('When the list card is used, then only the join button sends the typed code', () => {
    const card = renderCircleCard(circleListScreen(translations.forLocale('nl'), list).view);
    const gathering = elementsOfType(card, 'Action.Submit').filter((a) => a.associatedInputs !== 'none');
    expect(gathering.map((a) => a.data)).toEqual([{ verb: 'circle.join' }]);
    expect(parseCardAction(submitPayload(card, gathering[0] ?? {}))).toEqual({ ok: true, action: { verb: 'circle.join', code: '12345678' } });
  });
});

describe('call-circle questions as text', () => {
  const t = translations.forLocale('nl');
  const q = (field: CircleQuestionInput['field'], extra: Partial<CircleQuestionInput> = {}): CircleQuestionInput => ({ field, ...extra });

  test.each<[string, CircleQuestionInput, string, string | undefined]>([
    ['yes by word', q('consent', { vars: { name: 'Anna' } }), 'ja', 'yes'],
    ['no in English', q('consent', { vars: { name: 'Anna' } }), 'No', 'no'],
    ['a number', q('mode'), '2', 'star'],
    ['words of an option', q('mode'), 'ster', 'star'],
    ['a number out of range', q('mode'), '3', undefined],
    ['weekdays typed as numbers', q('days'), '1, 3, 5', '1, 3, 5'],
    ['a button of the days', q('days'), 'elke dag', '1,2,3,4,5,6,7'],
    ['minutes typed', q('window'), '45', '45'],
    ['a member by number', q('pickMember', { choices: [{ value: 'm-1', label: 'Anna' }, { value: 'm-2', label: 'Bert' }] }), '2', 'm-2'],
    ['a member by name', q('pickMember', { choices: [{ value: 'm-1', label: 'Anna' }, { value: 'm-2', label: 'Bert' }] }), 'bert', 'm-2'],
    ['back', q('range', { vars: { name: 'Anna' } }), 'terug', 'back'],
    ['a free answer', q('firstName', { vars: { number: 1 } }), '  Anna  ', 'Anna'],
    ['nothing', q('firstName', { vars: { number: 1 } }), '   ', undefined],
    ['keep the time, by words', q('editTime', { vars: { current: '09:00' } }), 'zo laten', 'keep'],
    ['a new time', q('editTime', { vars: { current: '09:00' } }), '8.30', '8.30'],
    ['keep the mode, in English', q('editMode', { note: 'chain' }), 'keep as it is', 'keep'],
    ['reminder minutes typed', q('reminder', { vars: { current: 10, max: 120 } }), '10', '10'],
    ['reminder minutes by the words of a button', q('reminder', { vars: { current: 10, max: 120 } }), '30 minuten', '30'],
    ['no reminder wait', q('reminder', { vars: { current: 10, max: 120 } }), '0', '0'],
    ['a backup by number', q('pickBackup', { choices: [{ value: 'c-1', label: 'Kees' }, { value: 'c-2', label: 'Ria' }], note: 'none' }), '2', 'c-2'],
  ])('When %s is typed, then the answer is that value', (_name, input, typed, value) => {
    const answer = readCircleAnswer(typed, t, input);
    expect(answer?.value).toBe(value);
    if (answer) expect(answer).toEqual({ verb: 'circle.answer', field: input.field, value });
  });

  test('When a setting is changed without cards, then the question says what it is now and offers to keep it', () => {
    const time = circleQuestionText(t, q('editTime', { vars: { current: '09:00' } }));
    expect(time).toContain('09:00');
    expect(time).toContain(`1. ${t.t('circles:questions.editTime.options.keep')}`);
    expect(circleQuestionText(t, q('editDays', { preset: '1,3,5' }))).toContain(t.t('circles:input.daysNow', { days: 'ma, wo, vr' }));
    expect(circleQuestionText(t, q('editMode', { note: 'star' }))).toContain(t.t('circles:questions.editMode.notes.star'));
    const ack = circleQuestionText(t, q('ackWait', { vars: { current: 15, min: 5, max: 120 } }));
    expect(ack).toContain(t.t('circles:questions.ackWait.hint', { min: 5, max: 120 }));
    expect(ack).toContain('15');
  });

  test.each(LOCALES)('When a choice is asked again on a card (%s), then it does not say to type a number; without cards it does', (locale) => {
    const tl = translations.forLocale(locale);
    const input = q('mode', { problem: { code: 'CHOOSE' } });
    const cardText = JSON.stringify(renderCircleQuestionCard(tl, input)).toLowerCase();
    expect(cardText).toContain(tl.t('circles:errors.CHOOSE_ON_CARD').toLowerCase());
    expect(cardText).not.toMatch(/typ het nummer|type the number/);
    expect(circleQuestionText(tl, input)).toContain(tl.t('circles:errors.CHOOSE'));
  });

  test('When the days are asked without cards, then the days are numbered 1 to 7 (Monday first)', () => {
    const text = circleQuestionText(t, q('days'));
    expect(text).toContain('1. maandag');
    expect(text).toContain('7. zondag');
    expect(text).toContain(t.t('circles:text.typeDays'));
  });
});

describe('call-circle submits', () => {
  test.each<[string, unknown, CardAction]>([
    ['a check-in', { verb: 'circle.checkin', circleId: 'c-1', kind: 'ok' }, { verb: 'circle.checkin', circleId: 'c-1', kind: 'ok' }],
    ['not reached', { verb: 'circle.checkin', circleId: 'c-1', kind: 'notReached', about: 'm-2' }, { verb: 'circle.checkin', circleId: 'c-1', kind: 'notReached', about: 'm-2' }],
    ['an outcome', { verb: 'circle.outcome', circleId: 'c-1', escalationId: 'e-1', outcome: 'doctor' }, { verb: 'circle.outcome', circleId: 'c-1', escalationId: 'e-1', outcome: 'doctor' }],
    ['a date range', { verb: 'circle.answer', field: 'range', from: '2027-07-01', to: '2027-07-14' }, { verb: 'circle.answer', field: 'range', from: '2027-07-01', to: '2027-07-14' }],
    ['an edit', { verb: 'circle.edit', circleId: 'c-1', op: 'pauseMember', memberId: 'm-1' }, { verb: 'circle.edit', circleId: 'c-1', op: 'pauseMember', memberId: 'm-1' }],
    ['a schedule change', { verb: 'circle.edit', circleId: 'c-1', op: 'schedule' }, { verb: 'circle.edit', circleId: 'c-1', op: 'schedule' }],
    ['a kept setting', { verb: 'circle.answer', field: 'ackWait', value: 'keep' }, { verb: 'circle.answer', field: 'ackWait', value: 'keep' }],
    ['a join without code', { verb: 'circle.join' }, { verb: 'circle.join' }],
    ['rows of the members form', { verb: 'circle.answer', field: 'members', r1Name: 'Anna', r1Consent: 'true' }, { verb: 'circle.answer', field: 'members', r1Name: 'Anna', r1Consent: 'true' } as CardAction],
  ])('When the payload is %s, then it is accepted', (_name, payload, action) => {
    expect(parseCardAction(payload)).toEqual({ ok: true, action });
  });

  test.each<[string, unknown]>([
    ['an extra field', { verb: 'circle.close', circleId: 'c-1', memberId: 'm-1' }],
    ['a top-level key', { verb: 'circle.answer', field: 'name', value: 'x', key: 'name' }],
    ['"about" with all good', { verb: 'circle.checkin', circleId: 'c-1', kind: 'ok', about: 'm-2' }],
    ['not reached without who', { verb: 'circle.checkin', circleId: 'c-1', kind: 'notReached' }],
    ['an unknown check-in', { verb: 'circle.checkin', circleId: 'c-1', kind: 'fine' }],
    ['an unknown edit', { verb: 'circle.edit', circleId: 'c-1', op: 'export' }],
    ['an unknown outcome', { verb: 'circle.outcome', circleId: 'c-1', escalationId: 'e-1', outcome: 'police' }],
    ['an id with markup', { verb: 'circle.open', circleId: '<script>' }],
    ['an id with spaces', { verb: 'circle.ack', circleId: 'c-1', escalationId: 'e 1' }],
    ['an id too long', { verb: 'circle.open', circleId: 'c'.repeat(201) }],
    ['an answer to an unknown field', { verb: 'circle.answer', field: 'password', value: 'x' }],
    ['an answer over the length bound', { verb: 'circle.answer', field: 'name', value: 'x'.repeat(201) }],
    ['row inputs on another question', { verb: 'circle.answer', field: 'name', value: 'x', r1Name: 'Anna' }],
    ['a seventh row part', { verb: 'circle.answer', field: 'members', r1Email: 'a@example.org' }],
    ['a row part over the length bound', { verb: 'circle.answer', field: 'members', r1Name: 'x'.repeat(201) }],
  ])('When the payload has %s, then it is refused', (_name, payload) => {
    expect(parseCardAction(payload)).toEqual({ ok: false, code: 'CARD_ACTION_INVALID' });
  });
});

describe('what coordinators and members type', () => {
  test.each<[string, number[] | undefined]>([
    ['ma-vr', [1, 2, 3, 4, 5]],
    ['ma t/m vr', [1, 2, 3, 4, 5]],
    ['maandag tot en met vrijdag', [1, 2, 3, 4, 5]],
    ['elke dag', [1, 2, 3, 4, 5, 6, 7]],
    ['Every day', [1, 2, 3, 4, 5, 6, 7]],
    ['ma wo vr', [1, 3, 5]],
    ['ma, wo en vr', [1, 3, 5]],
    ['mon-fri', [1, 2, 3, 4, 5]],
    ['mon to fri', [1, 2, 3, 4, 5]],
    ['tues and thurs', [2, 4]],
    ['za-ma', [1, 6, 7]],
    ['weekend', [6, 7]],
    ['1,3,5', [1, 3, 5]],
    ['werkdagen', [1, 2, 3, 4, 5]],
    ['morgen', undefined],
    ['ma-', undefined],
    ['8', undefined],
    ['', undefined],
  ])('When the days "%s" are typed, then they are %j', (typed, days) => {
    expect(parseWeekdays(typed)).toEqual(days);
  });

  test.each<[string, { from: string; to: string } | undefined]>([
    ['1-7-2027 tot 14-7-2027', { from: '2027-07-01', to: '2027-07-14' }],
    ['01/07/2027 t/m 14/07/2027', { from: '2027-07-01', to: '2027-07-14' }],
    ['2027-07-01 to 2027-07-14', { from: '2027-07-01', to: '2027-07-14' }],
    ['14-7-2027 tot 1-7-2027', { from: '2027-07-14', to: '2027-07-01' }],
    ['3-3-2027', { from: '2027-03-03', to: '2027-03-03' }],
    ['volgende week', undefined],
    ['1-1-2027, 2-1-2027, 3-1-2027', undefined],
  ])('When the dates "%s" are typed, then they read as %j (the domain checks the order)', (typed, range) => {
    expect(parseDateRange(typed)).toEqual(range);
  });

  test('When minutes are typed, then a number with or without the word counts', () => {
    expect([parseMinutes('45'), parseMinutes('45 minuten'), parseMinutes('60 min'), parseMinutes('een half uur')]).toEqual([45, 45, 60, undefined]);
  });

  test.each<[string, CircleCommand | undefined]>([
    ['doe mee 1234 5678', { kind: 'join', code: '12345678' }],
    ['Join 12345678', { kind: 'join', code: '12345678' }],
    ['doe mee', { kind: 'join' }],
    ['Alles goed!', { kind: 'ok' }],
    ['all good', { kind: 'ok' }],
    ['Ik heb hulp nodig', { kind: 'needHelp' }],
    ['hulp', { kind: 'needHelp' }],
    ['Ik heb Anna niet bereikt', { kind: 'notReached', name: 'anna' }],
    ['Anna niet bereikt', { kind: 'notReached', name: 'anna' }],
    ["I couldn't reach Anna", { kind: 'notReached', name: 'anna' }],
    ['niet bereikt', { kind: 'notReached' }],
    ['rond', { kind: 'close' }],
    ['De cirkel is rond', { kind: 'close' }],
    ['opgepakt', { kind: 'ack' }],
    ['afgerond', { kind: 'resolve' }],
    ['hoe gaat het met de cirkel', undefined],
    ['doe mee met de cirkel', undefined],
  ])('When "%s" is typed, then it reads as %j', (typed, command) => {
    expect(readCircleCommand(typed)).toEqual(command);
  });
});

describe('call-circle words', () => {
  /** Every string in a locale tree, with its dotted key. */
  const leaves = (node: unknown, at = ''): Array<[string, string]> =>
    typeof node === 'string'
      ? [[at, node]]
      : node && typeof node === 'object'
        ? Object.entries(node).flatMap(([key, value]) => leaves(value, at ? `${at}.${key}` : key))
        : [];
  const nlTexts = () => leaves(RESOURCES.nl.circles);
  const sentences = (text: string) => text.split(/(?<=[.!?:])\s+/).filter((s) => s.trim().length > 0);
  const words = (sentence: string) => sentence.split(/\s+/).filter((w) => /\p{L}|\d/u.test(w)).length;

  test('When the Dutch circle texts are read, then they keep to B1: short sentences, and "u" rather than "je"', () => {
    const all = nlTexts().flatMap(([, text]) => sentences(text));
    expect(all.filter((s) => words(s) > 20)).toEqual([]);
    expect(all.reduce((sum, s) => sum + words(s), 0) / all.length).toBeLessThan(12);
    expect(nlTexts().filter(([, text]) => /\b(je|jij|jou|jouw|jullie)\b/i.test(text))).toEqual([]);
  });

  test('When a circle text names an emergency number, then it is 112 exactly', () => {
    const numbers = nlTexts().flatMap(([, text]) => text.match(/\b1\d{2}\b/g) ?? []);
    expect(numbers.length).toBeGreaterThan(3);
    expect(new Set(numbers)).toEqual(new Set(['112']));
  });
});

describe('circle dates people read (#14 point 5)', () => {
  it('When the coordinator reminder and the weekly overview are rendered, then dates read "ma 1 mrt 2027", never "01-03-2027" or ISO', () => {
    const t = translations.forLocale('nl');
    const reminder = renderCircleNotice(t, { kind: 'reminder', role: 'coordinator', circleId: 'c-1', circleName: 'Testcirkel', date: '2027-03-01', startTime: '09:00', late: false, calls: [], pausedToday: [] }, false).text;
    expect(reminder).toContain('ma 1 mrt 2027');
    const weekly = renderCircleNotice(
      t,
      { kind: 'weekly', circleName: 'Testcirkel', weekStart: '2027-03-01', weekEnd: '2027-03-07', figures: { rounds: 0, closed: 0, closedLate: 0, notClosed: 0, escalations: 0, outcomes: {}, missedEvents: 0 } },
      false,
    ).text;
    for (const text of [reminder, weekly]) expect(text).not.toMatch(/\d{2}-\d{2}-\d{4}|\d{4}-\d{2}-\d{2}/);
  });
});

describe('circle cards that read well (#14 point 5)', () => {
  const textBlocks = (card: unknown) => elementsOfType(card, 'TextBlock').map((b) => ({ text: String(b.text), wrap: b.wrap }));
  const PHONE = /^(?:\+|0)[\d ]{8,}$/;

  test.each(LOCALES)('When member lines are shown in %s, then each phone number stands alone, unwrapped, beside the words, and nothing is indented with spaces', (locale) => {
    const t = translations.forLocale(locale);
    const cards = {
      view: renderCircleCard(circleViewScreen(t, view, escapeCardText).view),
      summary: renderCircleQuestionCard(t, sample<CircleQuestionInput>('circle-question-card.summary')),
      escalation: renderCircleNotice(t, sample<CircleNotice>('circle-notice.escalation'), true).card,
    };
    for (const [name, card] of Object.entries(cards)) {
      const blocks = textBlocks(card);
      const phones = blocks.filter((b) => PHONE.test(b.text));
      expect([name, phones.length >= 2]).toEqual([name, true]);
      expect([name, phones.filter((b) => b.wrap !== false)]).toEqual([name, []]);
      // A phone number inside a wrapping line is where "06" and "00000002" came apart.
      expect([name, blocks.filter((b) => !PHONE.test(b.text) && /\b0\d \d{6,}/.test(b.text))]).toEqual([name, []]);
      expect([name, blocks.filter((b) => b.text.startsWith('\u00a0\u00a0'))]).toEqual([name, []]);
    }
    // The numbers in front are escaped: "1." alone is an empty Markdown list item, and showed nothing.
    const numbers = textBlocks(renderCircleCard(circleViewScreen(t, view, escapeCardText).view)).filter((b) => /^\d/.test(b.text));
    expect(numbers.map((b) => b.text)).toEqual(expect.arrayContaining(['1\\.', '2\\.']));
    // The text version keeps one line per member, as before.
    expect(circleQuestionText(t, sample<CircleQuestionInput>('circle-question-card.summary'))).toMatch(/1\. Anna, 06 00000001/);
  });

  test.each(LOCALES)('When a circle with pauses is shown in %s, then the pause dates read like every other date, never "19-07-2027" or ISO', (locale) => {
    const t = translations.forLocale(locale);
    const shown = circleViewScreen(t, view).view.sections.flatMap((s) => [...s.lines, ...(s.entries ?? []).flatMap((e) => e.rows.map((r) => r.text))]).join('\n');
    expect(shown).toContain(t.t('circles:view.circlePaused', { from: readableDate(t, '2027-07-19'), to: readableDate(t, '2027-08-01') }));
    expect(shown).not.toMatch(/\d{2}-\d{2}-\d{4}|\d{4}-\d{2}-\d{2}/);
  });

  test.each(LOCALES)('When a time is asked or shown in %s, then it says it is Dutch time', (locale) => {
    const zone = locale === 'nl' ? 'Nederlandse tijd' : 'Dutch time';
    const texts = leavesOf(RESOURCES[locale].circles).filter(([key, text]) => /\{\{(time|start|current)\}\}/.test(text) && !/Minutes|window|reminder|ackWait|pickBackup/i.test(key));
    expect(texts.length).toBeGreaterThan(10);
    expect(texts.filter(([, text]) => !text.includes(zone))).toEqual([]);
    const t = translations.forLocale(locale);
    for (const field of ['time', 'editTime'] as const) expect(t.t(`circles:questions.${field}.title`)).toContain(zone);
  });

  test.each(LOCALES)('When the members form renders in %s, then it has five rows of inputs and each row given back shows its own problem', (locale) => {
    const t = translations.forLocale(locale);
    const input = sample<CircleQuestionInput>('circle-question-card.members');
    const card = renderCircleQuestionCard(t, input);
    const ids = elementsOfType(card, 'Input.Text').map((i) => String(i.id));
    expect(ids).toHaveLength(25);
    expect(elementsOfType(card, 'Input.Toggle').map((i) => i.id)).toEqual(['r1Consent', 'r2Consent', 'r3Consent', 'r4Consent', 'r5Consent']);
    expect(elementsOfType(card, 'Input.Text').find((i) => i.id === 'r1Phone')?.value).toBe('12345');
    const texts = textBlocks(card).map((b) => b.text).join('\n');
    expect(texts).toContain(t.t('circles:rows.aboutName', { name: 'Carla', problem: t.t('circles:errors.PHONE_INVALID') }));
    expect(texts).toContain(t.t('circles:rows.aboutName', { name: 'Dirk', problem: t.t('circles:rows.ROW_NO_CONSENT') }));
    expect(texts).toContain(t.t('circles:rows.aboutLine', { row: 3, problem: t.t('circles:rows.ROW_UNREADABLE') }));
    // Without cards: the example format, and the same problems.
    const text = circleQuestionText(t, input);
    expect(text).toContain(t.list('circles:text.typeMembers')[2]);
    expect(text).toContain(t.t('circles:rows.aboutName', { name: 'Carla', problem: t.t('circles:errors.PHONE_INVALID') }));
  });
});

function leavesOf(node: unknown, at = ''): Array<[string, string]> {
  if (typeof node === 'string') return [[at, node]];
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([key, value]) => leavesOf(value, at ? `${at}.${key}` : key));
  return [];
}
