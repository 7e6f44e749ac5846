import { type Harness, startHarness, teamsMessage } from '../helpers/app-harness';

/** The HTTP edge: health, bad input of every kind, and that the process keeps serving. */
describe('HTTP edge', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  test('When /healthz and /readyz are asked, then both answer 200', async () => {
    expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  test('When the playground probes /api/messages with GET or HEAD, then 405 with Allow: POST and no log line (issue 14)', async () => {
    const before = h.logs.lines.length;
    for (const method of ['GET', 'HEAD']) {
      const res = await fetch(`${h.app.url}/api/messages`, { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
    }
    expect(h.logs.lines.slice(before).filter((l) => l.includes('refused'))).toEqual([]);
  });

  test('When the body is not JSON by content type, then 415', async () => {
    const res = await fetch(`${h.app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hallo' });
    expect(res.status).toBe(415);
  });

  test('When the JSON is malformed, then 400', async () => {
    const res = await fetch(`${h.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type": "message", ',
    });
    expect(res.status).toBe(400);
  });

  test('When the body is over the size limit, then 413', async () => {
    const res = await h.post(teamsMessage('a:big', { text: 'x'.repeat(300_000) }));
    expect(res.status).toBe(413);
  });

  test.each([
    ['conversation', { conversation: undefined }],
    ['serviceUrl', { serviceUrl: 'not a url' }],
    ['type', { type: '' }],
  ])('When the activity lacks a valid %s, then 400 and the log names the field without values', async (field, patch) => {
    const res = await h.post({ ...teamsMessage('a:bad', { text: 'geheime tekst' }), ...patch });
    expect(res.status).toBe(400);
    const line = h.logs.lines.reverse().find((l) => l.includes('ACTIVITY_INVALID'));
    h.logs.lines.reverse();
    expect(line).toContain(field);
    expect(line).not.toContain('geheime tekst');
  });

  test('When an unknown activity type arrives, then it is accepted without a reply', async () => {
    const res = await h.post(teamsMessage('a:unknown', { type: 'somethingNew' }));
    expect(res.status).toBeLessThan(300);
    expect(h.connector.sent('a:unknown')).toHaveLength(0);
  });

  test('When bad requests came first, then a normal message still gets an answer', async () => {
    const res = await h.post(teamsMessage('a:after-bad', { text: 'hallo' }));
    expect(res.status).toBe(200);
    await h.connector.waitFor(() => h.connector.sent('a:after-bad').length >= 2);
    expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
  });
});

describe('authentication', () => {
  test('When production has credentials and an activity has no token, then 401', async () => {
    const h = await startHarness({
      NODE_ENV: 'production',
      MicrosoftAppId: '11111111-1111-1111-1111-111111111111',
      MicrosoftAppPassword: 'pw-synthetic1',
      MicrosoftAppTenantId: '00000000-0000-0000-0000-0000000000001',
      SIGNAALPUNTEN_FILE: 'deployment/signaalpunten.example.json',
      DATA_ENCRYPTION_KEY: Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 73 + 11) % 256)).toString('base64'),
    });
    try {
      const res = await h.post(teamsMessage('a:auth', { text: 'hallo' }));
      expect(res.status).toBe(401);
      const forged = await h.post(teamsMessage('a:auth', { text: 'hallo' }), { authorization: 'Bearer not-a-jwt' });
      expect(forged.status).toBe(401);
      // The tab's API is on with an app id, and refuses requests without a Teams token.
      const tab = await fetch(`${h.app.url}/api/tab/signals?teamId=x`);
      expect(tab.status).toBe(401);
      const tabForged = await fetch(`${h.app.url}/api/tab/me`, { headers: { authorization: 'Bearer not-a-jwt' } });
      expect(tabForged.status).toBe(401);
      expect(h.connector.sent('a:auth')).toHaveLength(0);
    } finally {
      await h.close();
    }
  });

  test('When there are no credentials, then the log says once that auth is off', async () => {
    const h = await startHarness();
    try {
      expect(h.logs.codes().filter((c) => c === 'AUTH_DISABLED')).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});

describe('activities without a recipient', () => {
  test('When a local Direct Line sends a message without a recipient, then the bot still answers', async () => {
    const h = await startHarness();
    try {
      const activity = { ...teamsMessage('dl-conversation', { text: 'hallo', channelId: 'emulator' }) };
      delete activity.recipient;
      const res = await h.post(activity);
      expect(res.status).toBe(200);
      await h.connector.waitFor(() => h.connector.sent('dl-conversation').length >= 2);
      expect(h.logs.codes()).not.toContain('TURN_ERROR');
    } finally {
      await h.close();
    }
  });
});
