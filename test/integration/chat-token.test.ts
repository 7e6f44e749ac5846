import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/main';
import { loadConfig } from '../../src/config/config';
import { ChatUserIds } from '../../src/adapters/http/chat-user-id';
import { ChatDirectory } from '../../src/adapters/botframework/chat-directory';
import { LogCapture } from '../helpers/app-harness';

/**
 * The web chat page's token endpoint (/api/chat/token) against a local stand-in for Azure's
 * Direct Line token API (no outside network): the secret stays on the server, user ids are signed,
 * forged and expired user tokens are refused, origins and rates are enforced, politely.
 */

const SECRET = 'dl-secret-9f8e7d6c5b4a3210-never-shown';
const USER_KEY = Buffer.alloc(32, 7).toString('base64');
const EMBEDDER = 'https://www.gemeente-voorbeeld.nl';

interface DirectLineStub {
  url: string;
  requests: Array<{ authorization?: string; body: unknown }>;
  failWith?: number;
  close(): Promise<void>;
}

/** Azure Direct Line's POST /v3/directline/tokens/generate, as documented, on 127.0.0.1. */
async function startDirectLineStub(): Promise<DirectLineStub> {
  let issued = 0;
  const stub: DirectLineStub = { url: '', requests: [], close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown) : undefined;
      stub.requests.push({ authorization: req.headers.authorization, body });
      if (req.method !== 'POST' || req.url !== '/v3/directline/tokens/generate' || req.headers.authorization !== `Bearer ${SECRET}`) {
        // restify, loaded in this process, patches writeHead (it returns nothing): end separately.
        res.writeHead(403);
        res.end();
        return;
      }
      if (stub.failWith) {
        res.writeHead(stub.failWith, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `secret ${SECRET}` } }));
        return;
      }
      issued += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ conversationId: `conv-${issued}`, token: `dl-token-${issued}`, expires_in: 1800 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  stub.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  stub.close = () => new Promise((resolve) => server.close(() => resolve()));
  return stub;
}

interface Setup {
  app: App;
  logs: LogCapture;
  stub: DirectLineStub;
  close(): Promise<void>;
}

