import type { Locator } from 'playwright-core';
import { createTranslations } from '../../src/i18n/i18n';
import { describeInBrowser } from '../helpers/browser';
import { apologiesShown, runSteps } from '../helpers/chat-steps';
import { PlaygroundChat, type PlaygroundSession, startPlaygroundSession, switchToDutch } from '../helpers/playground';
import { ANSWERS, confirmReport, escapeRegExp, referencePattern, walkReportToSummary } from './report-walk';

/**
 * The heart of the product, end to end in Microsoft 365 Agents Playground (headless Chromium):
 * a team member links the "General" channel of "My Team" to a signaalpunt with the operator's
 * one-time code, a professional reports a signal in the personal chat by clicking the cards,
 * the outbox posts the team card as a new thread in "General", a team member claims it with
 * "Ik pak dit op" (Action.Execute, the card updates in place), and the reporter hears back.
 *
 * The flow spans the chats, so the three tests share one bot and one playground and run in
 * order; each says plainly when the one before it did not get as far. The bot uses the example
 * signaalpunten (deployment/signaalpunten.example.json): its tenant is the playground's, and
 * 4381 AB for an adult routes to Vlissingen (GM0718), which delivers to Teams. Screenshots land
 * in test-output/e2e/ as `signal-flow-*.png`.
 */

const TEST_TIMEOUT_MS = 120_000;
const SIGNAALPUNT = 'GM0718';
const SIGNAALPUNT_NAME = 'Vlissingen';
/** The outbox worker posts within a poll or two of the confirm (it is also woken at once). */
const CARD_TIMEOUT_MS = 30_000;

const translations = createTranslations({ strict: true });
const en = translations.forLocale('en');
const nl = translations.forLocale('nl');

