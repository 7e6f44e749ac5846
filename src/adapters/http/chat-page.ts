import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type restify from 'restify';
import type { Locale, Translations } from '../../ports/translator';
import { CHAT_TOKEN_PATH } from './chat-token';

/**
 * Serves the web chat page for professionals outside Teams (/chat): the HTML is rendered here
 * per request (language, municipality, CSP nonce), the script and stylesheet come from the build
 * (scripts/build-webchat.js -> dist/webchat). Everything a visitor must read without the chat
 * (the help numbers, the privacy notice) is in the HTML itself.
 */
export interface ChatPageOptions {
  distDir: string;
  translations: Translations;
  municipality: string;
  logoUrl?: string;
  accentColour: string;
  privacyUrl?: string;
  retentionDays: number;
  /** Other sites that may frame the page (the page's own origin always may). */
  allowedOrigins: readonly string[];
  /** Origins Web Chat talks to for Direct Line, by the Host the page was loaded from; undefined: chat closed. */
  connectOrigins?: (pageHost: string) => string[];
}

/** The help numbers shown above the chat, exact per docs DOMAIN.md; `tel` is what the phone dials. */
const HELP_NUMBERS: ReadonlyArray<{ key: string; numbers: ReadonlyArray<{ shown: string; tel: string }> }> = [
  { key: 'acute', numbers: [{ shown: '112', tel: '112' }] },
  { key: 'suicide', numbers: [{ shown: '113', tel: '113' }, { shown: '0800 0113', tel: '08000113' }] },
  { key: 'veiligThuis', numbers: [{ shown: '0800 2000', tel: '08002000' }] },
  { key: 'zorgwekkend', numbers: [{ shown: '0800 1205', tel: '08001205' }] },
  { key: 'luisterlijn', numbers: [{ shown: '088 0767 000', tel: '0880767000' }] },
];

const ASSETS: Record<string, { file: string; type: string }> = {
  '/chat/chat.js': { file: 'chat.js', type: 'text/javascript; charset=utf-8' },
  '/chat/chat.css': { file: 'chat.css', type: 'text/css; charset=utf-8' },
};

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** JSON inside a <script type="application/json">: no "</script>" or "<!--" can close it. */
const jsonForHtml = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

/** Black or white, whichever reads better on the colour (WCAG relative luminance). */
export function textColourOn(hex: string): '#000000' | '#ffffff' {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return (1.05 / (l + 0.05)) >= ((l + 0.05) / 0.05) ? '#ffffff' : '#000000';
}

const EMPTY_STYLE_HASH = 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';

