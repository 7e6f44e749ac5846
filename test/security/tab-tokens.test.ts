import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { createTokenVerifier, entraIssuers, type TabAuthChecks } from '../../src/adapters/http/tab-auth';
import { loadConfig } from '../../src/config/config';
import { TEAMS_CLIENT_IDS } from '../../src/config/env-schema';
import { fakeClock } from '../helpers/signal-fixtures';

/**
 * Issue 11, low (review L2): a token without `scp` (`idtyp: app`) was accepted, `azp`/`appid`
 * were not checked, and TAB_REQUIRED_SCOPE was optional. The probe: tokens signed with a local
 * key, checked with the options main.ts passes in production.
 */
const TENANT = '00000000-0000-0000-0000-0000000000001';
const AUDIENCE = 'api://signaalbot.example.org/11111111-1111-1111-1111-111111111111';
const clock = fakeClock();
const nowSec = () => Math.floor(clock.now().getTime() / 1000);

let sign: (claims: JWTPayload) => Promise<string>;
let keySet: ReturnType<typeof createLocalJWKSet>;
beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  keySet = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] });
  sign = (claims) =>
    new SignJWT({ iss: entraIssuers(TENANT)[0], aud: AUDIENCE, tid: TENANT, oid: 'aad-anna-0001', iat: nowSec() - 60, nbf: nowSec() - 60, exp: nowSec() + 3600, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .sign(privateKey);
});

/** The checks main.ts passes, from a production configuration. */
function productionChecks(): TabAuthChecks {
  const config = loadConfig({
    MicrosoftAppId: '11111111-1111-1111-1111-111111111111',
    MicrosoftAppPassword: 'pw-synthetic1',
    MicrosoftAppTenantId: TENANT,
    SIGNAALPUNTEN_FILE: 'deployment/signaalpunten.example.json',
    DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    PUBLIC_HOST: 'signaalbot.example.org',
  });
  return { audience: config.tab.audience, tenantIds: [TENANT], requiredScope: config.tab.requiredScope, allowedClientIds: config.tab.allowedClientIds, userTokensOnly: true };
}

async function verify(claims: JWTPayload) {
  return createTokenVerifier({ ...productionChecks(), keySet }, clock)(`Bearer ${await sign(claims)}`);
}

describe('tab tokens in production', () => {
  test('When the Teams client sends a user token with access_as_user, then it is accepted', async () => {
    expect(await verify({ scp: 'access_as_user', appid: TEAMS_CLIENT_IDS[0] })).toMatchObject({ ok: true });
    expect(await verify({ scp: 'access_as_user', azp: TEAMS_CLIENT_IDS[1], ver: '2.0' })).toMatchObject({ ok: true });
  });

  test('When an app-only token arrives (idtyp app, roles, no scp), then 401', async () => {
    expect(await verify({ idtyp: 'app', roles: ['Signals.Read'], appid: TEAMS_CLIENT_IDS[0] })).toMatchObject({ ok: false, status: 401, reason: 'TOKEN_APP_ONLY' });
    expect(await verify({ idtyp: 'app', scp: 'access_as_user', appid: TEAMS_CLIENT_IDS[0] })).toMatchObject({ ok: false, reason: 'TOKEN_APP_ONLY' });
  });

  test('When a user token was issued to another app than the Teams clients, then 401', async () => {
    expect(await verify({ scp: 'access_as_user', appid: '22222222-2222-2222-2222-222222222222' })).toMatchObject({ ok: false, reason: 'TOKEN_CLIENT_NOT_ALLOWED' });
    expect(await verify({ scp: 'access_as_user' })).toMatchObject({ ok: false, reason: 'TOKEN_CLIENT_NOT_ALLOWED' });
  });

  test('When a user token lacks access_as_user, then 401 (the scope is required by default in production)', async () => {
    expect(await verify({ scp: 'User.Read', appid: TEAMS_CLIENT_IDS[0] })).toMatchObject({ ok: false, reason: 'TOKEN_SCOPE_MISSING' });
  });
});
