import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { onCI } from './ci';

/**
 * Where Debian/Ubuntu put Chromium. We never download a browser: the end-to-end tests use the
 * one the machine has, or say plainly that there is none.
 */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Flags that work headless as root in a container, with no network calls of Chromium's own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `CHROMIUM_PATH` when set (it must exist), else the first system Chromium found, else undefined. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((candidate) => fs.existsSync(candidate));
}

/** True where a missing browser must fail the run instead of skipping (CI=true or CI=1). */
export function browserRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return onCI(env);
}

/** Explains, once, why the browser tests do not run here. */
export function explainMissingChromium(env: NodeJS.ProcessEnv = process.env): string {
  const looked = env.CHROMIUM_PATH?.trim() ? `CHROMIUM_PATH=${env.CHROMIUM_PATH}` : CANDIDATES.join(', ');
  return (
    `End-to-end browser tests NOT RUN: no Chromium found (looked at ${looked}). ` +
    'Install Debian\'s "chromium" package or set CHROMIUM_PATH. Under CI=true this is a failure.'
  );
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** Where the e2e screenshots go (git-ignored). */
export const SCREENSHOT_DIR = path.resolve(__dirname, '../../test-output/e2e');

/** The path of screenshot `<name>.png`, its folder made if needed. */
export function screenshotPath(name: string): string {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, `${name}.png`);
}

/** What a suite made by describeInBrowser gets: its Chromium, started before the suite's own hooks. */
export interface BrowserSuite {
  readonly browser: Browser;
}

export interface BrowserSuiteOptions {
  /** For launching and closing Chromium (use the suite's test timeout: a busy machine is slow). */
  timeoutMs: number;
  /** offline-directline console.logs every new conversation; keep that out of the test output. */
  quietDirectLine?: boolean;
}

/**
 * A describe block whose tests run in one headless Chromium (Debian's, never downloaded). The
 * browser is launched before the suite's own beforeAll hooks (they may open pages) and closed
 * after its afterAll hooks (they may still take a last screenshot). Without Chromium the suite
 * is one test that says so, and fails under CI: never a silent skip.
 */
export function describeInBrowser(title: string, options: BrowserSuiteOptions, body: (suite: BrowserSuite) => void): void {
  describe(title, () => {
    const executablePath = findChromium();
    if (!executablePath) {
      test('When no Chromium is installed, then these browser tests say so, and fail under CI', () => {
        const note = explainMissingChromium();
        console.log(note);
        if (browserRequired()) throw new Error(note);
      });
      return;
    }
    let browser: Browser | undefined;
    let quiet: jest.SpyInstance | undefined;
    const suite: BrowserSuite = {
      get browser(): Browser {
        if (!browser) throw new Error('Chromium did not start (see the first beforeAll)');
        return browser;
      },
    };

    beforeAll(async () => {
      if (options.quietDirectLine) {
        const log = console.log.bind(console);
        quiet = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
          if (typeof args[0] === 'string' && args[0].startsWith('Created conversation with conversationId')) return;
          log(...args);
        });
      }
      browser = await launchChromium(executablePath);
    }, options.timeoutMs);

    body(suite);

    // Registered after the body's hooks, so it runs after them (jest runs afterAll in declaration order).
    afterAll(async () => {
      await browser?.close();
      quiet?.mockRestore();
    }, options.timeoutMs);
  });
}

/**
 * Polls `check` every 100 ms until it is true; throws `what` after `timeoutMs`. For conditions
 * outside the page (what a stub received); in a page prefer Playwright's own waits.
 */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: () => string, timeoutMs = 15_000): Promise<void> {
  for (let waited = 0; !(await check()); waited += 100) {
    if (waited > timeoutMs) throw new Error(what());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
