import { createLocalJWKSet, exportJWK, generateKeyPair, type JWK, type JWTPayload, type JWTVerifyGetKey, SignJWT } from 'jose';
import type restify from 'restify';
import type { Clock } from '../../ports/clock';
import { entraIssuers } from '../http/tab-auth';

/**
 * The Teams tab tried locally (issue 14, point 16), development only: a stand-in Teams host page at
 * /tab/dev that frames the real tab and answers teams-js's postMessage calls as Teams would, and a
 * local token issuer standing in for Teams SSO. Its key pair is made at every start and never
 * written anywhere; only the API of a development start trusts it (main.ts). A production start
 * never registers these routes and never builds an issuer (createDevTokenIssuer refuses).
 */

/** The audience of development tokens; a production start never accepts it (its audience is the app id). */
export const DEV_TAB_AUDIENCE = 'api://localhost/signaalbot-dev-tab';
const DEV_TAB_KEY_ID = 'signaalbot-dev-tab';
const DEV_TAB_CLIENT_ID = 'signaalbot-dev-tab-host';
const TOKEN_LIFETIME_SEC = 60 * 60;

/**
 * The signed-in test user and the team: Microsoft's local Teams-like client's own made-up user
 * ("Alex Wilber") and team ("My Team", id `team-id`), so the tab shows what the newcomer linked and
 * reported in the playground. No real person.
 */
export const DEV_TAB_USER = { oid: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber' } as const;
export const DEV_TAB_TEAM = { teamId: 'team-id', channelId: 'team-id', teamName: 'My Team', channelName: 'General' } as const;

export interface DevTokenIssuer {
  /** The public key, for the tab API's verifier. */
  keySet: JWTVerifyGetKey;
  /** The public key as a JWKS document (served at /tab/dev/jwks.json). */
  jwks: { keys: JWK[] };
  /** A token for the test user; `claims` override (tests). */
  issue(claims?: JWTPayload): Promise<string>;
}

/**
 * A local stand-in for Entra ID's token service: RS256 tokens for the test user, shaped as Teams SSO
 * tokens (v2 issuer of the tenant, `access_as_user`), signed by a key pair made now.
 * @throws Error outside development: production must never hold a key it would trust.
 */
export async function createDevTokenIssuer(options: { env: string; tenantId: string; clock: Clock }): Promise<DevTokenIssuer> {
  if (options.env !== 'development') throw new Error('the development tab token issuer runs only in development');
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: DEV_TAB_KEY_ID, alg: 'RS256', use: 'sig' };
  const jwks = { keys: [jwk] };
  return {
    keySet: createLocalJWKSet(jwks),
    jwks,
    issue(claims = {}) {
      const now = Math.floor(options.clock.now().getTime() / 1000);
      return new SignJWT({
        ver: '2.0',
        iss: entraIssuers(options.tenantId)[1],
        aud: DEV_TAB_AUDIENCE,
        tid: options.tenantId,
        oid: DEV_TAB_USER.oid,
        name: DEV_TAB_USER.name,
        scp: 'access_as_user',
        azp: DEV_TAB_CLIENT_ID,
        iat: now,
        nbf: now - 60,
        exp: now + TOKEN_LIFETIME_SEC,
        ...claims,
      })
        .setProtectedHeader({ alg: 'RS256', kid: DEV_TAB_KEY_ID, typ: 'JWT' })
        .sign(privateKey);
    },
  };
}

const HOST_HTML = `<!doctype html>
<html lang="nl">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Signaalpunt-tab: ontwikkelmodus</title>
    <link rel="stylesheet" href="/tab/dev/host.css" />
  </head>
  <body>
    <header>
      <p><strong>Ontwikkelmodus</strong> (development mode, not Teams): the Signaalpunt tab with test user ${DEV_TAB_USER.name} in the playground's team "${DEV_TAB_TEAM.teamName}".</p>
      <nav aria-label="Taal en thema">
        <a href="?locale=nl-NL" data-locale="nl-NL">Nederlands</a> <a href="?locale=en-US" data-locale="en-US">English</a>
        <a href="?theme=default" data-theme="default">Licht</a> <a href="?theme=dark" data-theme="dark">Donker</a>
        <a href="?theme=contrast" data-theme="contrast">Hoog contrast</a>
      </nav>
      <p>No access? Link the team in the playground first (README, "Try the tab locally"), or start with TAB_DEV_DEMO=1.</p>
    </header>
    <iframe id="tab" title="Signaalpunt-tab"></iframe>
    <script src="/tab/dev/host.js"></script>
  </body>
</html>
`;

