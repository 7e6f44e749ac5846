import fs from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { createTranslations } from '../../src/i18n/i18n';
import type { Translator } from '../../src/ports/translator';
import { describeInBrowser, screenshotPath, waitUntil } from '../helpers/browser';
import { type Harness, startHarness } from '../helpers/app-harness';
import { WebChat } from '../helpers/webchat';
import { ANSWERS, type ChatDriver, confirmReport, escapeRegExp, referencePattern, walkReportToSummary } from './report-walk';

/**
 * The bot's own web chat page (/chat) on a phone (390x844) in headless Chromium: Web Chat
 * bundled by scripts/build-webchat.js and served by the bot, the token from /api/chat/token, the
 * local Direct Line stand-in (offline-directline) started by the app, a Bot Connector stub as the
 * team's Teams. A professional reads the privacy notice, reports a signal, sees the reference,
 * the team channel gets it, and after a reload (same browser storage) `status` finds it.
 * axe-core checks the page in light and dark. Screenshots: test-output/e2e/chat-page-*.png.
 */

const TEST_TIMEOUT_MS = 300_000;
const PHONE = { width: 390, height: 844 };
const TENANT = '00000000-0000-0000-0000-0000000000001';
const TEAM = '19:team-synthetic@thread.tacv2';
const CHANNEL = '19:general-synthetic@thread.tacv2';
const PRIVACY_URL = 'https://www.gemeente-voorbeeld.nl/privacy';
const translations = createTranslations({ strict: true });

