import { createTranslations } from '../../src/i18n/i18n';
import { STARTERS } from '../../src/domain/starters';
import { describeInBrowser } from '../helpers/browser';
import { apologiesShown } from '../helpers/chat-steps';
import { PlaygroundChat, type PlaygroundSession, startPlaygroundSession, switchToDutch as toDutch, waitForWelcome as welcomeOf } from '../helpers/playground';

/**
 * A real user's flows in Microsoft 365 Agents Playground's personal chat, driven in headless
 * Chromium: the bot runs in this process, the playground plays Teams and the Bot Connector.
 * Expected texts come from the locale files (strict: a missing key throws), so copy edits do not
 * break these tests; the help numbers are written out because they must never change unnoticed.
 * Screenshots of every step land in test-output/e2e/.
 */

const TEST_TIMEOUT_MS = 60_000;
const translations = createTranslations({ strict: true });
const en = translations.forLocale('en');
const nl = translations.forLocale('nl');

describeInBrowser('Signaalbot in the Microsoft 365 Agents Playground (headless Chromium)', { timeoutMs: TEST_TIMEOUT_MS }, (chromium) => {
  let session: PlaygroundSession | undefined;
  let chat: PlaygroundChat | undefined;

  /** A fresh bot (empty data folder) and a fresh playground per test: a new personal chat each time. */
  async function openChat(screenshotPrefix: string): Promise<PlaygroundChat> {
    session = await startPlaygroundSession();
    chat = await PlaygroundChat.open(chromium.browser, session.url, screenshotPrefix);
    return chat;
  }


  afterEach(async () => {
    // Whatever the flow, the user never saw an apology and the bot never failed a turn. (Not
    // the CARD_ACTION_INVALID log code: botbuilder also shows every message to the waiting
    // prompt, which logs it for root-level buttons such as "resume" that the user never sees.)
    const apologised = await apologiesShown(chat?.page, [en, nl]);
    const codes = session?.logs.codes() ?? [];
    await chat?.close();
    await session?.stop();
    chat = undefined;
    session = undefined;
    expect(apologised).toBe(0);
    expect(codes).not.toContain('TURN_ERROR');
  }, TEST_TIMEOUT_MS);

  const waitForWelcome = (c: PlaygroundChat) => welcomeOf(c, en, nl);
  const switchToDutch = (c: PlaygroundChat) => toDutch(c, nl);

  test(
    'When the personal chat opens, then the welcome and the menu card with all five choices show',
    async () => {
      const c = await openChat('1-welcome');
      const menu = await waitForWelcome(c);
      const { t } = menu;

      await expect(menu.innerText()).resolves.toContain(t.t('cards:menu.title'));
      for (const key of ['signs', 'starters', 'report', 'circle', 'help']) {
        await menu.getByRole('button', { name: t.t(`cards:menu.${key}`), exact: true }).waitFor();
      }
      await c.screenshot('01-welcome', menu);
    },
    TEST_TIMEOUT_MS,
  );

  // On page load the playground posts installationUpdate (en-US) and conversationUpdate (no locale)
  // at the same moment; the bot runs turns of one conversation one at a time, so only one welcome.
  test(
    'When the personal chat opens, then the bot welcomes only once, in one language',
    async () => {
      const c = await openChat('5-welcome-once');
      await waitForWelcome(c);
      // The reply to a later message is the sync point: the page-load turns have ended by then.
      await c.expectNewCard(en.t('cards:menu.text'), () => c.send('menu'));
      await c.screenshot('01-after-menu');
      const english = await c.page.getByText(en.t('common:welcome.text')).count();
      const dutch = await c.page.getByText(nl.t('common:welcome.text')).count();
      expect(english + dutch).toBe(1);
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'When the user switches to Dutch, ticks signs on the signaleringskaart and submits, then a careful Dutch summary shows',
    async () => {
      const c = await openChat('2-signs');
      await waitForWelcome(c);
      const menu = await switchToDutch(c);
      await c.screenshot('01-dutch-menu', menu);

      const card = await c.expectNewCard(nl.t('content:framing.choose'), () => c.click(menu, nl.t('cards:menu.signs')));
      await c.screenshot('02-signaleringskaart', card);

      const ticked = [
        nl.t('content:signs.outside.items.curtainsClosed'),
        nl.t('content:signs.social.items.fewContacts'),
        nl.t('content:signs.psychological.items.sadness'),
      ];
      for (const sign of ticked) {
        const box = c.checkbox(card, sign);
        await box.check();
        await expect(box.isChecked()).resolves.toBe(true);
      }
      await c.screenshot('03-signs-ticked');

      const summary = await c.expectNewCard(nl.t('cards:summary.kindsTitle'), () => c.click(card, nl.t('cards:signs.submit')));
      await c.screenshot('04-summary', summary);

      const text = await summary.innerText();
      expect(text).toContain(nl.t('cards:summary.title'));
      for (const sign of ticked) expect(text).toContain(sign);
      expect(text).toContain(nl.t('content:framing.onlyPerson'));
      // Few contacts ticked: the card says that isolation is not the same as loneliness.
      expect(text).toContain(nl.t('content:kinds.isolation'));
      expect(text).toContain(nl.t('cards:summary.nextStepsTitle'));
      // The bot never concludes that someone is lonely; only the person can say so.
      expect(text).not.toMatch(/\bis eenzaam\b/i);
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'When the user picks a setting for a conversation and asks for other starters, then new starters replace the first ones',
    async () => {
      const c = await openChat('3-starters');
      await waitForWelcome(c);
      const menu = await switchToDutch(c);

      const settingCard = await c.expectNewCard(nl.t('cards:setting.text'), () => c.click(menu, nl.t('cards:menu.starters')));
      await c.screenshot('01-setting', settingCard);

      const setting = 'homeVisit';
      const first = await c.expectNewCard(nl.t('cards:starters.intro'), () =>
        c.click(settingCard, nl.t(`content:settings.${setting}`)),
      );
      await c.screenshot('02-starters', first);

      const starterTexts = STARTERS.filter((s) => s.settings.includes(setting)).map((s) => nl.t(`content:starters.${s.id}`));
      const shownIn = async (card: typeof first) => {
        const text = await card.innerText();
        return starterTexts.filter((s) => text.includes(s));
      };
      const firstShown = await shownIn(first);
      expect(firstShown.length).toBeGreaterThanOrEqual(3);
      expect(await first.innerText()).toContain(nl.t(`content:settings.${setting}`));

      const second = await c.expectNewCard(nl.t('cards:starters.intro'), () => c.click(first, nl.t('cards:starters.more')));
      await c.screenshot('03-other-starters', second);

      const secondShown = await shownIn(second);
      expect(secondShown.length).toBeGreaterThan(0);
      expect(secondShown.filter((s) => firstShown.includes(s))).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'When the user types 112, or asks for help, while the signaleringskaart waits, then the help numbers show and the resume button brings the card back',
    async () => {
      const c = await openChat('4-emergency');
      await waitForWelcome(c);
      const menu = await switchToDutch(c);
      await c.expectNewCard(nl.t('content:framing.choose'), () => c.click(menu, nl.t('cards:menu.signs')));

      /** Sends `message`, checks the numbers on the help card, resumes, returns the card that came back. */
      const interruptAndResume = async (message: string, numbers: readonly string[], step: string) => {
        const help = await c.expectNewCard(nl.t('emergency:resumeOffer'), () => c.send(message));
        await c.screenshot(`${step}-help-numbers`, help);
        const text = await help.innerText();
        expect(text).toContain(nl.t('emergency:title'));
        for (const number of numbers) {
          expect(text).toContain(number);
          await expect(help.getByText(number).first().isVisible()).resolves.toBe(true);
        }
        const resumed = await c.expectNewCard(nl.t('content:framing.choose'), () => c.click(help, nl.t('emergency:resumeButton')));
        await resumed.getByRole('button', { name: nl.t('cards:signs.submit'), exact: true }).waitFor();
        await c.screenshot(`${step}-resumed`, resumed);
        return resumed;
      };

      // "112" is read as acute danger: 112 first, De Luisterlijn last (helpNumbersFor(['acute'])).
      await interruptAndResume('112', ['112', '088 0767 000'], '01');
      // A bare call for help is not specific, so every number shows.
      const resumed = await interruptAndResume(
        'Ik heb hulp nodig',
        ['112', '113', '0800 0113', '0800 2000', '0800 1205', '088 0767 000'],
        '02',
      );
      expect(session?.logs.codes().filter((code) => code === 'EMERGENCY_SHOWN')).toHaveLength(2);

      // The dialog really continues: the card that came back still works.
      const sign = nl.t('content:signs.outside.items.letterbox');
      await c.checkbox(resumed, sign).check();
      const summary = await c.expectNewCard(nl.t('cards:summary.kindsTitle'), () => c.click(resumed, nl.t('cards:signs.submit')));
      expect(await summary.innerText()).toContain(sign);
      await c.screenshot('03-summary-after-resume', summary);
    },
    TEST_TIMEOUT_MS,
  );
});
