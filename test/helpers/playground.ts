import { randomBytes } from 'node:crypto';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { type App, createApp } from '../../src/main';
import { loadConfig } from '../../src/config/config';
import type { Clock } from '../../src/ports/clock';
import type { Translator } from '../../src/ports/translator';
import { LogCapture } from './app-harness';
import { screenshotPath } from './browser';
import { escapeRegExp } from './chat-steps';

/**
 * Boots the real bot in this process and Microsoft 365 Agents Playground (the local Teams-like
 * client, a devDependency) as a child process pointed at it. One session is one fresh bot with
 * an empty data folder and one fresh playground, so every test starts a new personal chat.
 */
export interface PlaygroundSession {
  app: App;
  logs: LogCapture;
  /** The playground's web page (also its Bot Connector: `<url>/_connector`). */
  url: string;
  stop(): Promise<void>;
}

const LISTENING = /Listening on (\d+)/;
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

function playgroundCli(): string {
  return path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
}

/** A port nobody listens on right now (the playground falls back to a random one if it is taken). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves with the port the child reports, rejects if it exits or stays silent first. */
function waitForListening(child: ChildProcess, output: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    };
    const onData = () => {
      const match = LISTENING.exec(output());
      if (match?.[1]) {
        cleanup();
        resolve(Number(match[1]));
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`the playground exited (code ${String(code)}) before listening:\n${output()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`the playground did not say "Listening on" within ${START_TIMEOUT_MS} ms:\n${output()}`));
    }, START_TIMEOUT_MS);
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** SIGTERM, then SIGKILL if it lingers; resolves once the process has really gone. */
function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface PlaygroundSessionOptions {
  /** Extra environment for the bot (e.g. SIGNAALPUNTEN_FILE, OUTBOX_POLL_MS); wins over the defaults. */
  env?: Record<string, string>;
  /** The bot's clock (default the system clock); the browser and the playground keep real time. */
  clock?: Clock;
}

export async function startPlaygroundSession(options: PlaygroundSessionOptions = {}): Promise<PlaygroundSession> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalbot-e2e-data-'));
  // The playground writes devTools/ into its working folder: keep that out of the repository.
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalbot-e2e-playground-'));
  const logs = new LogCapture();
  // APP_TEST_DATABASE_URL runs the playground journeys on PostgreSQL (a fresh schema), as the app tests.
  const pgUrl = process.env.APP_TEST_DATABASE_URL;
  const pgEnv: Record<string, string> = pgUrl ? { DATABASE_URL: pgUrl, DATABASE_SCHEMA: `e2e_${randomBytes(6).toString('hex')}` } : {};
  const app = await createApp(
    loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...pgEnv, ...options.env }),
    { logDestination: logs, ...(options.clock ? { clock: options.clock } : {}) },
  );

  let child: ChildProcess | undefined;
  const removeDirs = () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const requestedPort = await freePort();
    child = spawn(
      process.execPath,
      [playgroundCli(), '-e', `http://localhost:${app.port}/api/messages`, '-c', 'msteams', '--dt', '-p', String(requestedPort)],
      { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TEAMSFX_TELEMETRY_TESTING: '1' } },
    );
    let output = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const port = await waitForListening(child, () => output);

    const running = child;
    let stopping: Promise<void> | undefined;
    return {
      app,
      logs,
      url: `http://localhost:${port}`,
      stop() {
        stopping ??= (async () => {
          await killChild(running);
          await app.stop();
          removeDirs();
        })();
        return stopping;
      },
    };
  } catch (error) {
    if (child) await killChild(child);
    await app.stop();
    removeDirs();
    throw error;
  }
}

const REPLY_TIMEOUT_MS = 15_000;
const VIEWPORT = { width: 1280, height: 1000 };
/** The playground's header, message header and editor around the chat pane, roughly. */
const CHROME_HEIGHT = 400;

/**
 * The playground's personal chat as a user sees it. Replies are awaited by the text they must
 * show, never by sleeping. Selectors: the chat editor is `[data-lexical-editor="true"]`, each
 * Adaptive Card root is `.ac-adaptiveCard`, card buttons and checkboxes are found by their
 * accessible name (the adaptivecards renderer sets `aria-label` to the title).
 */
