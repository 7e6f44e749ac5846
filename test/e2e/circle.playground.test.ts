import type { Locator } from 'playwright-core';
import { createTranslations } from '../../src/i18n/i18n';
import { nextOccurrence } from '../../src/domain/circles/schedule';
import { describeInBrowser } from '../helpers/browser';
import { apologiesShown, runSteps } from '../helpers/chat-steps';
import { PlaygroundChat, type PlaygroundSession, startPlaygroundSession, switchToDutch, waitForWelcome } from '../helpers/playground';

/**
 * A call-circle (belcirkel) coordinator in Microsoft 365 Agents Playground's personal chat, in
 * headless Chromium: creates a circle by chat (typing the text answers, clicking the card buttons
 * for the choices, one bad time on the way, both members on the members form card with one bad
 * phone number that comes back on its own row), then gets the morning reminder card from the
 * scheduler, reports a member not reached (the alert card is the one answer, updated in place by
 * "Ik pak het op"), records the outcome and closes the round with "De cirkel is rond".
 *
 * Time: the bot runs on the system clock and the cron ticker is off (CIRCLE_SCHEDULER=false), so
 * only this test's tick fires events. A tick at a future instant queues its messages for that
 * instant (nextAttemptAt = the tick's now), and the outbox worker sends what is due by the app's
 * clock; so for the reminder the bot's own clock (a real clock with an offset, given to createApp)
 * is moved to the reminder instant, as if the morning had come. Browser and playground keep real
 * time. Expected texts come from the locale files (strict). Screenshots: test-output/e2e/circle-*.png.
 */

/** The flow has eleven steps; on a shared 2-core machine a step can take several seconds. */
const TEST_TIMEOUT_MS = 150_000;

/** The bot's clock: real time plus an offset the test moves (the browser keeps real time). */
const botClock = { offsetMs: 0, now: () => new Date(Date.now() + botClock.offsetMs) };
/** The outbox worker polls every 250 ms here and is woken at once by the scheduler's relay. */
const CARD_TIMEOUT_MS = 15_000;

const translations = createTranslations({ strict: true });
const en = translations.forLocale('en');
const nl = translations.forLocale('nl');

/** Synthetic test data only. */
const CIRCLE = { name: 'Belcirkel Testlaan', time: '9:00', startTime: '09:00' };
const MEMBERS = [
  { firstName: 'Testlid Een', phone: '06 00000001', khName: 'Sleutel Een', khPhone: '06 10000001', khRelation: 'buurvrouw' },
  { firstName: 'Testlid Twee', phone: '06 00000002', khName: 'Sleutel Twee', khPhone: '06 10000002', khRelation: 'zoon' },
] as const;

const q = (field: string, vars?: Record<string, string | number>) => nl.t(`circles:questions.${field}.title`, vars);
const option = (field: string, name: string) => nl.t(`circles:questions.${field}.options.${name}`);

