import { fail } from '../../src/domain/circles/circle';
import type { CirclesPort } from '../../src/application/circles/circles.types';
import { elementsOfType } from '../helpers/adaptive-cards';
import { answer, CARD, circleChat, play, type Step, submit } from '../helpers/circle-chat';
import { type CircleWorld, openCircleWorld } from '../helpers/circle-fixtures';
import { en, nl } from '../helpers/dialog-client';

/**
 * "Nieuwe belcirkel" step tables, on the real use cases (temp folder, fixed clock: Monday
 * 1 March 2027, 08:00 in Amsterdam). "msteams" gets cards and answers with card submits; "sms"
 * has no cards and is answered by typing.
 */
const COORDINATOR = 'chat-coordinator-create';
const q = (t: typeof nl, field: string, vars?: Record<string, string | number>) => t.t(`circles:questions.${field}.title`, vars);
const err = (t: typeof nl, code: string, vars: Record<string, string | number> = {}) => t.t(`circles:errors.${code}`, { min: 10, max: 180, count: 20, days: 366, ...vars });

let world: CircleWorld;
beforeEach(async () => {
  world = await openCircleWorld();
});
afterEach(async () => {
  await world.close();
});

/** From the menu to the members form, in Dutch with cards; the time is said back at once, in Dutch time. */
const NL_SETTINGS: Step[] = [
  ['hallo', CARD],
  [submit({ verb: 'menu', choice: 'circle' }), nl.t('circles:list.none')],
  [submit({ verb: 'circle.create' }), q(nl, 'name')],
  [answer('name', 'Belcirkel De Linde'), q(nl, 'time')],
  [answer('time', '25:00'), err(nl, 'TIME_INVALID')],
  [answer('time', 'morgen'), err(nl, 'TIME_INVALID')],
  [answer('time', '9.00'), new RegExp(`${escape(q(nl, 'days'))}[\\s\\S]*${escape(nl.t('circles:questions.days.notes.timeSet', { time: '09:00' }))}`)],
  [answer('days', '1,2,3,4,5'), q(nl, 'mode')],
  [answer('mode', 'chain'), q(nl, 'window')],
  [answer('window', '30'), q(nl, 'holidays')],
  [answer('holidays', 'yes'), nl.t('circles:questions.members.title')],
];

type Row = [firstName: string, phone: string, khName: string, khPhone: string, relation: string, consent?: boolean];
/** The members form as submitted: up to five rows, the rest left empty (empty inputs are sent as ""). */
const form = (rows: readonly Row[]) =>
  answer(
    'members',
    undefined,
    Object.fromEntries(
      [1, 2, 3, 4, 5].flatMap((n) => {
        const [name = '', phone = '', khName = '', khPhone = '', relation = '', consent = false] = rows[n - 1] ?? [];
        return [
          [`r${n}Name`, name],
          [`r${n}Phone`, phone],
          [`r${n}KhName`, khName],
          [`r${n}KhPhone`, khPhone],
          [`r${n}KhRelation`, relation],
          [`r${n}Consent`, consent ? 'true' : 'false'],
        ];
      }),
    ),
  );
/** Member n, with a key holder; clearly fake numbers. */
const row = (n: number, consent = true): Row => [`Lid${n}`, `06 000000${String(n).padStart(2, '0')}`, `Sleutel${n}`, `06 100000${String(n).padStart(2, '0')}`, 'buurvrouw', consent];
const rowProblem = (t: typeof nl, name: string, problem: string) => t.t('circles:rows.aboutName', { name, problem });

