import { fail } from '../../src/domain/circles/circle';
import type { CirclesPort } from '../../src/application/circles/circles.types';
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

/** From the menu to the first member's name, in Dutch with cards. */
const NL_SETTINGS: Step[] = [
  ['hallo', CARD],
  [submit({ verb: 'menu', choice: 'circle' }), nl.t('circles:list.none')],
  [submit({ verb: 'circle.create' }), q(nl, 'name')],
  [answer('name', 'Belcirkel De Linde'), q(nl, 'time')],
  [answer('time', '25:00'), err(nl, 'TIME_INVALID')],
  [answer('time', 'morgen'), err(nl, 'TIME_INVALID')],
  [answer('time', '9.00'), q(nl, 'days')],
  [answer('days', '1,2,3,4,5'), q(nl, 'mode')],
  [answer('mode', 'chain'), q(nl, 'window')],
  [answer('window', '30'), q(nl, 'holidays')],
  [answer('holidays', 'yes'), q(nl, 'firstName', { number: 1 })],
];

/** One member by card: name, phone, key holder, relation, consent. */
const member = (name: string, phone: string, consent: 'yes' | 'no', number: number): Step[] => [
  [answer('firstName', name), q(nl, 'phone', { name })],
  [answer('phone', phone), q(nl, 'khName', { name })],
  [answer('khName', `Sleutel ${name}`), q(nl, 'khPhone', { keyHolder: `Sleutel ${name}` })],
  [answer('khPhone', `06 9${phone.replace(/\D/g, '').slice(-7)}`), q(nl, 'khRelation', { keyHolder: `Sleutel ${name}`, name })],
  [answer('khRelation', 'buurvrouw'), q(nl, 'consent', { name })],
  [answer('consent', consent), consent === 'yes' ? nl.t('circles:create.memberAdded', { name, number }) : nl.t('circles:create.noConsent', { name })],
];

describe('create a circle, Dutch, cards', () => {
  test('When a coordinator answers every question, then the circle is saved once, with only the members who agreed', async () => {
    const { client, logger } = circleChat(world, 'msteams', 'nl-NL', COORDINATOR);
    await play(client, [
      ...NL_SETTINGS,
      ...member('Anna', '06 00000001', 'yes', 1),
      [answer('more', 'yes'), q(nl, 'firstName', { number: 2 })],
      [answer('firstName', 'Bert'), q(nl, 'phone', { name: 'Bert' })],
      [answer('phone', '12345'), err(nl, 'PHONE_INVALID')],
      [answer('phone', '06-00000001'), err(nl, 'MEMBER_TWICE')],
      [answer('phone', '+31 6 00000002'), q(nl, 'khName', { name: 'Bert' })],
      [answer('khName', 'Truus'), q(nl, 'khPhone', { keyHolder: 'Truus' })],
      [answer('khPhone', '0031610000002'), q(nl, 'khRelation', { keyHolder: 'Truus', name: 'Bert' })],
      [answer('khRelation', 'dochter'), q(nl, 'consent', { name: 'Bert' })],
      [answer('consent', 'no'), nl.t('circles:create.noConsent', { name: 'Bert' })],
      [answer('more', 'no'), nl.t('circles:questions.summary.title'), 'Bert'],
      [answer('summary', 'save'), nl.t('circles:create.saved', { name: 'Belcirkel De Linde' })],
    ]);
    const circles = await world.circles.listFor(COORDINATOR);
    expect(circles).toEqual([expect.objectContaining({ name: 'Belcirkel De Linde', role: 'coordinator', startTime: '09:00', memberCount: 1 })]);
    const view = await world.circles.view({ chatKey: COORDINATOR }, circles[0]?.circleId ?? '');
    expect(view.ok && view.value).toMatchObject({
      weekdays: [1, 2, 3, 4, 5],
      mode: 'chain',
      windowMinutes: 30,
      skipHolidays: true,
      members: [{ firstName: 'Anna', phone: '06 00000001', keyHolder: { name: 'Sleutel Anna', relation: 'buurvrouw', phone: '06 90000001' } }],
      coordinators: [{ name: 'Test Coördinator', isYou: true }],
    });
    const logged = JSON.stringify(logger.lines);
    for (const personal of ['Anna', 'Bert', 'Truus', '0600000001', '00000001', 'Linde']) expect(logged).not.toContain(personal);
    expect(logger.lines.map((l) => l.code)).toEqual(expect.arrayContaining(['CIRCLE_CREATE_STARTED', 'CIRCLE_CREATED']));
  });

  test('When nobody agreed to share their number, then there is no circle: at least one member is asked for', async () => {
    const { client } = circleChat(world, 'msteams', 'nl-NL', COORDINATOR);
    await play(client, [
      ...NL_SETTINGS,
      ...member('Anna', '06 00000001', 'no', 1),
      [answer('more', 'no'), err(nl, 'CIRCLE_EMPTY')],
      [answer('firstName', 'Anna'), q(nl, 'phone', { name: 'Anna' })],
      ['menu', nl.t('cards:menu.title')],
    ]);
    expect(await world.circles.listFor(COORDINATOR)).toEqual([]);
  });

  test('When the summary removes the last member, then saving asks for a member first', async () => {
    const { client } = circleChat(world, 'msteams', 'nl-NL', COORDINATOR);
    await play(client, [
      ...NL_SETTINGS,
      ...member('Anna', '06 00000001', 'yes', 1),
      [answer('more', 'no'), nl.t('circles:questions.summary.title')],
      [answer('summary', 'remove'), q(nl, 'pickMember')],
      [answer('pickMember', '0'), err(nl, 'CIRCLE_EMPTY')],
    ]);
    expect(await world.circles.listFor(COORDINATOR)).toEqual([]);
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
      ...member('Anna', '06 00000001', 'yes', 1),
      [answer('more', 'no'), nl.t('circles:questions.summary.title')],
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
      ['8.30', en.t('circles:questions.days.title')],
      ['someday', en.t('circles:errors.DAYS_UNREADABLE')],
      ['mon-fri', en.t('circles:questions.mode.title')],
      ['2', en.t('circles:questions.window.title')],
      ['5', err(en, 'WINDOW_INVALID')],
      ['45 minutes', en.t('circles:questions.holidays.title')],
      ['no', en.t('circles:questions.firstName.title', { number: 1 })],
      ['Anna', en.t('circles:questions.phone.title', { name: 'Anna' })],
      ['+44 20 7946 0000', en.t('circles:questions.khName.title', { name: 'Anna' })],
      ['Piet', en.t('circles:questions.khPhone.title', { keyHolder: 'Piet' })],
      ['010 1234567', en.t('circles:questions.khRelation.title', { keyHolder: 'Piet', name: 'Anna' })],
      ['son', en.t('circles:questions.consent.title', { name: 'Anna' })],
      ['maybe', en.t('circles:text.retryAnswer')],
      ['yes', en.t('circles:questions.more.title')],
      ['2', /Morning circle[\s\S]*08:30/],
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
