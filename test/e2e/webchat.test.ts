import { createTranslations } from '../../src/i18n/i18n';
import { describeInBrowser, waitUntil } from '../helpers/browser';
import { apologiesShown } from '../helpers/chat-steps';
import { startWebChatSession, WebChat, type WebChatSession } from '../helpers/webchat';
import { ANSWERS, confirmReport, referencePattern, walkReportToSummary } from './report-walk';

/**
 * Signaalbot in Bot Framework Web Chat (botframework-webchat 4.18, its own bundle served from
 * node_modules) with offline-directline as the local Direct Line, in headless Chromium. Web Chat
 * is set to `locale: 'nl-NL'`, so the bot speaks Dutch from the first message. offline-directline
 * polls, the bot sees the channel `emulator` (which it treats as card-capable), and nothing
 * greets before the user writes: the welcome comes with the first message. Screenshots land in
 * test-output/e2e/ as `webchat-*.png`.
 */

const TEST_TIMEOUT_MS = 120_000;
const translations = createTranslations({ strict: true });
const en = translations.forLocale('en');
const nl = translations.forLocale('nl');

const suite = { timeoutMs: TEST_TIMEOUT_MS, quietDirectLine: true };

describeInBrowser('Signaalbot in Bot Framework Web Chat through offline-directline (headless Chromium)', suite, (chromium) => {
  let session: WebChatSession | undefined;
  let chat: WebChat | undefined;

  /** A fresh bot (empty data folder), Direct Line and Web Chat page per test. */
  async function open(screenshotPrefix: string): Promise<{ c: WebChat; s: WebChatSession }> {
    session = await startWebChatSession();
    chat = await WebChat.open(chromium.browser, session.url, screenshotPrefix, 'nl-NL');
    return { c: chat, s: session };
  }


  afterEach(async () => {
    // Whatever the flow, the user never saw an apology and the bot never failed a turn.
    const apologised = await apologiesShown(chat?.transcript(), [en, nl]);
    const codes = session?.logs.codes() ?? [];
    // How the page looked at the end, whatever happened (for a failure, the first thing to look at).
    await chat?.screenshot('99-end').catch(() => undefined);
    await chat?.close();
    await session?.stop();
    chat = undefined;
    session = undefined;
    expect(codes).not.toContain('TURN_ERROR');
    expect(apologised).toBe(0);
  }, TEST_TIMEOUT_MS);

  /** Waits until the bot has had offline-directline's start event (no members added: no welcome). */
  async function waitForStartEvent(s: WebChatSession) {
    await waitUntil(
      () => s.toBot.some((a) => a.type === 'conversationUpdate'),
      () => 'offline-directline never started the conversation with the bot',
    );
  }

  // offline-directline passes the user's activity on without a `recipient` (the Azure Direct Line
  // service names the bot there); botbuilder's removeRecipientMention used to fail on that.
  test(
    'When the user writes the first message through offline-directline as it is (no recipient), then the bot welcomes in Dutch with the menu',
    async () => {
      const { c, s } = await open('webchat-1-first-message');
      await waitForStartEvent(s);

      const menu = await c.expectNewCard(nl.t('cards:menu.text'), () => c.send('hallo'));
      await c.expectText(nl.t('common:welcome.text'));
      await c.screenshot('01-welcome', menu);

      const message = s.toBot.find((a) => a.type === 'message');
      expect(message).toMatchObject({ channelId: 'emulator', locale: 'nl-NL', text: 'hallo' });
      expect(message?.recipient).toBeUndefined();
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'When a professional walks "Signaal melden" in Web Chat (nl-NL) by clicking the cards and typing in them, then the Dutch flow ends with a reference SIG-<year>-<number>',
    async () => {
      const { c, s } = await open('webchat-2-report');
      // Web Chat itself speaks Dutch (its send box), and nothing greets before the first message.
      await expect(c.sendBox().getAttribute('placeholder')).resolves.toBe('Typ uw bericht');
      await waitForStartEvent(s);
      await expect(c.transcript().getByText(nl.t('common:welcome.text')).count()).resolves.toBe(0);

      const menu = await c.expectNewCard(nl.t('cards:menu.text'), () => c.send('hallo'));
      await c.expectText(nl.t('common:welcome.text'));
      await c.screenshot('01-welcome', menu);

      const { summary, answeredBy } = await walkReportToSummary(c, nl, menu, { mode: 'click' });
      expect(answeredBy).toBe('click');
      const text = await summary.innerText();
      for (const value of [ANSWERS.postcode, ANSWERS.note, ANSWERS.personName, ANSWERS.personContact, ANSWERS.reporterName]) {
        expect(text).toContain(value);
      }
      for (const [group, sign] of ANSWERS.signs) expect(text).toContain(nl.t(`content:signs.${group}.items.${sign}`));
      expect(text).toContain(nl.t('report:summary.routing', { name: 'Vlissingen' }));

      const reference = await confirmReport(c, nl, summary);
      expect(reference).toMatch(referencePattern());
      await c.expectText(nl.t('report:done.status', { reference }));
      await c.screenshot('40-reference');

      // Every activity reached the bot as channel "emulator" with Web Chat's locale.
      const messages = s.toBot.filter((a) => a.type === 'message');
      expect(messages.length).toBeGreaterThan(15);
      for (const activity of messages) expect(activity).toMatchObject({ channelId: 'emulator', locale: 'nl-NL' });
      // Stored with the answers, routed to Vlissingen.
      const signal = await s.app.signals.store.signals.getByReference(reference);
      expect(signal).toMatchObject({ signaalpuntId: 'GM0718', status: 'new', postcode4: ANSWERS.postcode4, ageGroup: 'adult', wantsFeedback: true });
    },
    TEST_TIMEOUT_MS,
  );
});