async function start(env: Record<string, string> = {}): Promise<Setup> {
  const stub = await startDirectLineStub();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalbot-chat-token-'));
  const logs = new LogCapture();
  const app = await createApp(
    loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'debug',
      CHAT_DIRECTLINE_SECRET: SECRET,
      CHAT_DIRECTLINE_URL: `${stub.url}/v3/directline`,
      CHAT_USER_KEY: USER_KEY,
      CHAT_ALLOWED_ORIGINS: EMBEDDER,
      CHAT_PRIVACY_URL: 'https://www.gemeente-voorbeeld.nl/privacy',
      CHAT_MUNICIPALITY: 'Gemeente Voorbeeld',
      ...env,
    }),
    { logDestination: logs },
  );
  return {
    app,
    logs,
    stub,
    async close() {
      await app.stop();
      await stub.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface TokenAnswer {
  token: string;
  expiresIn: number;
  userId: string;
  userToken: string;
  domain?: string;
}

async function askToken(s: Setup, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string; json: any; headers: Headers }> {
  const response = await fetch(`${s.app.url}/api/chat/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: s.app.url, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, headers: response.headers };
}

describe('POST /api/chat/token (web chat page)', () => {
  let s: Setup;
  beforeEach(async () => {
    s = await start();
  });
  afterEach(async () => {
    // Whatever happened: the secret is in no log line.
    expect(s.logs.lines.join('\n')).not.toContain(SECRET);
    await s.close();
  });

  test('When the page asks from its own origin, then it gets a short-lived Direct Line token bound to a new signed dl_ user id, and the secret is in no answer or log', async () => {
    const answer = await askToken(s, { locale: 'nl' });
    expect(answer.status).toBe(200);
    const body = answer.json as TokenAnswer;
    expect(body).toEqual({ token: 'dl-token-1', expiresIn: 1800, userId: expect.stringMatching(/^dl_[A-Za-z0-9_-]{22}$/), userToken: expect.stringMatching(/^v1\./) });
    expect(answer.text).not.toContain(SECRET);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    // Direct Line got the secret as bearer and the user id in the body, as its token API wants.
    expect(s.stub.requests).toEqual([{ authorization: `Bearer ${SECRET}`, body: { user: { id: body.userId } } }]);
    // The log says a token was issued, with neither the token nor the user id.
    const log = s.logs.lines.join('\n');
    expect(s.logs.codes()).toContain('CHAT_TOKEN_ISSUED');
    expect(log).not.toContain(body.token);
    expect(log).not.toContain(body.userId);
  });

  test('When the page comes back with its user token, then the same user id comes back, with a renewed user token', async () => {
    const first = (await askToken(s, {})).json as TokenAnswer;
    const again = await askToken(s, { userToken: first.userToken });
    expect(again.status).toBe(200);
    expect(again.json.userId).toBe(first.userId);
    expect(again.json.token).toBe('dl-token-2');
    expect(s.stub.requests[1]?.body).toEqual({ user: { id: first.userId } });
  });

  test('When a user token is forged (another id under a real signature, or a made-up signature), then it is refused with 401 and no Direct Line token is asked for', async () => {
    const real = (await askToken(s, {})).json as TokenAnswer;
    const [v, id, expires, mac] = real.userToken.split('.') as [string, string, string, string];
    const otherId = `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`;
    const forgeries = [
      `${v}.${otherId}.${expires}.${mac}`,
      `${v}.${id}.${Number(expires) + 86_400}.${mac}`,
      `${v}.${id}.${expires}.${Buffer.alloc(32, 1).toString('base64url')}`,
      // Signed with another key: a token from another installation.
      new ChatUserIds(Buffer.alloc(32, 8), 30).issue().userToken,
      'v1.not-a-token',
    ];
    for (const userToken of forgeries) {
      const answer = await askToken(s, { userToken, locale: 'nl' });
      expect(answer.status).toBe(401);
      expect(answer.json.error).toEqual({ code: 'USER_TOKEN_REFUSED', message: 'Uw eerdere bezoek kunnen we niet meer herkennen. U begint opnieuw.' });
    }
    expect(s.stub.requests).toHaveLength(1);
  });

  test('When a user token has expired, then it is refused with 401 (in English when asked in English)', async () => {
    const key = Buffer.from(USER_KEY, 'base64');
    const longAgo = new ChatUserIds(key, 1, () => new Date(Date.now() - 2 * 86_400_000)).issue();
    // The same key and a fresh date: accepted, so the refusal below is about the date only.
    expect(new ChatUserIds(key, 1).renew(longAgo.userToken)).toEqual({ ok: false, reason: 'expired' });
    const answer = await askToken(s, { userToken: longAgo.userToken, locale: 'en' });
    expect(answer.status).toBe(401);
    expect(answer.json.error.message).toBe('We can no longer recognise your earlier visit. You start again.');
    expect(s.stub.requests).toHaveLength(0);
  });

  test('When another website (or no website) asks, then it is refused with 403; a configured embedding origin gets CORS', async () => {
    const foreign = await askToken(s, {}, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error.code).toBe('ORIGIN_NOT_ALLOWED');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const lookalike = await askToken(s, {}, { origin: `${EMBEDDER}.evil.example` });
    expect(lookalike.status).toBe(403);
    const none = await fetch(`${s.app.url}/api/chat/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(403);

    const embedded = await askToken(s, {}, { origin: EMBEDDER });
    expect(embedded.status).toBe(200);
    expect(embedded.headers.get('access-control-allow-origin')).toBe(EMBEDDER);
    const preflight = await fetch(`${s.app.url}/api/chat/token`, { method: 'OPTIONS', headers: { origin: EMBEDDER, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    const foreignPreflight = await fetch(`${s.app.url}/api/chat/token`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(foreignPreflight.status).toBe(403);
    expect(s.stub.requests).toHaveLength(1);
  });

  test('When the body is not what the page sends (extra fields, wrong types, too long, not JSON), then it is refused with 400 and a polite message', async () => {
    for (const body of [{ userToken: 5 }, { locale: 'fr' }, { admin: true }, { userToken: 'x'.repeat(201) }, '[1,2]']) {
      const answer = await askToken(s, body);
      expect(answer.status).toBe(400);
      expect(answer.json.error).toEqual({ code: 'REQUEST_INVALID', message: 'Dit verzoek begrijpen we niet. Laad de pagina opnieuw.' });
    }
    const notJson = await askToken(s, 'userToken=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(notJson.status).toBe(400);
    expect(s.stub.requests).toHaveLength(0);
  });

  test('When Direct Line refuses or is down, then the page gets 503 with a polite message and nothing of the upstream answer', async () => {
    s.stub.failWith = 500;
    const answer = await askToken(s, {});
    expect(answer.status).toBe(503);
    expect(answer.json.error).toEqual({ code: 'CHAT_UNAVAILABLE', message: 'De chat is nu niet beschikbaar. Probeer het later opnieuw.' });
    expect(s.logs.codes()).toContain('DIRECTLINE_TOKEN_FAILED');
  });

  test('When /chat is loaded, then its CSP allows framing only by the page itself and the configured origins and talking only to this server and Direct Line', async () => {
    const page = await fetch(`${s.app.url}/chat`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`frame-ancestors 'self' ${EMBEDDER}`);
    expect(csp).toContain(`connect-src 'self' ${s.stub.url}`);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toMatch(/style-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'sha256-47DEQpj8HBSa\+\/TImW\+5JCeuQeRkm5NMpJWZG3hSuFU='(;|$)/);
    const html = await page.text();
    expect(html).not.toContain(SECRET);
    expect(html).toContain('href="https://www.gemeente-voorbeeld.nl/privacy"');
    // The help numbers, exact (docs DOMAIN.md), dialable.
    for (const [shown, tel] of [['112', '112'], ['113', '113'], ['0800 0113', '08000113'], ['0800 2000', '08002000'], ['0800 1205', '08001205'], ['088 0767 000', '0880767000']]) {
      expect(html).toContain(`<a class="help__number" href="tel:${tel}">${shown}</a>`);
    }
    // Two loads, two nonces.
    const again = await fetch(`${s.app.url}/chat?lang=en`);
    expect(again.headers.get('content-security-policy')).not.toBe(csp);
    expect(await again.text()).toContain('<html lang="en">');
  });
});

describe('POST /api/chat/token rate limits', () => {
  let s: Setup | undefined;
  afterEach(async () => {
    if (s) expect(s.logs.lines.join('\n')).not.toContain(SECRET);
    await s?.close();
    s = undefined;
  });

  test('When one client address asks more often than allowed per minute, then it gets 429 with Retry-After and a polite message in its language', async () => {
    s = await start({ CHAT_TOKEN_RATE_PER_IP: '3', CHAT_TOKEN_RATE_PER_USER: '100' });
    for (let i = 0; i < 3; i += 1) expect((await askToken(s, {})).status).toBe(200);
    const nl = await askToken(s, { locale: 'nl' });
    expect(nl.status).toBe(429);
    expect(Number(nl.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(nl.json.error).toEqual({ code: 'RATE_LIMITED', message: 'U vraagt te vaak om een nieuwe chat. Wacht een minuut en probeer het dan opnieuw.' });
    const en = await askToken(s, {}, { 'accept-language': 'en-GB,en;q=0.9' });
    expect(en.json.error.message).toBe('You asked for a new chat too often. Please wait a minute and try again.');
    expect(s.stub.requests).toHaveLength(3);
  });

  test('When one user id asks more often than allowed per minute, then that user gets 429 while a new visitor still gets a token', async () => {
    s = await start({ CHAT_TOKEN_RATE_PER_IP: '100', CHAT_TOKEN_RATE_PER_USER: '2' });
    const first = (await askToken(s, {})).json as TokenAnswer;
    expect((await askToken(s, { userToken: first.userToken })).status).toBe(200);
    const third = await askToken(s, { userToken: first.userToken });
    expect(third.status).toBe(429);
    expect(third.json.error.code).toBe('RATE_LIMITED');
    expect((await askToken(s, {})).status).toBe(200);
  });
});

describe('web chat settings and keys', () => {
  const production = {
    NODE_ENV: 'production',
    MicrosoftAppId: '00000000-0000-0000-0000-000000000abc',
    MicrosoftAppPassword: 'fake-pw',
    MicrosoftAppTenantId: '00000000-0000-0000-0000-0000000000ab',
    SIGNAALPUNTEN_FILE: 'deployment/signaalpunten.example.json',
    DATA_ENCRYPTION_KEY: Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256)).toString('base64'),
  };

  test('When production asks for the local Direct Line stand-in or has a Direct Line secret without a privacy statement, then the configuration is refused without showing the secret', () => {
    expect(() => loadConfig({ ...production, CHAT_LOCAL_DIRECTLINE: '1' })).toThrow(/CHAT_LOCAL_DIRECTLINE: is for development only/);
    let message = '';
    try {
      loadConfig({ ...production, CHAT_DIRECTLINE_SECRET: SECRET });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/CHAT_PRIVACY_URL/);
    expect(message).not.toContain(SECRET);
    const ok = loadConfig({ ...production, CHAT_DIRECTLINE_SECRET: SECRET, CHAT_PRIVACY_URL: 'https://www.gemeente-voorbeeld.nl/privacy' });
    expect(ok.chat).toMatchObject({ enabled: true, directLine: { secret: SECRET }, local: undefined });
  });

  test('When development has no Direct Line secret, then the local stand-in is used; bad origins and colours are refused', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).chat.local).toEqual({ port: 3979 });
    expect(loadConfig({ NODE_ENV: 'test' }).chat.local).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'test', CHAT_ALLOWED_ORIGINS: 'https://a.example/, https://b.example' }).chat.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(() => loadConfig({ NODE_ENV: 'test', CHAT_ALLOWED_ORIGINS: 'javascript:alert(1)' })).toThrow(/CHAT_ALLOWED_ORIGINS/);
    expect(() => loadConfig({ NODE_ENV: 'test', CHAT_ACCENT_COLOUR: 'red;}' })).toThrow(/CHAT_ACCENT_COLOUR/);
    expect(() => loadConfig({ NODE_ENV: 'test', CHAT_LOGO_URL: 'http://plain.example/logo.png' })).toThrow(/CHAT_LOGO_URL/);
  });

  test('When a web chat user comes back in a new conversation, then the chat key is the same; another user, or Teams conversations, keep their own keys', () => {
    const visit = (conversation: string, user: string, channelId = 'directline') =>
      ChatDirectory.keyOf({ channelId, conversation: { id: conversation } as never, user: { id: user } as never });
    expect(visit('conv-1', 'dl_a')).toBe(visit('conv-2', 'dl_a'));
    expect(visit('conv-1', 'dl_a')).not.toBe(visit('conv-1', 'dl_b'));
    // Teams: keyed by the conversation, as before.
    expect(visit('a:1', 'u', 'msteams')).toBe(ChatDirectory.keyOf({ channelId: 'msteams', conversation: { id: 'a:1' } as never }));
    expect(visit('a:1', 'u', 'msteams')).not.toBe(visit('a:2', 'u', 'msteams'));
  });
});

