import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { type App, createApp } from '../../src/main';
import { loadConfig } from '../../src/config/config';
import { LogCapture } from './app-harness';
import { screenshotPath } from './browser';

/**
 * Bot Framework Web Chat (botframework-webchat, a devDependency) against the real bot, fully
 * offline: one local HTTP server on 127.0.0.1 serves the test page (test/fixtures/webchat/),
 * Web Chat's bundle from node_modules, and offline-directline's routes as the Direct Line and
 * the bot's connector; what offline-directline sends the bot passes a small relay on the same
 * server (recorded in `toBot`). The bot runs in this process on port 0. offline-directline
 * polls (no WebSocket), calls the channel `emulator`, its start event adds no members, and its
 * activities have no `recipient` (the Azure Direct Line service names the bot there).
 */
export interface WebChatSession {
  app: App;
  logs: LogCapture;
  /** Every activity offline-directline sent to the bot, as it sent it (oldest first). */
  toBot: Array<Record<string, unknown>>;
  /** The test page; add `?locale=...` (default nl-NL). */
  url: string;
  stop(): Promise<void>;
}

export interface WebChatSessionOptions {
  /** Extra environment for the bot; wins over the defaults. */
  env?: Record<string, string>;
}

const TO_BOT = '/to-bot';

type Next = (error?: unknown) => void;
type Handler = (req: http.IncomingMessage, res: http.ServerResponse, next: Next) => void;
interface ExpressApp {
  (req: http.IncomingMessage, res: http.ServerResponse): void;
  use(handler: Handler): void;
}

const PAGE = path.resolve(__dirname, '../fixtures/webchat/index.html');

/** offline-directline's router (its `initializeRoutes` listens itself and starts a timer that never stops). */
function directLineRouter(serviceUrl: string, botUrl: string): Handler {
  const directline = require('offline-directline') as { getRouter(serviceUrl: string, botUrl: string, initRequired?: boolean): Handler };
  return directline.getRouter(serviceUrl, botUrl);
}

/** Express as offline-directline itself resolves it (its dependency, not ours). */
function express(): () => ExpressApp {
  const from = path.dirname(require.resolve('offline-directline'));
  return require(require.resolve('express', { paths: [from] })) as () => ExpressApp;
}

/** dist/webchat.js, the browser bundle (the package exports only its module entry, so walk up from it). */
function webChatBundle(): string {
  let dir = path.dirname(require.resolve('botframework-webchat'));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const bundle = path.join(dir, 'dist', 'webchat.js');
  if (!fs.existsSync(bundle)) throw new Error(`Web Chat's bundle is missing: ${bundle}`);
  return bundle;
}

function sendFile(res: http.ServerResponse, file: string, type: string): void {
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
  fs.createReadStream(file).pipe(res);
}

export async function startWebChatSession(options: WebChatSessionOptions = {}): Promise<WebChatSession> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalbot-e2e-webchat-'));
  const logs = new LogCapture();
  const app = await createApp(
    loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...options.env }),
    { logDestination: logs },
  );

  let server: http.Server | undefined;
  const sockets = new Set<net.Socket>();
  const closeServer = () =>
    new Promise<void>((resolve) => {
      if (!server?.listening) return resolve();
      server.close(() => resolve());
      // Polling keeps connections alive; the browser is gone by now, so end them.
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    });
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });

  const toBot: Array<Record<string, unknown>> = [];
  /** offline-directline posts to the bot through here: recorded, then passed on untouched. */
  const relayToBot = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        try {
          const activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          toBot.push(activity);
          const answer = await fetch(`${app.url}/api/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(activity),
          });
          const body = await answer.text();
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          res.end(body);
        } catch {
          res.writeHead(502);
          res.end();
        }
      })();
    });
  };

  let origin: string;
  try {
    let router: Handler | undefined;
    const bundle = webChatBundle();
    const web = express()();
    web.use((req, res, next) => {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.method === 'GET' && (pathname === '/' || pathname === '/index.html')) return sendFile(res, PAGE, 'text/html; charset=utf-8');
      if (req.method === 'GET' && pathname === '/webchat.js') return sendFile(res, bundle, 'text/javascript; charset=utf-8');
      if (req.method === 'POST' && pathname === TO_BOT) return relayToBot(req, res);
      if (!router) return next(new Error('Direct Line not ready'));
      // offline-directline reads the poll's ?watermark= from req.query. The bot's restify, loaded
      // in this same process, puts a query() method on every http.IncomingMessage, so express
      // thinks the query is parsed and leaves it: every poll would return the whole history and
      // Web Chat would render every card anew, losing what was typed into it. Parse it here.
      const query = Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams);
      Object.defineProperty(req, 'query', { value: query, writable: true, configurable: true, enumerable: true });
      return router(req, res, next);
    });
    const listening = http.createServer(web);
    server = listening;
    listening.on('connection', (socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = listening.address() as net.AddressInfo;
    origin = `http://127.0.0.1:${port}`;
    // The bot answers at this serviceUrl: offline-directline's /v3/conversations/... routes.
    router = directLineRouter(origin, `${origin}${TO_BOT}`);
  } catch (error) {
    await closeServer();
    await app.stop();
    removeDir();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    app,
    logs,
    toBot,
    url: `${origin}/`,
    stop() {
      stopping ??= (async () => {
        await closeServer();
        await app.stop();
        removeDir();
      })();
      return stopping;
    },
  };
}