export function chatPageCsp(options: { nonce: string; connect: readonly string[]; logoUrl?: string; allowedOrigins: readonly string[] }): string {
  const logoOrigin = options.logoUrl?.startsWith('https://') ? ` ${new URL(options.logoUrl).origin}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    // Web Chat writes its styles into <style> elements carrying this nonce; one library adds an
    // empty <style> without it (the hash is that of the empty string: nothing else passes).
    `style-src 'self' 'nonce-${options.nonce}' '${EMPTY_STYLE_HASH}'`,
    `img-src 'self' data: blob:${logoOrigin}`,
    "font-src 'self' data:",
    ['connect-src', "'self'", ...options.connect].join(' '),
    "base-uri 'none'",
    "form-action 'none'",
    ['frame-ancestors', "'self'", ...options.allowedOrigins].join(' '),
  ].join('; ');
}

function localeOf(req: restify.Request): Locale {
  const lang = new URL(req.url ?? '/', 'http://localhost').searchParams.get('lang');
  return lang === 'en' ? 'en' : 'nl';
}

function renderPage(options: ChatPageOptions, locale: Locale, nonce: string, open: boolean): string {
  const t = options.translations.forLocale(locale);
  const e = (key: string, vars?: Record<string, string | number>) => escapeHtml(t.t(`webchat:${key}`, vars));
  const municipality = options.municipality;
  const accentText = textColourOn(options.accentColour);
  const other: Locale = locale === 'nl' ? 'en' : 'nl';
  const help = HELP_NUMBERS.map(
    ({ key, numbers }) =>
      `<li><span class="help__what">${e(`help.${key}`)}</span> ${numbers
        .map((n) => `<a class="help__number" href="tel:${n.tel}">${escapeHtml(n.shown)}</a>`)
        .join(` <span class="help__or">${e('help.or')}</span> `)}</li>`,
  ).join('');
  const privacyLink = options.privacyUrl
    ? `<a href="${escapeHtml(options.privacyUrl)}" target="_blank" rel="noopener">${e('privacy.link', { municipality })}</a>`
    : e('privacy.noLink', { municipality });
  const settings = {
    locale,
    webChatLocale: locale === 'nl' ? 'nl-NL' : 'en-US',
    tokenUrl: CHAT_TOKEN_PATH,
    nonce,
    colours: { accent: options.accentColour, accentText },
    texts: { connecting: t.t('webchat:chat.connecting'), failed: t.t('webchat:chat.failed'), forgotten: t.t('webchat:chat.forgotten'), sendBoxLabel: t.t('webchat:chat.sendBox') },
  };
  const logo = options.logoUrl ? `<img class="bar__logo" src="${escapeHtml(options.logoUrl)}" alt="" />` : '';
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
<meta name="color-scheme" content="light dark" />
<title>${e('title')} | ${escapeHtml(municipality)}</title>
<link rel="icon" href="data:," />
<link rel="stylesheet" href="/chat/chat.css" />
<style nonce="${nonce}">:root{--accent:${options.accentColour};--accent-text:${accentText}}</style>
${open ? '<script src="/chat/chat.js" defer></script>' : ''}
</head>
<body>
<header class="bar">
${logo}<p class="bar__name">${escapeHtml(municipality)}</p>
<a class="bar__lang" href="?lang=${other}" hreflang="${other}" lang="${other}" title="${escapeHtml(options.translations.forLocale(other).t('webchat:otherLanguageLabel'))}">${e('otherLanguage')}</a>
</header>
<section class="help" aria-labelledby="help-title">
<h1 class="visually-hidden">${e('title')}</h1>
<h2 id="help-title" class="help__title">${e('help.title')}</h2>
<ul class="help__list">${help}</ul>
</section>
<section id="privacy" class="privacy" aria-labelledby="privacy-title">
<h2 id="privacy-title" class="privacy__title">${e('privacy.title')}</h2>
<div class="privacy__text">
<p>${e('privacy.who')} ${e('privacy.what')}</p>
<p>${e('privacy.kept', { days: options.retentionDays })}</p>
</div>
<p class="privacy__link">${privacyLink}</p>
${open ? `<button id="privacy-start" class="privacy__start" type="button">${e('privacy.start')}</button>` : ''}
</section>
<main class="chat" aria-label="${e('chat.label')}">
<p id="chat-status" class="chat__status" role="status">${open ? '' : e('chat.closed')}</p>
<div id="webchat" class="chat__webchat"></div>
</main>
<footer class="note"><p>${e('circlesNote')}</p></footer>
<script type="application/json" id="chat-settings">${jsonForHtml(settings)}</script>
</body>
</html>
`;
}

export function registerChatPage(server: restify.Server, options: ChatPageOptions): void {
  const page = async (req: restify.Request, res: restify.Response) => {
    const nonce = randomBytes(16).toString('base64');
    const host = req.header('host') ?? '';
    const connect = options.connectOrigins?.(host);
    const body = Buffer.from(renderPage(options, localeOf(req), nonce, connect !== undefined));
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': body.length,
      'Content-Security-Policy': chatPageCsp({ nonce, connect: connect ?? [], logoUrl: options.logoUrl, allowedOrigins: options.allowedOrigins }),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
      'Cache-Control': 'no-store',
    });
    res.end(body);
  };
  server.get('/chat', page);
  server.get('/chat/', page);
  for (const [route, { file, type }] of Object.entries(ASSETS)) {
    server.get(route, async (req: restify.Request, res: restify.Response) => {
      // The build writes a gzipped copy of the script beside it (scripts/build-webchat.js).
      const gzip = /\bgzip\b/.test(req.header('accept-encoding') ?? '');
      let body: Buffer | undefined;
      let encoded = false;
      if (gzip) {
        body = await fs.readFile(path.join(options.distDir, `${file}.gz`)).catch(() => undefined);
        encoded = body !== undefined;
      }
      try {
        body ??= await fs.readFile(path.join(options.distDir, file));
      } catch {
        res.status(404);
        res.json({ error: { code: 'CHAT_NOT_BUILT' } });
        return;
      }
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Length': body.length,
        ...(encoded ? { 'Content-Encoding': 'gzip' } : {}),
        Vary: 'Accept-Encoding',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      });
      res.end(body);
    });
  }
}
