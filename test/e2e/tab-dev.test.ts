import type { BrowserContext, Frame, Page } from 'playwright-core';
import nlTab from '../../src/i18n/nl/tab.json';
import enTab from '../../src/i18n/en/tab.json';
import { DEV_TAB_TEAM, DEV_TAB_USER } from '../../src/adapters/dev/tab-dev';
import { describeInBrowser, screenshotPath } from '../helpers/browser';
import { type Harness, startHarness } from '../helpers/app-harness';
import { draft } from '../helpers/app-fixtures';

/**
 * Issue 14, point 16: the tab tried locally. The real app in development (`npm start`'s mode) serves
 * /tab/dev: a stand-in Teams host framing the built tab, with a token from the app's own local
 * issuer for the playground's test user. The team is linked and a signal reported as a newcomer
 * does in the playground (here through the connector stub and the use case); nothing is seeded.
 * The newcomer sees the queue, a detail and the figures. Screenshots: test-output/e2e/tab-dev-*.png.
 */

const TEST_TIMEOUT_MS = 120_000;
const TENANT = '00000000-0000-0000-0000-0000000000001';

describeInBrowser('The tab tried locally at /tab/dev (development, headless Chromium)', { timeoutMs: TEST_TIMEOUT_MS }, (chromium) => {
  let h: Harness;
  const contexts: BrowserContext[] = [];
  let reference = '';

  beforeAll(async () => {
    // The app serves dist/tab, as `npm start` does: build it there.
    const { buildTab } = require('../../scripts/build-tab.js') as { buildTab(): Promise<unknown> };
    await buildTab();
    h = await startHarness({
      NODE_ENV: 'development',
      PLAYGROUND: '0',
      CHAT_LOCAL_DIRECTLINE: '0',
      SIGNAALPUNTEN_FILE: 'deployment/signaalpunten.example.json',
      OUTBOX_POLL_MS: '50',
      LOG_LEVEL: 'info',
    });
    // The playground's team, linked as the README's walkthrough does (@mention koppel in General);
    // its roster (read from the connector) has the playground's user.
    h.connector.members = [DEV_TAB_USER.oid, '00000000-0000-0000-0000-0000000000021'];
    const { code } = await h.app.signals.links.issueCode('GM0718', 'link');
    const res = await h.post({
      type: 'message',
      id: 'link-1',
      channelId: 'msteams',
      text: `<at>Test Bot</at> koppel GM0718 ${code}`,
      from: { id: 'user-id-0', aadObjectId: DEV_TAB_USER.oid },
      recipient: { id: '00000000-0000-0000-0000-00000000000011', name: 'Test Bot' },
      conversation: { id: `${DEV_TAB_TEAM.channelId};messageid=1`, conversationType: 'channel', tenantId: TENANT, isGroup: true },
      channelData: { team: { id: DEV_TAB_TEAM.teamId }, channel: { id: DEV_TAB_TEAM.channelId }, tenant: { id: TENANT } },
    });
    expect(res.status).toBe(200);
    // A signal the newcomer reported (synthetic data).
    const submitted = await h.app.signals.report.submit(draft(), { submissionKey: 'dev-tab-1' });
    if (!submitted.ok) throw new Error(`report refused: ${submitted.code}`);
    reference = submitted.reference;
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await h?.close();
  }, TEST_TIMEOUT_MS);

  async function openDevTab(query = ''): Promise<{ page: Page; frame: Frame }> {
    const context = await chromium.browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    // Offline: only the app itself (teams-js's CDN request for valid origins is refused).
    await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    const page = await context.newPage();
    await page.goto(`${h.app.url}/tab/dev${query}`);
    const frame = await (await page.waitForSelector('#tab')).contentFrame();
    if (!frame) throw new Error('the tab frame did not load');
    return { page, frame };
  }

  test(
    'When a newcomer opens /tab/dev after linking the team and reporting, then they see the queue, the signal and the figures',
    async () => {
      const { page, frame } = await openDevTab();
      const open = frame.getByRole('button', { name: nlTab.queue.open.replace('{{reference}}', reference) });
      await open.waitFor({ timeout: 15_000 });
      await expect(frame.locator('h1').textContent()).resolves.toBe(nlTab.title);
      await expect(frame.locator('table.queue tbody tr').count()).resolves.toBe(1);
      await expect(page.locator('header').textContent()).resolves.toContain(DEV_TAB_USER.name);
      await page.screenshot({ path: screenshotPath('tab-dev-queue') });

      await open.click();
      await frame.locator('h2', { hasText: reference }).waitFor();
      await expect(frame.locator('.history li').count()).resolves.toBeGreaterThanOrEqual(1);
      await page.screenshot({ path: screenshotPath('tab-dev-detail') });

      await frame.getByRole('button', { name: nlTab.detail.back }).click();
      await frame.getByRole('button', { name: nlTab.nav.figures }).click();
      await frame.locator('.stat').first().waitFor();
      await expect(frame.locator('.stat').first().textContent()).resolves.toContain(`${nlTab.figures.total}1`);
      await page.screenshot({ path: screenshotPath('tab-dev-figures') });
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'When the dev page asks for English and the dark theme, then the tab follows, and the banner links keep the other setting',
    async () => {
      const { page, frame } = await openDevTab('?locale=en-US&theme=dark');
      await frame.getByRole('button', { name: enTab.queue.open.replace('{{reference}}', reference) }).waitFor({ timeout: 15_000 });
      await expect(frame.locator('html').getAttribute('data-theme')).resolves.toBe('dark');
      await expect(frame.locator('h1').textContent()).resolves.toBe(enTab.title);
      await page.screenshot({ path: screenshotPath('tab-dev-queue-en-dark') });
      // The banner's links change one setting and keep the other.
      await expect(page.locator('a[data-theme="contrast"]').getAttribute('href')).resolves.toBe('?locale=en-US&theme=contrast');
      await expect(page.locator('a[data-locale="nl-NL"]').getAttribute('href')).resolves.toBe('?locale=nl-NL&theme=dark');
    },
    TEST_TIMEOUT_MS,
  );
});