/** Web Chat renders bot text as markdown with typographic quotes: "person's" shows as "person’s". */
function typographic(text: string | RegExp): string | RegExp {
  if (typeof text !== 'string' || !/['"]/.test(text)) return text;
  return new RegExp(escapeRegExp(text).replace(/'/g, "['‘’]").replace(/"/g, '["“”]'));
}

/** The shared report walk's driver over Web Chat, matching texts as Web Chat typesets them. */
function driverFor(chat: WebChat): ChatDriver {
  return {
    send: (text) => chat.send(text),
    expectNewCard: (hasText, act, timeoutMs) => chat.expectNewCard(typographic(hasText), act, timeoutMs),
    click: (card, title) => chat.click(card, title),
    checkbox: (card, title) => chat.checkbox(card, title),
    expectText: (text) => chat.expectText(typographic(text)),
    screenshot: (step, card) => chat.screenshot(step, card),
  };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

const suite = { timeoutMs: TEST_TIMEOUT_MS, quietDirectLine: true };

describeInBrowser('The web chat page /chat on a phone (headless Chromium, local Direct Line stand-in)', suite, (chromium) => {
  let h: Harness | undefined;
  let context: BrowserContext | undefined;
  let lastPage: Page | undefined;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    // The page is served from dist/webchat, as in production: build it.
    const { buildWebChat } = require('../../scripts/build-webchat.js') as { buildWebChat(): Promise<unknown> };
    await buildWebChat();
  }, TEST_TIMEOUT_MS);

  afterEach(async () => {
    // How the page looked at the end, whatever happened (for a failure, the first thing to look at).
    if (lastPage) await shot(lastPage, `chat-page-99-end-${expect.getState().currentTestName?.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
    if (consoleErrors.length > 0) console.log('browser console errors:', consoleErrors.slice(0, 10));
    consoleErrors.length = 0;
    lastPage = undefined;
    const codes = h?.logs.codes() ?? [];
    if (expect.getState().assertionCalls === 0 || process.env.CHAT_PAGE_DEBUG) console.log('bot log codes:', codes.filter((c) => /CHAT|ERROR|FAIL|REFUSED/.test(c)));
    await context?.close();
    await h?.close();
    context = undefined;
    h = undefined;
    expect(codes).not.toContain('TURN_ERROR');
  }, TEST_TIMEOUT_MS);

  async function startBot(): Promise<Harness> {
    h = await startHarness({
      SIGNAALPUNTEN_FILE: 'deployment/signaalpunten.example.json',
      OUTBOX_POLL_MS: '50',
      LOG_LEVEL: 'info',
      CHAT_LOCAL_DIRECTLINE: '1',
      CHAT_LOCAL_DIRECTLINE_PORT: '0',
      CHAT_MUNICIPALITY: 'Gemeente Vlissingen',
      CHAT_PRIVACY_URL: PRIVACY_URL,
      CHAT_ACCENT_COLOUR: '#00607a',
    });
    // The signaalpunt's team channel is linked, as an operator does in Teams.
    const { code } = await h.app.signals.links.issueCode('GM0718', 'link');
    const res = await h.post({
      type: 'message',
      id: 'link-1',
      channelId: 'msteams',
      text: `<at>Signaalbot</at> koppel GM0718 ${code}`,
      from: { id: '29:member-synthetic', aadObjectId: '00000000-0000-0000-0000-00000000b001' },
      recipient: { id: '28:bot-synthetic', name: 'Signaalbot' },
      conversation: { id: `${CHANNEL};messageid=1700`, conversationType: 'channel', tenantId: TENANT, isGroup: true },
      channelData: { team: { id: TEAM }, channel: { id: CHANNEL }, tenant: { id: TENANT } },
    });
    expect(res.status).toBe(200);
    return h;
  }

  async function openPage(locale: 'nl' | 'en', prefix: string, colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; chat: WebChat; cspErrors: string[] }> {
    if (!h) throw new Error('not started');
    context ??= await chromium.browser.newContext({ viewport: PHONE, locale: locale === 'nl' ? 'nl-NL' : 'en-GB', colorScheme, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    lastPage = page;
    const cspErrors: string[] = [];
    page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} ${message.location().url}`);
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
    });
    await page.goto(`${h.app.url}/chat${locale === 'en' ? '?lang=en' : ''}`, { waitUntil: 'domcontentloaded' });
    return { page, chat: WebChat.onPage(page, context, prefix), cspErrors };
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: screenshotPath(name) });
  }

  async function runAxe(page: Page): Promise<AxeViolation[]> {
    // Evaluated through DevTools, which the page's CSP does not govern: the page keeps its CSP.
    await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const result = (await page.evaluate(
      `axe.run(document).then((r) => ({ passed: r.passes.length, violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })) }))`,
    )) as { passed: number; violations: AxeViolation[] };
    expect(result.passed).toBeGreaterThan(15);
    return result.violations;
  }

  /** Every element of the page chrome fits the phone's width; the help numbers are on screen. */
  async function expectFitsPhone(page: Page): Promise<void> {
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    expect(overflow).toBeLessThanOrEqual(0);
    for (const link of await page.locator('a.help__number').all()) {
      const box = await link.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
      expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height);
    }
  }

  async function expectSendBoxFocused(page: Page): Promise<void> {
    // Polled from here: the page's CSP (rightly) forbids the string evaluation waitForFunction uses.
    let focused: unknown;
    await waitUntil(
      async () => (focused = await page.evaluate(`document.activeElement && document.activeElement.getAttribute('data-id')`)) === 'webchat-sendbox-input',
      () => `the focus is not in the send box (it is on ${String(focused)})`,
    );
  }

  async function teamThreadWith(reference: string): Promise<void> {
    await waitUntil(
      () => h!.connector.calls.some((c) => c.method === 'POST' && /\/v3\/conversations\/?$/.test(c.path) && JSON.stringify(c.body).includes(reference)),
      () => `the team channel never got ${reference}`,
    );
  }

  async function reportAndCheckStatus(locale: 'nl' | 'en', t: Translator, prefix: string): Promise<void> {
    await startBot();
    const { page, chat, cspErrors } = await openPage(locale, prefix);

    // Before the first message: the help numbers on top and the privacy notice with its link.
    await expect(page.getByRole('heading', { name: t.t('webchat:help.title') }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('heading', { name: t.t('webchat:privacy.title') }).isVisible()).resolves.toBe(true);
    const privacyLink = page.getByRole('link', { name: t.t('webchat:privacy.link', { municipality: 'Gemeente Vlissingen' }) });
    await expect(privacyLink.getAttribute('href')).resolves.toBe(PRIVACY_URL);
    await expectFitsPhone(page);
    await shot(page, `${prefix}-01-privacy`);

    // "Start the chat" is in reach and starts it; the focus lands in the send box.
    const start = page.getByRole('button', { name: t.t('webchat:privacy.start') });
    const startBox = await start.boundingBox();
    expect(startBox!.y + startBox!.height).toBeLessThanOrEqual(PHONE.height);
    expect(startBox!.height).toBeGreaterThanOrEqual(44);
    await start.click();
    await expectSendBoxFocused(page);
    await expect(chat.sendBox().getAttribute('placeholder')).resolves.toBe(locale === 'nl' ? 'Typ uw bericht' : 'Type your message');

    // Record what goes into live regions (Web Chat empties its own a little after announcing).
    await page.evaluate(`window.__announced = [];
      new MutationObserver((records) => {
        for (const record of records) for (const node of record.addedNodes) {
          const element = node.nodeType === 1 ? node : node.parentElement;
          const live = element && element.closest('[aria-live]');
          if (live && live.getAttribute('aria-live') !== 'off' && node.textContent) window.__announced.push(node.textContent);
        }
      }).observe(document.body, { subtree: true, childList: true });`);
    const menu = await chat.expectNewCard(typographic(t.t('cards:menu.text')), () => chat.send(locale === 'nl' ? 'hallo' : 'hello'));
    await chat.expectText(typographic(t.t('common:welcome.text')));
    await expectFitsPhone(page);
    await shot(page, `${prefix}-02-welcome`);

    // New messages are announced: Web Chat's live region carries the bot's latest words.
    const announced = (await page.evaluate('window.__announced')) as string[];
    expect(announced.join(' ').replace(/[‘’]/g, "'")).toContain(t.t('common:welcome.text').slice(0, 30));

    const driver = driverFor(chat);
    const { summary } = await walkReportToSummary(driver, t, menu, { mode: 'click' });
    const reference = await confirmReport(driver, t, summary);
    expect(reference).toMatch(referencePattern());
    await driver.expectText(t.t('report:done.status', { reference }));
    await shot(page, `${prefix}-03-reference`);

    // The signal reached the signaalpunt's team channel (a new thread with the team card).
    await teamThreadWith(reference);
    const signal = await h!.app.signals.store.signals.getByReference(reference);
    expect(signal).toMatchObject({ signaalpuntId: 'GM0718', postcode4: ANSWERS.postcode4 });

    // Next visit, same browser storage: no notice to click, focus in the send box, `status` finds it.
    await page.reload({ waitUntil: 'domcontentloaded' });
    await expectSendBoxFocused(page);
    await expect(page.getByRole('heading', { name: t.t('webchat:privacy.title') }).isVisible()).resolves.toBe(false);
    await expect(privacyLink.isVisible()).resolves.toBe(true);
    await chat.send('status');
    const line = await chat.expectText(new RegExp(reference));
    expect(await line.innerText()).toContain(t.t(`team:status.${signal!.status}`));
    await shot(page, `${prefix}-04-status`);

    // A different browser (no storage) is a different visitor: `status` finds nothing of it.
    const other = await chromium.browser.newContext({ viewport: PHONE, locale: locale === 'nl' ? 'nl-NL' : 'en-GB' });
    try {
      const stranger = await other.newPage();
      await stranger.goto(`${h!.app.url}/chat${locale === 'en' ? '?lang=en' : ''}`);
      await stranger.getByRole('button', { name: t.t('webchat:privacy.start') }).click();
      const strangerChat = WebChat.onPage(stranger, other, `${prefix}-stranger`);
      await strangerChat.sendBox().waitFor();
      await strangerChat.send('status');
      await strangerChat.expectText(typographic(t.t('team:statusCommand.none')));
      await expect(strangerChat.transcript().getByText(reference).count()).resolves.toBe(0);
    } finally {
      await other.close();
    }
    expect(cspErrors).toEqual([]);
  }

  test(
    'When a professional reports a signal on /chat in Dutch on a phone, then the team channel gets it, the page shows the reference, and after a reload `status` finds it',
    () => reportAndCheckStatus('nl', translations.forLocale('nl'), 'chat-page-nl'),
    TEST_TIMEOUT_MS,
  );

  test(
    'When a professional reports a signal on /chat in English on a phone, then the team channel gets it, the page shows the reference, and after a reload `status` finds it',
    () => reportAndCheckStatus('en', translations.forLocale('en'), 'chat-page-en'),
    TEST_TIMEOUT_MS,
  );

  test(
    'When someone asks for a call circle on the web chat page, then the bot says politely that call circles are Teams-only',
    async () => {
      const t = translations.forLocale('nl');
      await startBot();
      const { page, chat } = await openPage('nl', 'chat-page-circles');
      await page.getByRole('button', { name: t.t('webchat:privacy.start') }).click();
      await expectSendBoxFocused(page);
      await chat.send('belcirkel');
      await chat.expectText(t.t('circles:teamsOnly'));
      await expect(page.getByText(t.t('webchat:circlesNote')).isVisible()).resolves.toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  for (const colorScheme of ['light', 'dark'] as const) {
    test(
      `When the page is checked with axe-core in the ${colorScheme} scheme (notice, then chat with cards), then it finds no violations`,
      async () => {
        const t = translations.forLocale('nl');
        await startBot();
        const { page, chat } = await openPage('nl', `chat-page-axe-${colorScheme}`, colorScheme);
        const before = await runAxe(page);
        await page.getByRole('button', { name: t.t('webchat:privacy.start') }).click();
        await expectSendBoxFocused(page);
        await chat.expectNewCard(t.t('cards:menu.text'), () => chat.send('hallo'));
        await shot(page, `chat-page-axe-${colorScheme}`);
        const after = await runAxe(page);
        for (const [when, found] of Object.entries({ before, after })) if (found.length > 0) console.log(`axe ${colorScheme} ${when}:`, JSON.stringify(found));
        expect(before).toEqual([]);
        expect(after).toEqual([]);
      },
      TEST_TIMEOUT_MS,
    );
  }
});