describe('the local Direct Line stand-in (development and tests)', () => {
  test('When the app runs with the local stand-in, then the token points the page at it, Web Chat can refresh its token there, and conversations start', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalbot-chat-local-'));
    const logs = new LogCapture();
    const app = await createApp(
      loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', CHAT_LOCAL_DIRECTLINE: '1', CHAT_LOCAL_DIRECTLINE_PORT: '0' }),
      { logDestination: logs },
    );
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const port = app.chatLocalDirectLinePort;
      expect(port).toBeGreaterThan(0);
      const answer = await fetch(`${app.url}/api/chat/token`, { method: 'POST', headers: { 'content-type': 'application/json', origin: app.url }, body: '{}' });
      const body = (await answer.json()) as TokenAnswer;
      expect(body.domain).toBe(`http://127.0.0.1:${port}/directline`);
      // A JWT with the user id in its `user` claim, as Azure's: Web Chat takes the id from there.
      const claims = JSON.parse(Buffer.from(body.token.split('.')[1]!, 'base64url').toString('utf8')) as { user: string; exp: number };
      expect(claims.user).toBe(body.userId);
      expect(claims.exp * 1000).toBeGreaterThan(Date.now());
      // The page's CSP lets Web Chat reach the stand-in.
      const page = await fetch(`${app.url}/chat`);
      expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' http://127.0.0.1:${port}`);
      // Direct Line JS refreshes its token at half its lifetime: the stand-in answers.
      const refreshed = await fetch(`${body.domain}/tokens/refresh`, { method: 'POST', headers: { authorization: `Bearer ${body.token}` } });
      expect(refreshed.status).toBe(200);
      expect(await refreshed.json()).toMatchObject({ token: expect.any(String), expires_in: 1800 });
      const conversation = await fetch(`${body.domain}/conversations`, { method: 'POST', headers: { authorization: `Bearer ${body.token}` } });
      expect(conversation.status).toBe(200);
    } finally {
      await app.stop();
      log.mockRestore();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