describe('create a circle, Dutch, cards', () => {
  test('When a coordinator fills the members form, then good rows are kept, each bad row comes back with why, and the circle is saved once', async () => {
    const { client, logger } = circleChat(world, 'msteams', 'nl-NL', COORDINATOR);
    await play(client, [
      ...NL_SETTINGS,
      [
        form([
          ['Anna', '06 00000001', 'Sleutel Anna', '06 90000001', 'buurvrouw', true],
          ['Bert', '12345', 'Truus', '0031610000002', 'dochter', true],
          ['Carla', '06 00000003', 'Henk', '06 90000003', 'zoon', false],
          ['Dirk', '', '', '', ''],
        ]),
        new RegExp(
          [
            escape(nl.t('circles:create.membersAdded', { names: 'Anna', count: 1 })),
            escape(nl.t('circles:questions.members.title')),
            escape(nl.t('circles:questions.members.notes.retry', { names: 'Anna' })),
            escape(rowProblem(nl, 'Bert', err(nl, 'PHONE_INVALID'))),
            escape(rowProblem(nl, 'Carla', nl.t('circles:rows.ROW_NO_CONSENT'))),
            escape(rowProblem(nl, 'Dirk', nl.t('circles:rows.ROW_INCOMPLETE'))),
          ].join('[\\s\\S]*'),
        ),
      ],
      // Bert's corrected phone is Anna's: the same person twice. Carla and Dirk are left out.
      [form([['Bert', '06-00000001', 'Truus', '0031610000002', 'dochter', true]]), rowProblem(nl, 'Bert', err(nl, 'MEMBER_TWICE'))],
      [
        form([['Bert', '+31 6 00000002', 'Truus', '0031610000002', 'dochter', true]]),
        new RegExp(`${escape(nl.t('circles:create.membersAdded', { names: 'Anna, Bert', count: 2 }))}[\\s\\S]*${escape(nl.t('circles:questions.summary.title'))}`),
      ],
      [answer('summary', 'save'), nl.t('circles:create.saved', { name: 'Belcirkel De Linde' })],
    ]);
    const circles = await world.circles.listFor(COORDINATOR);
    expect(circles).toEqual([expect.objectContaining({ name: 'Belcirkel De Linde', role: 'coordinator', startTime: '09:00', memberCount: 2 })]);
    const view = await world.circles.view({ chatKey: COORDINATOR }, circles[0]?.circleId ?? '');
    expect(view.ok && view.value).toMatchObject({
      weekdays: [1, 2, 3, 4, 5],
      mode: 'chain',
      windowMinutes: 30,
      skipHolidays: true,
      members: [
        { firstName: 'Anna', phone: '06 00000001', keyHolder: { name: 'Sleutel Anna', relation: 'buurvrouw', phone: '06 90000001' } },
        { firstName: 'Bert', phone: '06 00000002', keyHolder: { name: 'Truus', relation: 'dochter', phone: '06 10000002' } },
      ],
      coordinators: [{ name: 'Test Coördinator', isYou: true }],
    });
    const logged = JSON.stringify(logger.lines);
    for (const personal of ['Anna', 'Bert', 'Truus', 'Carla', '0600000001', '00000001', 'Linde']) expect(logged).not.toContain(personal);
    expect(logger.lines.map((l) => l.code)).toEqual(expect.arrayContaining(['CIRCLE_CREATE_STARTED', 'CIRCLE_CREATED']));
  });

  test.each([
    [2, 10],
    [10, 12],
  ])('When a circle of %i members is set up with the form, then it takes %i steps from "Belcirkel" to saved', async (count, expected) => {
    const { client } = circleChat(world, 'msteams', 'nl-NL', COORDINATOR);
    const rows = Array.from({ length: count }, (_, i) => row(i + 1));
    const forms: Step[] = [];
    for (let at = 0; at < rows.length; at += 5) {
      if (at > 0) forms.push([answer('summary', 'add'), nl.t('circles:questions.members.title')]);
      forms.push([form(rows.slice(at, at + 5)), nl.t('circles:questions.summary.title')]);
    }
    // The settings without the two refused times: one answer per question.
    const settings = NL_SETTINGS.filter((_, i) => i !== 4 && i !== 5);
    const steps: Step[] = [...settings, ...forms, [answer('summary', 'save'), nl.t('circles:create.saved', { name: 'Belcirkel De Linde' })]];
    await play(client, steps);
    // "hallo" only opens the menu: the steps count from choosing "Belcirkel" (the review counted 23 for 2 members).
    expect(steps.length - 1).toBe(expected);
    const [circle] = await world.circles.listFor(COORDINATOR);
    expect(circle?.memberCount).toBe(count);
  });

  test('When the form is sent empty, or nobody agreed to share their number, then there is no circle: the rows come back', async () => {
    const { client } = circleChat(world, 'msteams', 'nl-NL', COORDINATOR);
    await play(client, [
      ...NL_SETTINGS,
      [form([]), err(nl, 'CIRCLE_EMPTY')],
      [answer('members', 'done'), err(nl, 'CIRCLE_EMPTY')],
      [form([row(1, false)]), rowProblem(nl, 'Lid1', nl.t('circles:rows.ROW_NO_CONSENT')), nl.t('circles:create.membersAdded', { names: 'Lid1', count: 1 })],
      ['menu', nl.t('cards:menu.title')],
    ]);
    expect(await world.circles.listFor(COORDINATOR)).toEqual([]);
  });

  test('When the summary removes the last member, then saving asks for a member first', async () => {
    const { client } = circleChat(world, 'msteams', 'nl-NL', COORDINATOR);
    await play(client, [
      ...NL_SETTINGS,
      [form([row(1)]), nl.t('circles:questions.summary.title')],
      [answer('summary', 'remove'), q(nl, 'pickMember')],
      [answer('pickMember', '0'), err(nl, 'CIRCLE_EMPTY')],
    ]);
    expect(await world.circles.listFor(COORDINATOR)).toEqual([]);
  });

  test('When the summary is shown, then "Opslaan" is the positive button and "Stoppen zonder opslaan" the destructive one, as on the report summary', async () => {
    const { client } = circleChat(world, 'msteams', 'nl-NL', COORDINATOR);
    const transcript = await play(client, [...NL_SETTINGS, [form([row(1)]), nl.t('circles:questions.summary.title')]]);
    const card = transcript.at(-1)?.flatMap((a) => a.attachments?.map((x) => x.content) ?? []);
    const styles = Object.fromEntries(elementsOfType(card, 'Action.Submit').map((a) => [(a.data as { value?: string }).value, a.style]));
    expect(styles).toEqual({ save: 'positive', add: 'default', remove: 'default', stop: 'destructive' });
  });

  test('When the use case refuses the save (the same member twice, a member field), then it says why and nothing is half-saved', async () => {
    let refusals = [fail('MEMBER_TWICE'), fail('PHONE_INVALID', 'members.0.keyHolder.phone')];
    const port: CirclesPort = new Proxy(world.circles, {
      get(target, prop, receiver) {
        if (prop === 'create') {
          return async (...args: Parameters<CirclesPort['create']>) => {
            const [next, ...rest] = refusals;
            refusals = rest;
            return next ?? target.create(...args);
          };
        }
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    const { client, logger } = circleChat(port, 'msteams', 'nl-NL', COORDINATOR);
    await play(client, [
      ...NL_SETTINGS,
      [form([['Anna', '06 00000001', 'Sleutel Anna', '06 90000001', 'buurvrouw', true]]), nl.t('circles:questions.summary.title')],
      [answer('summary', 'save'), new RegExp(`${escape(err(nl, 'MEMBER_TWICE'))}[\\s\\S]*${escape(nl.t('circles:questions.summary.title'))}`)],
      [answer('summary', 'save'), new RegExp(`${escape(err(nl, 'PHONE_INVALID'))}[\\s\\S]*${escape(q(nl, 'khPhone', { keyHolder: 'Sleutel Anna' }))}`)],
      [answer('khPhone', '06 11111111'), nl.t('circles:questions.summary.title')],
      [answer('summary', 'save'), nl.t('circles:create.saved', { name: 'Belcirkel De Linde' })],
    ]);
    const [circle] = await world.circles.listFor(COORDINATOR);
    const view = await world.circles.view({ chatKey: COORDINATOR }, circle?.circleId ?? '');
    expect(view.ok && view.value.members.map((m) => m.keyHolder.phone)).toEqual(['06 11111111']);
    expect(logger.lines.filter((l) => l.code === 'CIRCLE_CREATE_REFUSED').map((l) => l.reason)).toEqual(['MEMBER_TWICE', 'PHONE_INVALID']);
  });

  test('When "112" is typed in the middle of creating, then the numbers show at once and "1" goes back to the same question', async () => {
    const { client } = circleChat(world, 'sms', 'nl-NL', COORDINATOR);
    await play(client, [
      ['hallo', nl.t('common:welcome.text')],
      ['4', nl.t('circles:list.none')],
      ['1', q(nl, 'name')],
      ['Belcirkel De Linde', q(nl, 'time')],
      ['112', /112/, q(nl, 'time')],
      ['1', q(nl, 'time')],
      ['Ik heb hulp nodig', /112[\s\S]*0800 0113[\s\S]*088 0767 000/, nl.t('circles:checkin.helpSent')],
      ['1', q(nl, 'time')],
      ['9:00', q(nl, 'days')],
    ]);
  });
});

describe('create a circle, English, text only', () => {
  test('When a coordinator types every answer, then the circle is saved with what was typed', async () => {
    const { client } = circleChat(world, 'sms', 'en-US', COORDINATOR);
    await play(client, [
      ['hello', en.t('common:welcome.text')],
      ['4', en.t('circles:list.none')],
      ['1', en.t('circles:questions.name.title')],
      ['Morning circle', en.t('circles:questions.time.title')],
      ['tomorrow', en.t('circles:errors.TIME_INVALID')],
      ['8.30', new RegExp(`${escape(en.t('circles:questions.days.title'))}[\\s\\S]*${escape(en.t('circles:questions.days.notes.timeSet', { time: '08:30' }))}`)],
      ['someday', en.t('circles:errors.DAYS_UNREADABLE')],
      ['mon-fri', en.t('circles:questions.mode.title')],
      ['2', en.t('circles:questions.window.title')],
      ['5', err(en, 'WINDOW_INVALID')],
      ['45 minutes', en.t('circles:questions.holidays.title')],
      ['no', en.t('circles:questions.members.title')],
      // A typed list, one member a line: the good lines are kept, the bad ones come back with why.
      [
        'Anna, +44 20 7946 0000, Piet, 010 1234567, son\nBert 06 00000002 Truus\nCarla, 06 00000003, Henk, 123, friend',
        new RegExp(
          [
            escape(en.t('circles:rows.aboutLine', { row: 2, problem: en.t('circles:rows.ROW_UNREADABLE') })),
            escape(en.t('circles:rows.aboutName', { name: 'Carla', problem: err(en, 'PHONE_INVALID') })),
            escape(en.t('circles:questions.consentAll.title')),
            'Anna\\.',
          ].join('[\\s\\S]*'),
        ),
      ],
      ['maybe', en.t('circles:text.retryAnswer')],
      ['yes', new RegExp(`${escape(en.t('circles:create.membersAdded', { names: 'Anna', count: 1 }))}[\\s\\S]*${escape(en.t('circles:questions.members.notes.retry', { names: 'Anna' }))}`)],
      ['Carla, 06 00000003, Henk, 06 10000003, friend', en.t('circles:questions.consentAll.title')],
      ['no', en.t('circles:create.noConsentAll')],
      ['done', /Morning circle[\s\S]*08:30 Dutch time/],
      ['1', en.t('circles:create.saved', { name: 'Morning circle' })],
    ]);
    const [circle] = await world.circles.listFor(COORDINATOR);
    const view = await world.circles.view({ chatKey: COORDINATOR }, circle?.circleId ?? '');
    expect(view.ok && view.value).toMatchObject({
      name: 'Morning circle',
      startTime: '08:30',
      weekdays: [1, 2, 3, 4, 5],
      mode: 'star',
      windowMinutes: 45,
      skipHolidays: false,
      members: [{ firstName: 'Anna', phone: '+442079460000', keyHolder: { name: 'Piet', phone: '010 1234567', relation: 'son' } }],
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