describeInBrowser('A signal from the reporter\'s personal chat to the linked team channel, in the Microsoft 365 Agents Playground', { timeoutMs: TEST_TIMEOUT_MS }, (chromium) => {
  let session: PlaygroundSession | undefined;
  let chat: PlaygroundChat | undefined;
  /** Set by the tests as the flow gets further. */
  let linked = false;
  let reference: string | undefined;

  beforeAll(async () => {
    session = await startPlaygroundSession({ env: { OUTBOX_POLL_MS: '250' } });
    chat = await PlaygroundChat.open(chromium.browser, session.url, 'signal-flow');
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    // How the page looked at the end, whatever happened (for a failure, the first thing to look at).
    await chat?.screenshot('99-end').catch(() => undefined);
    await chat?.close();
    await session?.stop();
  }, TEST_TIMEOUT_MS);


  afterEach(async () => {
    // Whatever the step, nobody saw an apology and the bot never failed a turn.
    const apologised = await apologiesShown(chat?.page, [en, nl]);
    expect(apologised).toBe(0);
    expect(session?.logs.codes() ?? []).not.toContain('TURN_ERROR');
  }, TEST_TIMEOUT_MS);

  function open(): { c: PlaygroundChat; s: PlaygroundSession } {
    if (!chat || !session) throw new Error('the playground did not start (see beforeAll)');
    return { c: chat, s: session };
  }

  test(
    'When a team member says "koppel GM0718 <code>" to the bot in the General channel, then the bot says the channel is linked',
    async () => {
      const { c, s } = open();
      // Page load greets once: in English (installationUpdate carries en-US) or, when the playground's
      // conversationUpdate (no locale) is handled first, in the bot's default Dutch. Either will do here.
      await c.expectText(new RegExp(`${escapeRegExp(en.t('common:welcome.text'))}|${escapeRegExp(nl.t('common:welcome.text'))}`));
      // "Nederlands" switches this user to Dutch (the playground sends en-US with every activity).
      await switchToDutch(c, nl);

      const { code } = await s.app.signals.links.issueCode(SIGNAALPUNT, 'link');
      await c.openChannel('General');
      await c.screenshot('01-general-before-link');
      await c.postInChannel(`koppel ${SIGNAALPUNT} ${code}`);
      // The reply lands in the post's thread; the user chose Dutch, so it is Dutch here too.
      await c.expectText(nl.t('team:link.LINKED', { signaalpunt: SIGNAALPUNT_NAME }));
      await c.screenshot('02-general-linked');

      await expect(s.app.signals.links.linksOfTeam('team-id')).resolves.toEqual([SIGNAALPUNT]);
      expect(s.logs.codes()).not.toContain('LINK_REFUSED');
      linked = true;
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'When the professional walks "Signaal melden" in the personal chat by clicking the cards and confirms, then a reference SIG-<year>-<number> shows',
    async () => {
      const { c, s } = open();
      await c.openPersonalChat();
      const menu = c.cards(nl.t('cards:menu.text')).last();
      await menu.waitFor();
      await c.screenshot('03-personal-dutch-menu', menu);

      // Agents Playground 0.2.28 drops a click on an Action.Submit whose data has a top-level
      // "key" field; the question cards send `question` instead, so every answer is a click.
      const { summary, answeredBy } = await walkReportToSummary(c, nl, menu, { mode: 'click' });
      expect(answeredBy).toBe('click');
      const text = await summary.innerText();
      for (const value of [ANSWERS.postcode, ANSWERS.note, ANSWERS.personName, ANSWERS.personContact, ANSWERS.reporterName]) {
        expect(text).toContain(value);
      }
      for (const [group, sign] of ANSWERS.signs) expect(text).toContain(nl.t(`content:signs.${group}.items.${sign}`));
      expect(text).toContain(nl.t('report:summary.routing', { name: SIGNAALPUNT_NAME }));
      expect(text).toContain(nl.t('report:summary.privacy'));

      reference = await confirmReport(c, nl, summary);
      expect(reference).toMatch(referencePattern());
      await c.expectText(nl.t('report:done.status', { reference }));
      await c.screenshot('40-reference');

      // Stored before the reporter saw the reference, routed to Vlissingen.
      const signal = await s.app.signals.store.signals.getByReference(reference);
      expect(signal).toMatchObject({ signaalpuntId: SIGNAALPUNT, status: 'new', postcode4: ANSWERS.postcode4, ageGroup: 'adult' });
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'When the team card arrives in General and a team member clicks "Ik pak dit op", then the card shows it claimed and the reporter hears back in the personal chat',
    async () => {
      const { c, s } = open();
      if (!linked || !reference) throw new Error('needs the linked channel and the reference from the tests before');
      const ref = reference;

      await c.openChannel('General');
      const title = nl.t('team:title', { reference: ref });
      const card: Locator = c.cards(title).first();
      await card.waitFor({ state: 'visible', timeout: CARD_TIMEOUT_MS });
      await c.screenshot('50-team-card', card);

      const before = await card.innerText();
      expect(before).toContain(nl.t('team:status.new'));
      expect(before).toContain(ANSWERS.postcode4);
      for (const [group, sign] of ANSWERS.signs) expect(before).toContain(nl.t(`content:signs.${group}.items.${sign}`));
      // The team sees the details the person agreed to share.
      expect(before).toContain(nl.t('team:personalTitle'));
      for (const value of [ANSWERS.personName, ANSWERS.personContact, ANSWERS.reporterName]) expect(before).toContain(value);
      const claim = card.getByRole('button', { name: nl.t('team:buttons.claim'), exact: true });
      await expect(claim.isVisible()).resolves.toBe(true);

      await claim.click();
      // Updated in place: the same card now offers "Vrijgeven" and no longer "Ik pak dit op".
      await card.getByRole('button', { name: nl.t('team:buttons.release'), exact: true }).waitFor({ timeout: CARD_TIMEOUT_MS });
      await c.screenshot('51-team-card-claimed', card);
      const after = await card.innerText();
      expect(after).toContain(nl.t('team:status.claimed'));
      expect(after).not.toContain(nl.t('team:status.new'));
      // Who claimed it and when, in the card's one date style ("vr 4 dec 2026 13:05"), also in the history.
      const claimedLine = nl.t('team:status.claimedBy', { by: 'BY', at: 'AT' }).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const claimedBy = new RegExp(claimedLine.replace('BY', '.+').replace('AT', '\\S+ \\d{1,2} \\S+ \\d{4} \\d{2}:\\d{2}'));
      expect(after).toMatch(claimedBy);
      expect(after).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      // The reporter's wording stays with the reporter; the buttons sit above the details.
      expect(after).not.toContain(nl.t('content:signs.outside.title'));
      expect(after.indexOf(nl.t('team:buttons.release'))).toBeLessThan(after.indexOf(nl.t('team:facts.ageGroup')));
      await expect(card.getByRole('button', { name: nl.t('team:buttons.claim'), exact: true }).count()).resolves.toBe(0);
      // One card for this signal in the channel: updated, not posted again.
      await expect(c.cards(title).count()).resolves.toBe(1);

      const signal = await s.app.signals.store.signals.getByReference(ref);
      expect(signal?.status).toBe('claimed');

      await c.openPersonalChat();
      const heardBack = await c.expectText(nl.t('team:reporter.claimed', { reference: ref }));
      await c.screenshot('52-reporter-heard-back');
      // The reporter's message names no personal details of the person.
      const message = await heardBack.innerText();
      for (const value of [ANSWERS.personName, ANSWERS.personContact, ANSWERS.note]) expect(message).not.toContain(value);

      // The logs of the whole run hold none of the personal test data.
      const logs = s.logs.lines.join('\n');
      for (const value of [ANSWERS.personName, ANSWERS.personContact, ANSWERS.note, ANSWERS.reporterName, ANSWERS.reporterContact, ANSWERS.reporterOrganisation]) {
        expect(logs).not.toContain(value);
      }
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'When the reporter types "help" and then reports without a name, then the overview shows and the summary holds only the 4 digits (issue 14)',
    async () => {
      const { c, s } = open();
      await c.openPersonalChat();
      // "help": what the bot does, then the menu with "Hulp nu nodig" one click away.
      const menu = await c.expectNewCard(nl.t('cards:menu.text'), () => c.send('help'));
      await c.expectText(nl.t('common:howItWorks.title'));
      await c.expectText(nl.t('common:howItWorks.typing'));
      await c.screenshot('60-help-answer');
      await expect(menu.getByRole('button', { name: nl.t('cards:menu.help'), exact: true }).count()).resolves.toBe(1);

      const title = (key: string, part = 'title') => nl.t(`report:questions.${key}.${part}`);
      const option = (key: string, value: string) => nl.t(`report:questions.${key}.options.${value}`);
      const card = await runSteps(c, menu, [
        { click: nl.t('cards:menu.report'), next: title('danger') },
        { click: option('danger', 'no'), next: title('about') },
        { click: option('about', 'other'), next: title('informed') },
        { click: option('informed', 'no'), next: title('noConsent') },
        { click: option('noConsent', 'anonymous'), next: title('ageGroup') },
        { click: option('ageGroup', 'adult'), next: title('postcode', 'titleWithoutName') },
      ]);
      await c.screenshot('61-postcode-without-name', card);
      await card.getByRole('textbox').fill(ANSWERS.postcode);
      // The signs of the first report are offered again: reuse them.
      const summary = await runSteps(c, card, [
        { click: nl.t('report:input.submit'), next: title('reuseSigns') },
        { click: option('reuseSigns', 'reuse'), next: title('note') },
        { click: option('note', 'skip'), next: title('relation') },
        { click: option('relation', 'neighbour'), next: title('reporterName') },
        { click: option('reporterName', 'skip'), next: title('reporterOrganisation') },
        { click: option('reporterOrganisation', 'skip'), next: title('reporterSector') },
        { click: option('reporterSector', 'private'), next: title('reporterContact') },
        { click: option('reporterContact', 'skip'), next: title('wantsFeedback') },
        { click: option('wantsFeedback', 'no'), next: nl.t('report:summary.title') },
      ]);
      await c.screenshot('62-summary-without-name', summary);
      const text = await summary.innerText();
      expect(text).toContain(nl.t('report:summary.withoutName'));
      expect(text).toContain(nl.t('report:summary.kept', { days: 90 }));
      expect(text).toContain(ANSWERS.postcode4);
      expect(text).not.toContain(ANSWERS.postcode);
      // Stopped here: nothing is stored.
      await c.click(summary, nl.t('report:summary.cancel'));
      await c.expectText(nl.t('report:stopped'));
      expect(s.logs.codes()).toContain('HOW_IT_WORKS_SHOWN');
    },
    TEST_TIMEOUT_MS,
  );
});
