import fs from 'node:fs/promises';
import path from 'node:path';
import type restify from 'restify';

/**
 * Hosts allowed to frame the tab (Microsoft's list for Teams, Outlook and the Microsoft 365 app,
 * including the *.cloud.microsoft domains they move to). 'self' lets a same-origin test page frame it.
 */
export const TEAMS_FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.cloud.microsoft',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
] as const;

export interface TabPagesOptions {
  /** Folder written by scripts/build-tab.js (dist/tab). */
  distDir: string;
  /** Overrides TEAMS_FRAME_ANCESTORS. */
  frameAncestors?: readonly string[];
}

/** The files the tab consists of: URL path -> file name and type. Nothing else is served. */
const FILES: Record<string, { file: string; type: string }> = {
  '/tab': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/tab/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/tab/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/tab/config.html': { file: 'config.html', type: 'text/html; charset=utf-8' },
  '/tab/main.js': { file: 'main.js', type: 'text/javascript; charset=utf-8' },
  '/tab/config.js': { file: 'config.js', type: 'text/javascript; charset=utf-8' },
  '/tab/tab.css': { file: 'tab.css', type: 'text/css; charset=utf-8' },
};

/**
 * The tab's scripts talk only to this server (the tab API) and, for teams-js, to Microsoft's CDN
 * for the current list of valid Teams origins (it falls back to a built-in list when that fails).
 * teams-js talks to Teams by postMessage, which CSP does not govern. No inline script or style.
 */
const TEAMS_JS_ORIGINS_CDN = 'https://res.cdn.office.net';

function contentSecurityPolicy(frameAncestors: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${TEAMS_JS_ORIGINS_CDN}`,
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors.join(' ')}`,
  ].join('; ');
}

/**
 * Serves the Teams tab (the built HTML, script and stylesheet) under /tab/. Files are read per
 * request, so a rebuilt tab is served without a restart; a missing build answers 404 TAB_NOT_BUILT.
 */
export function registerTabPages(server: restify.Server, options: TabPagesOptions): void {
  const csp = contentSecurityPolicy(options.frameAncestors ?? TEAMS_FRAME_ANCESTORS);
  for (const [route, { file, type }] of Object.entries(FILES)) {
    server.get(route, async (_req: restify.Request, res: restify.Response) => {
      let body: Buffer;
      try {
        body = await fs.readFile(path.join(options.distDir, file));
      } catch {
        res.status(404);
        res.json({ error: { code: 'TAB_NOT_BUILT' } });
        return;
      }
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Length': body.length,
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'strict-origin-when-cross-origin',
        // Deploys change the files under the same names: always revalidate.
        'Cache-Control': 'no-cache',
      });
      res.end(body);
    });
  }
}