const HOST_CSS = `html, body { margin: 0; height: 100%; font-family: "Segoe UI", system-ui, sans-serif; }
body { display: flex; flex-direction: column; }
header { padding: 4px 12px; background: #464775; color: #fff; font-size: 13px; display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: center; }
header p { margin: 0; }
header a { color: #fff; margin-right: 8px; }
iframe { flex: 1; width: 100%; border: 0; }
`;

/**
 * Plays Teams for the framed tab, as teams-js expects it: the tab posts { id, uuidAsString, func, args }
 * to its parent; the host answers { id, uuidAsString, args }. Query parameters: locale, theme.
 */
const HOST_JS = `(() => {
  'use strict';
  const params = new URLSearchParams(location.search);
  const frame = document.getElementById('tab');
  const context = {
    locale: params.get('locale') || 'nl-NL',
    theme: params.get('theme') || 'default',
    frameContext: 'content',
    entityId: 'signaalpunt',
    teamId: ${JSON.stringify(DEV_TAB_TEAM.teamId)},
    teamName: ${JSON.stringify(DEV_TAB_TEAM.teamName)},
    channelId: ${JSON.stringify(DEV_TAB_TEAM.channelId)},
    channelName: ${JSON.stringify(DEV_TAB_TEAM.channelName)},
    userObjectId: ${JSON.stringify(DEV_TAB_USER.oid)},
    hostClientType: 'web',
    hostName: 'Teams',
    appSessionId: 'signaalbot-dev-tab',
  };
  const runtime = { apiVersion: 4, isLegacyTeams: false, supports: { pages: { appButton: {}, tabs: {}, config: {}, backStack: {} }, teamsCore: {} } };
  const reply = (message, args) => frame.contentWindow.postMessage({ id: message.id, uuidAsString: message.uuidAsString, args }, location.origin);
  const token = () =>
    fetch('/tab/dev/token', { cache: 'no-store' })
      .then((res) => (res.ok ? res.json() : Promise.reject(new Error(String(res.status)))))
      .then((body) => [true, body.token], () => [false, 'tokenNotAvailable']);
  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow || event.origin !== location.origin || !event.data || typeof event.data.func !== 'string') return;
    const message = event.data;
    switch (message.func) {
      case 'initialize':
        return reply(message, [context.frameContext, 'web', JSON.stringify(runtime), '2.58.0']);
      case 'getContext':
        return reply(message, [context]);
      case 'authentication.getAuthToken':
        return void token().then((args) => reply(message, args));
      default:
        return undefined;
    }
  });
  // Each link changes one setting and keeps the other.
  for (const link of document.querySelectorAll('nav a')) {
    const next = new URLSearchParams(params);
    for (const key of ['locale', 'theme']) if (link.dataset[key]) next.set(key, link.dataset[key]);
    link.href = '?' + next.toString();
  }
  frame.src = '/tab/';
})();
`;

const HOST_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Registers the stand-in Teams host and the issuer's routes: /tab/dev (the page), /tab/dev/host.js,
 * /tab/dev/host.css, /tab/dev/token (a token for the test user) and /tab/dev/jwks.json.
 * main.ts calls this only in development, which listens on a loopback address only (config.ts).
 */
export function registerDevTab(server: restify.Server, issuer: DevTokenIssuer): void {
  const send = (res: restify.Response, type: string, body: string) => {
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
      'Content-Security-Policy': HOST_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    res.end(body);
  };
  for (const route of ['/tab/dev', '/tab/dev/']) {
    server.get(route, async (_req: restify.Request, res: restify.Response) => send(res, 'text/html; charset=utf-8', HOST_HTML));
  }
  server.get('/tab/dev/host.js', async (_req: restify.Request, res: restify.Response) => send(res, 'text/javascript; charset=utf-8', HOST_JS));
  server.get('/tab/dev/host.css', async (_req: restify.Request, res: restify.Response) => send(res, 'text/css; charset=utf-8', HOST_CSS));
  server.get('/tab/dev/jwks.json', async (_req: restify.Request, res: restify.Response) => send(res, 'application/json', JSON.stringify(issuer.jwks)));
  server.get('/tab/dev/token', async (_req: restify.Request, res: restify.Response) => {
    send(res, 'application/json', JSON.stringify({ token: await issuer.issue() }));
  });
}
