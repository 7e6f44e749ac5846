import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { type Harness, startHarness, teamsMessage } from '../helpers/app-harness';

/**
 * Issue 11, finding 4 (review M2) and the bad-token part of L4. Microsoft's OpenID metadata is
 * out of reach, so, like the review's probe, tokens are signed with a local key that a local
 * OpenID document on 127.0.0.1 publishes, for the channel and for the emulator issuers alike.
 */
const APP_ID = '11111111-1111-1111-1111-111111111111';
const TENANT = '00000000-0000-0000-0000-0000000000001';
const TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const EMULATOR_ISSUER = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';

let openId: http.Server;
let base: string;
let sign: (claims: Record<string, unknown>) => Promise<string>;
let h: Harness;
let consoleError: jest.SpyInstance;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'local-key', use: 'sig', endorsements: ['msteams', 'directline', 'webchat', 'emulator', 'skype', 'slack'] };
  openId = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url?.endsWith('/keys')) res.end(JSON.stringify({ keys: [jwk] }));
    else res.end(JSON.stringify({ issuer: 'local', jwks_uri: `${base}/keys` }));
  });
  await new Promise<void>((resolve) => openId.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(openId.address() as AddressInfo).port}`;
  sign = (claims) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'local-key' }).setIssuedAt().setNotBefore('-1m').setExpirationTime('1h').sign(privateKey);
  // Installed before the app starts: the app takes console.error over for botbuilder's output.
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  h = await startHarness(
    {
      NODE_ENV: 'production',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'pw-synthetic1',
      MicrosoftAppTenantId: TENANT,
      SIGNAALPUNTEN_FILE: 'deployment/signaalpunten.example.json',
      DATA_ENCRYPTION_KEY: Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 53 + 17) % 256)).toString('base64'),
    },
    { openIdMetadata: { channel: `${base}/channel`, emulator: `${base}/emulator` } },
  );
});
afterAll(async () => {
  await h.close();
  consoleError.mockRestore();
  await new Promise((resolve) => openId.close(resolve));
});

/** An activity that needs no reply, so a turn that runs answers 200 without calling anyone. */
function quiet(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...teamsMessage('a:auth-probe', {}), type: 'typing', serviceUrl: TEAMS_SERVICE_URL, ...fields };
}

const channelToken = (serviceUrl = TEAMS_SERVICE_URL) => sign({ iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: serviceUrl });

async function post(activity: Record<string, unknown>, token?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${h.app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(activity),
  });
  return { status: res.status, text: await res.text() };
}

describe('only real channel tokens', () => {
  test('When a Teams channel token for the bot arrives from the Teams service, then the turn runs', async () => {
    expect((await post(quiet(), await channelToken())).status).toBe(200);
  });

  test("When the bot's own outbound-style (emulator) token is replayed inbound, then 401 for Teams and emulator channels alike", async () => {
    // The outbound Connector token (aud api.botframework.com) and one of the same issuer for the bot's id.
    for (const aud of ['https://api.botframework.com', APP_ID]) {
      const replayed = await sign({ iss: EMULATOR_ISSUER, aud, appid: APP_ID, ver: '1.0' });
      const attacker = 'https://attacker.example.org/';
      expect((await post(quiet({ serviceUrl: attacker }), replayed)).status).toBe(401);
      expect((await post(quiet({ serviceUrl: attacker, channelId: 'emulator' }), replayed)).status).toBe(401);
      expect((await post(quiet(), replayed)).status).toBe(401);
    }
  });

  test('When a valid channel token names a serviceUrl outside the allow-list, then 403 and no turn', async () => {
    const elsewhere = 'https://attacker.example.org/';
    const res = await post(quiet({ serviceUrl: elsewhere }), await channelToken(elsewhere));
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text)).toEqual({ error: { code: 'SERVICE_URL_NOT_ALLOWED' } });
    const plain = 'http://smba.trafficmanager.net/emea/';
    expect((await post(quiet({ serviceUrl: plain }), await channelToken(plain))).status).toBe(403);
  });

  test('When a valid channel token comes with a channel outside the allow-list, then 403', async () => {
    for (const channelId of ['skype', 'emulator', 'slack']) {
      const res = await post(quiet({ channelId }), await channelToken());
      expect({ channelId, status: res.status }).toEqual({ channelId, status: 403 });
    }
  });

  test('When a valid channel token carries a turn of a tenant other than the signaalpunten file tenant, then 403', async () => {
    const other = '99999999-9999-9999-9999-999999999999';
    const res = await post(
      quiet({ conversation: { id: 'a:auth-other', conversationType: 'personal', tenantId: other }, channelData: { tenant: { id: other } } }),
      await channelToken(),
    );
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text)).toEqual({ error: { code: 'TENANT_NOT_ALLOWED' } });
  });

  test('When tokens are missing, forged or unverifiable, then 401 with a fixed body and nothing on the console', async () => {
    {
      const forged = await new SignJWT({ iss: 'https://api.botframework.com', aud: APP_ID })
        .setProtectedHeader({ alg: 'HS256', kid: 'local-key' })
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('x'.repeat(32)));
      const unknownKid = (await channelToken()).replace(/^[^.]+/, Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'nope' })).toString('base64url'));
      for (const token of [undefined, 'not-a-jwt', forged, unknownKid]) {
        const res = await post(quiet(), token);
        expect(res.status).toBe(401);
        expect(JSON.parse(res.text)).toEqual({ error: { code: 'UNAUTHORIZED' } });
      }
      // botbuilder printed "Available keys: <PEM>" for the unknown kid: it went to the logger at debug level.
      expect(consoleError).not.toHaveBeenCalled();
      expect(h.logs.lines.some((l) => l.includes('LIBRARY_CONSOLE') && l.includes('"level":20'))).toBe(true);
    }
  });
});
