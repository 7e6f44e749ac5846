import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { createDevTokenIssuer, DEV_TAB_USER } from '../../src/adapters/dev/tab-dev';
import { entraIssuers } from '../../src/adapters/http/tab-auth';
import { loadConfig } from '../../src/config/config';
import { TEAMS_CLIENT_IDS } from '../../src/config/env-schema';
import { systemClock } from '../../src/ports/clock';
import { type Harness, startHarness } from '../helpers/app-harness';

/**
 * Issue 14, point 16: the tab tried locally (/tab/dev, a local token issuer) exists only in
 * development. A production start never serves its routes, never makes its key, and never trusts
 * a token it signed, even one with every production claim right.
 */
const TENANT = '00000000-0000-0000-0000-0000000000001';
const APP_ID = '11111111-1111-1111-1111-111111111111';
const KEY = randomBytes(32).toString('base64');
const PRODUCTION = {
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'pw-synthetic1',
  MicrosoftAppTenantId: TENANT,
  DATA_ENCRYPTION_KEY: KEY,
  SIGNAALPUNTEN_FILE: 'deployment/signaalpunten.example.json',
  PUBLIC_HOST: 'signaalbot.example.org',
  // Asked for, but production must ignore them.
  TAB_DEV: '1',
  TAB_DEV_DEMO: '1',
};
const DEV_ROUTES = ['/tab/dev', '/tab/dev/', '/tab/dev/host.js', '/tab/dev/host.css', '/tab/dev/token', '/tab/dev/jwks.json'];

describe('the development tab stays out of production', () => {
  test.each([
    ['NODE_ENV unset with credentials', PRODUCTION],
    ['NODE_ENV=production', { ...PRODUCTION, NODE_ENV: 'production' }],
    ['development asked for, but credentials set', { ...PRODUCTION, NODE_ENV: 'development' }],
    ['test', { NODE_ENV: 'test', TAB_DEV: '1', TAB_DEV_DEMO: '1' }],
  ])('When the configuration is %s, then the dev tab and its demo are off', (_name, env) => {
    expect(loadConfig(env).tab.dev).toEqual({ enabled: false, demo: false });
  });

  test('When development is asked for, then the dev tab is on and its demo only when asked', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).tab.dev).toEqual({ enabled: true, demo: false });
    expect(loadConfig({ NODE_ENV: 'development', TAB_DEV_DEMO: '1' }).tab.dev).toEqual({ enabled: true, demo: true });
    expect(loadConfig({ NODE_ENV: 'development', TAB_DEV: '0', TAB_DEV_DEMO: '1' }).tab.dev).toEqual({ enabled: false, demo: false });
  });

  test.each(['production', 'test'])('When the issuer is asked for in %s, then it refuses to make a key', async (env) => {
    await expect(createDevTokenIssuer({ env, tenantId: TENANT, clock: systemClock })).rejects.toThrow(/only in development/);
  });

  describe('a production app beside a development app', () => {
    let dev: Harness;
    let prod: Harness;
    let entra: http.Server;
    let signWithEntra: (claims: JWTPayload) => Promise<string>;
    const nowSec = () => Math.floor(Date.now() / 1000);
    /** Every claim a production tab token must have, for the production app. */
    const productionClaims = (): JWTPayload => ({
      iss: entraIssuers(TENANT)[1],
      aud: APP_ID,
      tid: TENANT,
      oid: DEV_TAB_USER.oid,
      scp: 'access_as_user',
      azp: TEAMS_CLIENT_IDS[0],
      ver: '2.0',
      iat: nowSec() - 60,
      nbf: nowSec() - 60,
      exp: nowSec() + 3600,
    });

    beforeAll(async () => {
      // A stand-in for Entra ID's key endpoint (loopback http), with its own key.
      const { privateKey, publicKey } = await generateKeyPair('RS256');
      const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'entra-stand-in', alg: 'RS256', use: 'sig' }] });
      entra = http.createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(jwks);
      });
      await new Promise<void>((resolve) => entra.listen(0, '127.0.0.1', resolve));
      const address = entra.address();
      const jwksUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/keys`;
      signWithEntra = (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'entra-stand-in' }).sign(privateKey);

      dev = await startHarness({ NODE_ENV: 'development', PLAYGROUND: '0', CHAT_LOCAL_DIRECTLINE: '0', LOG_LEVEL: 'info' });
      prod = await startHarness({ ...PRODUCTION, NODE_ENV: 'production', TAB_JWKS_URL: jwksUrl, LOG_LEVEL: 'info' });
    });

    afterAll(async () => {
      await prod?.close();
      await dev?.close();
      entra?.closeAllConnections();
      await new Promise<void>((resolve) => (entra ? entra.close(() => resolve()) : resolve()));
    });

    const me = (app: Harness, token: string) => fetch(`${app.app.url}/api/tab/me`, { headers: { authorization: `Bearer ${token}` } });

    test('When the dev routes are asked for, then development serves them and production answers 404', async () => {
      for (const route of DEV_ROUTES) {
        expect([route, (await fetch(`${dev.app.url}${route}`)).status]).toEqual([route, 200]);
        expect([route, (await fetch(`${prod.app.url}${route}`)).status]).toEqual([route, 404]);
      }
    });

    test('When the development token is sent to production, then it is refused with 401; in development it is accepted', async () => {
      const { token } = (await (await fetch(`${dev.app.url}/tab/dev/token`)).json()) as { token: string };
      expect((await me(dev, token)).status).toBe(200);
      const refused = await me(prod, token);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toEqual({ error: { code: 'TOKEN_INVALID' } });
    });

    test('When a dev key signs a token with every production claim, then production refuses it; Entra\'s key with the same claims passes', async () => {
      const issuer = await createDevTokenIssuer({ env: 'development', tenantId: TENANT, clock: systemClock });
      const forged = await issuer.issue(productionClaims());
      expect((await me(prod, forged)).status).toBe(401);
      expect(prod.logs.lines.some((l) => l.includes('"code":"TOKEN_KEY_UNKNOWN"'))).toBe(true);
      // The control: the same claims under the (stand-in) Entra key are accepted, so the refusal is the key's.
      expect((await me(prod, await signWithEntra(productionClaims()))).status).toBe(200);
    });
  });
});