const REPLY_TIMEOUT_MS = 15_000;
/** A bit more than the page's polling interval (300 ms): replies of one turn arrive within it. */
const SETTLE_MS = 700;
/** Tall enough that the longest card (the summary) fits without scrolling inside the transcript. */
const VIEWPORT = { width: 1000, height: 1400 };

/**
 * Web Chat as a user sees it. Replies are awaited by the text they must show. Selectors: the
 * send box is `[data-id="webchat-sendbox-input"]`, each Adaptive Card root `.ac-adaptiveCard`
 * inside the transcript, card buttons and checkboxes by their accessible names. Web Chat also
 * keeps a visually hidden copy of every activity for screen readers, so texts are looked up in
 * the visible transcript only.
 */
export class WebChat {
  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    readonly screenshotPrefix: string,
  ) {}

  static async open(browser: Browser, url: string, screenshotPrefix: string, locale = 'nl-NL'): Promise<WebChat> {
    const context = await browser.newContext({ viewport: VIEWPORT, locale });
    const page = await context.newPage();
    const pageUrl = new URL(url);
    pageUrl.searchParams.set('locale', locale);
    await page.goto(pageUrl.toString(), { waitUntil: 'domcontentloaded' });
    const chat = new WebChat(page, context, screenshotPrefix);
    await chat.sendBox().waitFor();
    return chat;
  }

  /** A driver for Web Chat on a page opened elsewhere (the bot's own /chat page). */
  static onPage(page: Page, context: BrowserContext, screenshotPrefix: string): WebChat {
    return new WebChat(page, context, screenshotPrefix);
  }

  sendBox(): Locator {
    return this.page.locator('[data-id="webchat-sendbox-input"]');
  }

  /** The visible transcript (not the screen-reader copy). */
  transcript(): Locator {
    return this.page.locator('.webchat__basic-transcript__transcript');
  }

  /** Every Adaptive Card in the transcript, oldest first. */
  cards(hasText?: string | RegExp): Locator {
    const all = this.transcript().locator('.ac-adaptiveCard');
    return hasText === undefined ? all : all.filter({ hasText });
  }

  /** Scrolls the transcript to its newest activity, where Web Chat keeps following new ones. */
  async scrollToEnd(): Promise<void> {
    await this.page.locator('.webchat__basic-transcript__scrollable').evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
  }

  /** Types a message and sends it with Enter. */
  async send(text: string): Promise<void> {
    const box = this.sendBox();
    await box.click();
    await box.fill(text);
    await box.press('Enter');
  }

  /** Does `act`, then waits for the first card showing `hasText` that was not there before. */
  async expectNewCard(hasText: string | RegExp, act: () => Promise<void>, timeoutMs = REPLY_TIMEOUT_MS): Promise<Locator> {
    const matching = this.cards(hasText);
    const before = await matching.count();
    await act();
    const card = matching.nth(before);
    await card.waitFor({ state: 'visible', timeout: timeoutMs });
    await this.settle();
    return card;
  }

  /**
   * Waits until no activity has arrived for a little while. Web Chat renders an activity again
   * when the ones after it arrive (grouping), which would drop what was typed into a card, or
   * detach a card in the middle of a screenshot.
   */
  async settle(quietMs = SETTLE_MS, timeoutMs = REPLY_TIMEOUT_MS): Promise<void> {
    const activities = this.page.locator('.webchat__basic-transcript__activity');
    const started = Date.now();
    let count = await activities.count();
    let quietSince = Date.now();
    while (Date.now() - quietSince < quietMs) {
      if (Date.now() - started > timeoutMs) throw new Error(`Web Chat kept receiving activities for ${timeoutMs} ms`);
      await this.page.waitForTimeout(100);
      const now = await activities.count();
      if (now !== count) {
        count = now;
        quietSince = Date.now();
      }
    }
  }

  async click(card: Locator, title: string): Promise<void> {
    await card.getByRole('button', { name: title, exact: true }).click();
  }

  /**
   * One choice of an expanded multi-select Input.ChoiceSet. As in the playground, the box is
   * named by the group and the choice together (aria-labelledby); its aria-label is the title.
   */
  checkbox(card: Locator, title: string): Locator {
    return card.locator(`input[type="checkbox"][aria-label=${JSON.stringify(title)}]`);
  }

  /** A message or card text in the transcript; waits until it is visible. */
  async expectText(text: string | RegExp): Promise<Locator> {
    const found = this.transcript().getByText(text).last();
    await found.waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
    await this.settle();
    return found;
  }

  /** The visible page (`<prefix>-<step>.png`), plus the whole card when given (`...-card.png`). */
  async screenshot(step: string, card?: Locator): Promise<void> {
    const name = `${this.screenshotPrefix}-${step}`;
    await this.scrollToEnd();
    await this.page.screenshot({ path: screenshotPath(name) });
    if (!card) return;
    // The card may be rendered anew while it is captured (see settle): try again then.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await card.screenshot({ path: screenshotPath(`${name}-card`), timeout: 5_000 });
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
        await this.settle();
      }
    }
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
