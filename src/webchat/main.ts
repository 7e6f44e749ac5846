/**
 * The web chat page's script (/chat): asks this server for a Direct Line token bound to the
 * visitor's pseudonymous user id, keeps the signed user token in localStorage (so `status` finds
 * the visitor's own signals on the next visit), and renders Bot Framework Web Chat. Everything
 * the page says is rendered by the server; this script only reads the page's JSON settings.
 * esbuild bundles it with Web Chat (scripts/build-webchat.js); there is no CDN at run time.
 */
import ReactWebChat, { createDirectLine } from 'botframework-webchat';
import { type ComponentType, createElement } from 'react';
import { createRoot } from 'react-dom/client';

interface PageSettings {
  locale: 'nl' | 'en';
  /** Web Chat's locale (nl-NL, en-US): also the locale on every activity the bot gets. */
  webChatLocale: string;
  tokenUrl: string;
  /** CSP nonce for Web Chat's own style elements. */
  nonce: string;
  colours: { accent: string; accentText: string };
  texts: { connecting: string; failed: string; forgotten: string; sendBoxLabel: string };
}

interface TokenAnswer {
  token: string;
  userId: string;
  userToken: string;
  expiresIn: number;
  /** Only for the local stand-in: its address, polled instead of a WebSocket. */
  domain?: string;
}

const USER_TOKEN_KEY = 'signaalbot.chat.user';
const CONSENT_KEY = 'signaalbot.chat.privacySeen';

function settings(): PageSettings {
  const element = document.getElementById('chat-settings');
  if (!element?.textContent) throw new Error('chat settings missing');
  return JSON.parse(element.textContent) as PageSettings;
}

function readStorage(key: string): string | undefined {
  try {
    return window.localStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

function writeStorage(key: string, value: string | undefined): void {
  try {
    if (value === undefined) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Storage off (private mode): the chat works, `status` then only knows this visit.
  }
}

function isTokenAnswer(value: unknown): value is TokenAnswer {
  const v = value as Partial<TokenAnswer> | null;
  return !!v && typeof v.token === 'string' && typeof v.userId === 'string' && typeof v.userToken === 'string' && typeof v.expiresIn === 'number';
}

class RefusedError extends Error {
  constructor(
    readonly status: number,
    readonly politeMessage?: string,
  ) {
    super(`token refused: ${status}`);
  }
}

async function requestToken(s: PageSettings, userToken: string | undefined): Promise<TokenAnswer> {
  const response = await fetch(s.tokenUrl, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(userToken ? { userToken, locale: s.locale } : { locale: s.locale }),
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
    throw new RefusedError(response.status, typeof message === 'string' ? message : undefined);
  }
  if (!isTokenAnswer(body)) throw new Error('token answer invalid');
  return body;
}

/** A token for the stored user; a refused (expired, altered) user token is forgotten and a new id made. */
async function tokenForVisitor(s: PageSettings, status: HTMLElement): Promise<TokenAnswer> {
  const stored = readStorage(USER_TOKEN_KEY);
  try {
    return await requestToken(s, stored);
  } catch (error) {
    if (!(error instanceof RefusedError) || error.status !== 401 || !stored) throw error;
    writeStorage(USER_TOKEN_KEY, undefined);
    status.textContent = s.texts.forgotten;
    return requestToken(s, undefined);
  }
}

function focusSendBox(root: HTMLElement): void {
  const started = Date.now();
  const tryFocus = () => {
    const input = root.querySelector<HTMLElement>('[data-id="webchat-sendbox-input"]');
    if (input) {
      input.setAttribute('aria-label', settings().texts.sendBoxLabel);
      input.focus();
      return;
    }
    if (Date.now() - started < 10_000) window.setTimeout(tryFocus, 50);
  };
  tryFocus();
}

async function startChat(s: PageSettings): Promise<void> {
  const root = document.getElementById('webchat');
  const status = document.getElementById('chat-status');
  if (!root || !status) return;
  status.textContent = s.texts.connecting;
  let answer: TokenAnswer;
  try {
    answer = await tokenForVisitor(s, status);
  } catch (error) {
    status.textContent = error instanceof RefusedError && error.politeMessage ? error.politeMessage : s.texts.failed;
    return;
  }
  writeStorage(USER_TOKEN_KEY, answer.userToken);
  // Direct Line JS refreshes the token itself well before it expires (half its lifetime).
  // The local stand-in has no WebSocket: poll it (Direct Line JS takes `webSocket: false`; Web Chat's types say otherwise).
  const options = answer.domain ? { token: answer.token, domain: answer.domain, webSocket: false, pollingInterval: 300 } : { token: answer.token };
  const directLine = createDirectLine(options as unknown as Parameters<typeof createDirectLine>[0]);
  // Web Chat's renderWebChat uses ReactDOM.render, which React 19 no longer has: render with a root.
  const props = {
      directLine,
      locale: s.webChatLocale,
      userID: answer.userId,
      nonce: s.nonce,
      styleOptions: {
        accent: s.colours.accent,
        bubbleFromUserBackground: s.colours.accent,
        bubbleFromUserTextColor: s.colours.accentText,
        bubbleFromUserBorderColor: s.colours.accent,
        hideUploadButton: true,
        sendBoxHeight: 48,
        // Large enough for a thumb (WCAG 2.5.5).
        suggestedActionHeight: 44,
      },
  };
  createRoot(root).render(createElement(ReactWebChat as unknown as ComponentType<typeof props>, props));
  status.textContent = '';
  focusSendBox(root);
}

function main(): void {
  const s = settings();
  const privacy = document.getElementById('privacy');
  const start = document.getElementById('privacy-start');
  const begin = () => {
    writeStorage(CONSENT_KEY, '1');
    privacy?.classList.add('privacy--seen');
    start?.setAttribute('hidden', '');
    void startChat(s);
  };
  if (readStorage(CONSENT_KEY) === '1' || !start) begin();
  else start.addEventListener('click', begin, { once: true });
}

main();