describeInBrowser('A call-circle coordinator in the Microsoft 365 Agents Playground (headless Chromium)', { timeoutMs: TEST_TIMEOUT_MS }, (chromium) => {
  let session: PlaygroundSession | undefined;
  let chat: PlaygroundChat | undefined;


  afterEach(async () => {
    // The app's clock back to the system's (it was moved to the reminder instant).
    botClock.offsetMs = 0;
    // Whatever the flow, the user never saw an apology and the bot never failed a turn.
    await chat?.screenshot('99-end').catch(() => undefined);
    const apologised = await apologiesShown(chat?.page, [en, nl]);
    const codes = session?.logs.codes() ?? [];
    await chat?.close();
    await session?.stop();
    chat = undefined;
    session = undefined;
    expect(apologised).toBe(0);
    expect(codes).not.toContain('TURN_ERROR');
  }, TEST_TIMEOUT_MS);

  /** No template placeholder left over, no untranslated `{{var}}`, no locale key shown. */
  async function expectRendered(card: Locator): Promise<string> {
    const text = await card.innerText();
    expect(text).not.toMatch(/\$\{|\{\{|\}\}|circles:|cards:/);
    return text;
  }

  /**
   * Fills row `index` of the members form card: the five text inputs of a row in order (first
   * name, phone, key holder name, phone, relation), then its consent tick.
   */
  async function fillRow(card: Locator, index: number, m: { firstName: string; phone: string; khName: string; khPhone: string; khRelation: string }): Promise<void> {
    const inputs = card.locator('input:not([type="checkbox"])');
    const values = [m.firstName, m.phone, m.khName, m.khPhone, m.khRelation];
    for (const [k, value] of values.entries()) await inputs.nth(index * 5 + k).fill(value);
    const consent = card.locator('input[type="checkbox"]').nth(index);
    if (!(await consent.isChecked())) await consent.check();
  }

  test(
    'When a coordinator creates a belcirkel by chat and the morning comes, then the reminder card shows the order and "De cirkel is rond" closes the round',
    async () => {
      session = await startPlaygroundSession({ env: { OUTBOX_POLL_MS: '250', CIRCLE_SCHEDULER: 'false' }, clock: botClock });
      const s = session;
      const c = (chat = await PlaygroundChat.open(chromium.browser, s.url, 'circle'));

      // 1. Welcome, Dutch, the menu's "Belcirkel", "Nieuwe belcirkel maken".
      await waitForWelcome(c, en, nl);
      const menu = await switchToDutch(c, nl);
      const list = await c.expectNewCard(nl.t('circles:list.none'), () => c.click(menu, nl.t('cards:menu.circle')));
      await expectRendered(list);
      await c.screenshot('01-circle-list', list);
      const nameCard = await c.expectNewCard(q('name'), () => c.click(list, nl.t('circles:list.create')));
      await c.expectText(nl.t('circles:create.start'));
      await expectRendered(nameCard);
      await c.screenshot('02-question-name', nameCard);

      // 2. The settings: typed where the question asks for text, clicked where it offers choices.
      await runSteps(c, nameCard, [{ type: CIRCLE.name, next: q('time') }]);
      // A time that does not exist: asked again, politely, with the reason on top.
      const retry = await c.expectNewCard(nl.t('circles:errors.TIME_INVALID'), () => c.send('25:00'));
      expect(await expectRendered(retry)).toContain(q('time'));
      await c.screenshot('03-time-retry', retry);
      const days = await runSteps(c, retry, [{ type: CIRCLE.time, next: q('days') }]);
      // The time is said back at once, in Dutch time.
      expect(await expectRendered(days)).toContain(nl.t('circles:questions.days.notes.timeSet', { time: CIRCLE.startTime }));
      await c.screenshot('04-question-days', days);
      const form = await runSteps(c, days, [
        { click: option('days', 'all'), next: q('mode') },
        { click: option('mode', 'chain'), next: q('window') },
        { click: option('window', '30'), next: q('holidays') },
        { click: option('holidays', 'yes'), next: q('members') },
      ]);

      // 3. The members form: both members at once. The second phone is mistyped: that row comes
      // back with its reason and what was typed; the good row is kept.
      await expectRendered(form);
      await fillRow(form, 0, MEMBERS[0]);
      await fillRow(form, 1, { ...MEMBERS[1], phone: '12345' });
      await c.screenshot('05a-members-form', form);
      const rowProblem = nl.t('circles:rows.aboutName', { name: MEMBERS[1].firstName, problem: nl.t('circles:errors.PHONE_INVALID') });
      const retryForm = await c.expectNewCard(rowProblem, () => c.click(form, nl.t('circles:input.submit')));
      await c.expectText(nl.t('circles:create.membersAdded', { names: MEMBERS[0].firstName, count: 1 }));
      expect(await expectRendered(retryForm)).toContain(nl.t('circles:questions.members.notes.retry', { names: MEMBERS[0].firstName }));
      expect(await retryForm.locator('input:not([type="checkbox"])').nth(0).inputValue()).toBe(MEMBERS[1].firstName);
      await c.screenshot('05b-members-retry', retryForm);
      await retryForm.locator('input:not([type="checkbox"])').nth(1).fill(MEMBERS[1].phone);
      const next = await c.expectNewCard(q('summary'), () => c.click(retryForm, nl.t('circles:input.submit')));

      // 4. The summary shows what was entered; "Opslaan" saves.
      const summary = next;
      const summaryText = await expectRendered(summary);
      await c.screenshot('05-summary', summary);
      expect(summaryText).toContain(nl.t('circles:summary.name', { name: CIRCLE.name }));
      expect(summaryText).toContain(nl.t('circles:summary.start', { time: CIRCLE.startTime }));
      expect(summaryText).toContain(nl.t('circles:summary.mode.chain'));
      expect(summaryText).toContain(nl.t('circles:summary.holidaysSkipped'));
      expect(summaryText).toContain(nl.t('circles:summary.membersTitle', { count: MEMBERS.length }));
      for (const m of MEMBERS) {
        expect(summaryText).toContain(m.firstName);
        expect(summaryText).toContain(m.khName);
      }
      for (const name of ['save', 'add', 'remove', 'stop']) {
        await summary.getByRole('button', { name: option('summary', name), exact: true }).waitFor();
      }
      // Phone numbers stand whole on the summary (their own unwrapped text beside the words).
      for (const m of MEMBERS) await summary.getByText(m.phone, { exact: true }).waitFor();
      // ...and each member's number in front is shown (an unescaped "1." vanished as an empty list item).
      for (const n of MEMBERS.keys()) await summary.getByText(`${n + 1}.`, { exact: true }).waitFor();
      await c.click(summary, option('summary', 'save'));
      const saved = await c.expectText(nl.t('circles:create.saved', { name: CIRCLE.name }));
      await c.screenshot('06-saved');
      // The confirmation names the circle, nobody's number.
      const savedText = await saved.innerText();
      for (const m of MEMBERS) {
        expect(savedText).not.toContain(m.phone);
        expect(savedText).not.toContain(m.firstName);
      }

      // The circle exists, once, as entered, with this chat as its coordinator.
      const schedules = s.app.circles.store.schedules();
      expect(schedules).toHaveLength(1);
      const plan = schedules[0]!;
      expect(plan).toMatchObject({ name: CIRCLE.name, startTime: CIRCLE.startTime, weekdays: [1, 2, 3, 4, 5, 6, 7], mode: 'chain', windowMinutes: 30, skipHolidays: true });
      expect(plan.members).toHaveLength(MEMBERS.length);
      const coordinatorChat = plan.coordinators[0]!.chatKey;
      await expect(s.app.circles.circles.listFor(coordinatorChat)).resolves.toEqual([
        expect.objectContaining({ circleId: plan.id, name: CIRCLE.name, role: 'coordinator', startTime: CIRCLE.startTime, memberCount: MEMBERS.length }),
      ]);
      const view = await s.app.circles.circles.view({ chatKey: coordinatorChat }, plan.id);
      expect(view.ok && view.value.members.map((m) => [m.firstName, m.keyHolder.name])).toEqual(MEMBERS.map((m) => [m.firstName, m.khName]));

      // 5. The morning comes: the next reminder instant (start minus reminderMinutes, Amsterdam).
      const occurrence = nextOccurrence(s.app.circles.store.schedule(plan.id)!, 'reminder', new Date());
      if (!occurrence) throw new Error('the new circle has no reminder planned');
      const offset = occurrence.at.getTime() - Date.now();
      botClock.offsetMs = offset;
      const reminderTitle = nl.t('circles:notices.reminder.title', { name: CIRCLE.name, time: CIRCLE.startTime });
      const reminder = await c.expectNewCard(
        reminderTitle,
        async () => {
          const tick = await s.app.circles.scheduler.tick(occurrence.at);
          expect(tick.queued).toBeGreaterThanOrEqual(1);
        },
        CARD_TIMEOUT_MS,
      );
      const reminderText = await expectRendered(reminder);
      await c.screenshot('07-reminder', reminder);
      expect(reminderText).toContain(CIRCLE.name);
      expect(reminderText).toContain(nl.t('circles:notices.reminder.orderTitle'));
      const [first, second] = MEMBERS;
      expect(reminderText).toContain(nl.t('circles:view.calls', { caller: first.firstName, callee: second.firstName }));
      expect(reminderText).toContain(nl.t('circles:view.callsBack', { caller: second.firstName, callee: nl.t('circles:view.theCoordinator') }));
      // The reminder is about who calls whom: no phone numbers, no key holders.
      for (const m of MEMBERS) for (const value of [m.phone, m.khName, m.khPhone]) expect(reminderText).not.toContain(value);
      for (const title of [nl.t('circles:buttons.close'), nl.t('circles:buttons.open'), nl.t('circles:buttons.notReached')]) {
        await reminder.getByRole('button', { name: title, exact: true }).waitFor();
      }

      // 6. "De cirkel is rond" before the start time is refused politely: rond means everyone was reached.
      await c.click(reminder, nl.t('circles:buttons.close'));
      await c.expectText(nl.t('circles:errors.ROUND_NOT_STARTED'));
      await c.screenshot('08-rond-too-early');
      expect((await s.app.circles.store.getRound(plan.id, occurrence.date))?.status).not.toBe('closed');

      // 7. The round has started; the coordinator could not reach the first member. One click on the
      // name: the one answer is the alert card, saying "U heeft dit gemeld" (no text, no second overview).
      botClock.offsetMs = offset + (plan.reminderMinutes + 1) * 60_000;
      const cardsBefore = await c.cards().count();
      await c.click(reminder, nl.t('circles:buttons.notReached'));
      const alertTitle = nl.t('circles:notices.escalation.title.notReached', { circle: CIRCLE.name, name: first.firstName });
      const alert = await c.expectNewCard(alertTitle, () => c.click(reminder, nl.t('circles:buttons.notReachedName', { name: first.firstName })), CARD_TIMEOUT_MS);
      const alertText = await expectRendered(alert);
      await c.screenshot('09-alert', alert);
      expect(alertText).toContain(nl.t('circles:notices.escalation.byYou'));
      expect(alertText).not.toContain(nl.t('circles:notices.escalation.byCoordinator'));
      expect(alertText).toContain(nl.t('circles:notices.escalation.ackAsk', { minutes: plan.ackMinutes }));
      expect(alertText).toContain(first.khName);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await c.cards().count()).toBe(cardsBefore + 1);
      expect(await c.page.getByText(nl.t('circles:done.notReached')).count()).toBe(0);

      // 8. "Ik pak het op" on the alert card: the card itself now says "U pakt het op" (updated in place).
      await c.click(alert, nl.t('circles:buttons.ack'));
      await alert.getByText(nl.t('circles:notices.escalation.acked')).waitFor({ timeout: CARD_TIMEOUT_MS });
      await c.screenshot('10-ack', alert);
      expect(await alert.getByRole('button', { name: nl.t('circles:buttons.ack'), exact: true }).count()).toBe(0);
      expect(await c.cards(alertTitle).count()).toBe(1);

      // 9. "Rond" while the alert is open is refused; the outcome first, then the round closes, on time.
      await c.click(reminder, nl.t('circles:buttons.close'));
      await c.expectText(nl.t('circles:errors.ROUND_ALERT_OPEN'));
      await c.click(alert, nl.t('circles:buttons.resolve'));
      await c.click(alert, nl.t('circles:outcomes.allGood'));
      await c.expectText(nl.t('circles:done.outcome', { outcome: nl.t('circles:outcomes.allGood') }));
      await c.click(reminder, nl.t('circles:buttons.close'));
      await c.expectText(nl.t('circles:done.closed'));
      await c.screenshot('11-closed');
      await expect(s.app.circles.store.getRound(plan.id, occurrence.date)).resolves.toMatchObject({ status: 'closed', closedLate: false });

      // The logs of the whole run hold none of the personal test data.
      const logs = s.logs.lines.join('\n');
      for (const m of MEMBERS) for (const value of Object.values(m)) expect(logs).not.toContain(value);
      expect(logs).not.toContain(CIRCLE.name);
    },
    TEST_TIMEOUT_MS,
  );
});