export class PlaygroundChat {
  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    private readonly screenshotPrefix: string,
  ) {}

  static async open(browser: Browser, url: string, screenshotPrefix: string): Promise<PlaygroundChat> {
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    const chat = new PlaygroundChat(page, context, screenshotPrefix);
    await page.getByRole('treeitem', { name: 'Personal Chat', exact: true }).click();
    await chat.editor().waitFor();
    return chat;
  }

  editor(): Locator {
    return this.page.locator('[data-lexical-editor="true"]');
  }

  /** The left pane's entry for a place: "Personal Chat", "Group Chat", or a channel such as "General". */
  private place(name: string): Locator {
    return this.page.getByRole('treeitem').filter({ has: this.page.getByText(name, { exact: true }) });
  }

  /** Back to the personal chat (its history stays). */
  async openPersonalChat(): Promise<void> {
    await this.place('Personal Chat').click();
    await this.editor().first().waitFor();
  }

  /** A channel of "My Team" ("General" or "Announcements"): its posts, newest first, and the new-post box. */
  async openChannel(name = 'General'): Promise<void> {
    await this.place(name).click();
    await this.newPostBox().waitFor();
  }

  /** The "Start a new post" box at the top of a channel (the only one with a "Post" button). */
  newPostBox(): Locator {
    return this.page.getByRole('group').filter({ has: this.page.getByRole('button', { name: 'Post', exact: true }) });
  }

  /**
   * Starts a new post in the open channel, as a team member does: a bot only hears a channel
   * post that @mentions it, so type the mention, pick the bot from the list, then the text.
   */
  async postInChannel(text: string, mention: { typed: string; pick: string } = { typed: '@Test', pick: 'Test Bot' }): Promise<void> {
    const box = this.newPostBox();
    await box.locator('[data-lexical-editor="true"]').click();
    await this.page.keyboard.type(mention.typed);
    // The option's accessible name also carries its avatar's label: match its visible text.
    const pick = this.page.getByRole('menuitem').filter({ hasText: mention.pick }).first();
    await pick.waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
    await pick.click();
    await this.page.keyboard.type(` ${text}`);
    await box.getByRole('button', { name: 'Post', exact: true }).click();
  }

  /** Every Adaptive Card in the chat, oldest first. */
  cards(hasText?: string | RegExp): Locator {
    const all = this.page.locator('.ac-adaptiveCard');
    return hasText === undefined ? all : all.filter({ hasText });
  }

  /** Types a message and sends it with Enter, as a user does. */
  async send(text: string): Promise<void> {
    const editor = this.editor();
    await editor.click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
  }

  /**
   * Does `act`, then waits for the first card showing `hasText` that was not there before, and
   * returns it. Older cards with the same text (the chat keeps its history) do not count.
   * Waits `timeoutMs` (default 15 s).
   */
  async expectNewCard(hasText: string | RegExp, act: () => Promise<void>, timeoutMs = REPLY_TIMEOUT_MS): Promise<Locator> {
    const matching = this.cards(hasText);
    const before = await matching.count();
    await act();
    const card = matching.nth(before);
    await card.waitFor({ state: 'visible', timeout: timeoutMs });
    return card;
  }

  /** Clicks the card button with exactly this title. */
  async click(card: Locator, title: string): Promise<void> {
    await card.getByRole('button', { name: title, exact: true }).click();
  }

  /**
   * The checkbox of one choice of an expanded multi-select Input.ChoiceSet. The renderer names
   * each box by the card, the group and the choice together (aria-labelledby), so neither
   * getByRole nor getByLabel matches the choice exactly; its own aria-label is the choice title.
   */
  checkbox(card: Locator, title: string): Locator {
    return card.locator(`input[type="checkbox"][aria-label=${JSON.stringify(title)}]`);
  }

  /** A plain message bubble or card text; waits until it is visible. */
  async expectText(text: string | RegExp): Promise<Locator> {
    const found = this.page.getByText(text).last();
    await found.waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
    return found;
  }

  /** The visible page (`<prefix>-<step>.png`), plus the whole card when given (`...-card.png`). */
  async screenshot(step: string, card?: Locator): Promise<void> {
    const name = `${this.screenshotPrefix}-${step}`;
    await this.page.screenshot({ path: screenshotPath(name) });
    if (!card) return;
    // The chat pane scrolls inside a fixed page, so a card taller than the pane comes out cut
    // off; a taller window for a moment lets the whole card be captured.
    const viewport = this.page.viewportSize() ?? VIEWPORT;
    const box = await card.boundingBox();
    const needed = Math.ceil((box?.height ?? 0) + CHROME_HEIGHT);
    if (needed > viewport.height) await this.page.setViewportSize({ width: viewport.width, height: needed });
    try {
      await card.scrollIntoViewIfNeeded();
      await card.screenshot({ path: screenshotPath(`${name}-card`) });
    } finally {
      if (needed > viewport.height) await this.page.setViewportSize(viewport);
    }
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/**
 * Page load sends installationUpdate (locale en-US) and conversationUpdate (no locale) at the same
 * moment. The bot welcomes once, on whichever it handles first: in English, or in the default
 * language (Dutch) when the activity carries no locale. Returns the menu card and its language.
 */
export async function waitForWelcome(c: PlaygroundChat, en: Translator, nl: Translator): Promise<Locator & { t: Translator }> {
  const either = new RegExp(`^(${escapeRegExp(en.t('common:welcome.text'))}|${escapeRegExp(nl.t('common:welcome.text'))})$`);
  const welcome = await c.expectText(either);
  const t = (await welcome.innerText()).trim() === nl.t('common:welcome.text') ? nl : en;
  const menu = c.cards(t.t('cards:menu.text')).first();
  await menu.waitFor();
  return Object.assign(menu, { t });
}

/** "Nederlands" switches the language and, with no dialog running, shows the Dutch menu. */
export async function switchToDutch(c: PlaygroundChat, nl: Translator): Promise<Locator> {
  const menu = await c.expectNewCard(nl.t('cards:menu.text'), () => c.send('Nederlands'));
  await c.expectText(nl.t('common:language.switched'));
  return menu;
}
