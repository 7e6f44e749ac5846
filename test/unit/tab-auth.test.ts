import { createHmac } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { createTokenVerifier, entraIssuers, type TabAuthOptions } from '../../src/adapters/http/tab-auth';
import { fakeClock } from '../helpers/signal-fixtures';

const TENANT = '72f988bf-0000-4000-8000-000000000001';
const OTHER_TENANT = '99999999-9999-4999-8999-999999999999';
const AUDIENCE = 'api://tab.example.org/11111111-2222-4333-8444-555555555555';
const APP_ID = '11111111-2222-4333-8444-555555555555';
const OID = 'aaaaaaaa-0000-4000-8000-000000000001';
const clock = fakeClock('2026-03-02T09:00:00.000Z');
const nowSec = () => Math.floor(clock.now().getTime() / 1000);

let key: CryptoKey;
let otherKey: CryptoKey;
let jwk: JWK;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  key = pair.privateKey;
  jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  otherKey = (await generateKeyPair('RS256')).privateKey;
});

function options(extra: Partial<TabAuthOptions> = {}): TabAuthOptions {
  return { keySet: createLocalJWKSet({ keys: [jwk] }), audience: [AUDIENCE, APP_ID], tenantIds: [TENANT], ...extra } as TabAuthOptions;
}

/** An Entra-like v1 access token for the tab, signed with the test key unless told otherwise. */
async function token(claims: JWTPayload = {}, opts: { signWith?: CryptoKey; kid?: string; omit?: string[] } = {}): Promise<string> {
  const payload: JWTPayload = {
    iss: entraIssuers(TENANT)[0],
    aud: AUDIENCE,
    tid: TENANT,
    oid: OID,
    scp: 'access_as_user',
    iat: nowSec() - 60,
    nbf: nowSec() - 60,
    exp: nowSec() + 3600,
    ...claims,
  };
  for (const name of opts.omit ?? []) delete payload[name];
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? 'k1', typ: 'JWT' }).sign(opts.signWith ?? key);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('Tab token verification', () => {
  test('When a v1 or v2 Entra token of the allowed tenant is valid, then the user is its oid and tid', async () => {
    const verify = createTokenVerifier(options(), clock);
    expect(await verify(`Bearer ${await token()}`)).toEqual({ ok: true, user: { oid: OID, tid: TENANT } });
    const v2 = await token({ iss: entraIssuers(TENANT)[1], aud: APP_ID });
    expect(await verify(`bearer ${v2}`)).toEqual({ ok: true, user: { oid: OID, tid: TENANT } });
  });

  test.each<[string, string, string, () => Promise<string | undefined>]>([
    ['no header', 'TOKEN_MISSING', 'TOKEN_MISSING', async () => undefined],
    ['another scheme', 'TOKEN_INVALID', 'TOKEN_MALFORMED', async () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['garbage', 'TOKEN_INVALID', 'TOKEN_MALFORMED', async () => 'Bearer not-a-token'],
    ['three bad parts', 'TOKEN_INVALID', 'TOKEN_MALFORMED', async () => 'Bearer aaa.bbb.ccc'],
    ['a huge token', 'TOKEN_INVALID', 'TOKEN_MALFORMED', async () => `Bearer ${'a'.repeat(20_000)}.b.c`],
    ['an expired token', 'TOKEN_EXPIRED', 'TOKEN_EXPIRED', async () => `Bearer ${await token({ exp: nowSec() - 600, iat: nowSec() - 4200, nbf: nowSec() - 4200 })}`],
    ['a token from the future', 'TOKEN_INVALID', 'TOKEN_NOT_YET_VALID', async () => `Bearer ${await token({ nbf: nowSec() + 600 })}`],
    ['a wrong audience', 'TOKEN_INVALID', 'TOKEN_AUDIENCE_INVALID', async () => `Bearer ${await token({ aud: 'api://other.example.org/x' })}`],
    ['a wrong issuer', 'TOKEN_INVALID', 'TOKEN_ISSUER_INVALID', async () => `Bearer ${await token({ iss: 'https://evil.example.org/' })}`],
    ['the issuer of another tenant', 'TOKEN_INVALID', 'TOKEN_ISSUER_INVALID', async () => `Bearer ${await token({ iss: entraIssuers(OTHER_TENANT)[0] })}`],
    ['another tenant', 'TOKEN_INVALID', 'TOKEN_TENANT_NOT_ALLOWED', async () => `Bearer ${await token({ tid: OTHER_TENANT, iss: entraIssuers(OTHER_TENANT)[0] })}`],
    ['no oid', 'TOKEN_INVALID', 'TOKEN_CLAIMS_INVALID', async () => `Bearer ${await token({}, { omit: ['oid'] })}`],
    ['no exp', 'TOKEN_INVALID', 'TOKEN_CLAIMS_INVALID', async () => `Bearer ${await token({}, { omit: ['exp'] })}`],
    ['an oid that is not a string', 'TOKEN_INVALID', 'TOKEN_CLAIMS_INVALID', async () => `Bearer ${await token({ oid: 42 })}`],
    ['another key with a known kid', 'TOKEN_INVALID', 'TOKEN_SIGNATURE_INVALID', async () => `Bearer ${await token({}, { signWith: otherKey })}`],
    ['an unknown kid', 'TOKEN_INVALID', 'TOKEN_KEY_UNKNOWN', async () => `Bearer ${await token({}, { signWith: otherKey, kid: 'k2' })}`],
    [
      'alg none (unsigned)',
      'TOKEN_INVALID',
      'TOKEN_ALG_NOT_ALLOWED',
      async () => `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: entraIssuers(TENANT)[0], aud: AUDIENCE, tid: TENANT, oid: OID, exp: nowSec() + 3600 })}.`,
    ],
    [
      'HS256 keyed with the public key (algorithm confusion)',
      'TOKEN_INVALID',
      'TOKEN_ALG_NOT_ALLOWED',
      async () => {
        const head = b64({ alg: 'HS256', kid: 'k1' });
        const body = b64({ iss: entraIssuers(TENANT)[0], aud: AUDIENCE, tid: TENANT, oid: OID, exp: nowSec() + 3600 });
        const sig = createHmac('sha256', JSON.stringify(jwk)).update(`${head}.${body}`).digest('base64url');
        return `Bearer ${head}.${body}.${sig}`;
      },
    ],
    [
      'a tampered payload',
      'TOKEN_INVALID',
      'TOKEN_SIGNATURE_INVALID',
      async () => {
        const [head, , sig] = (await token()).split('.');
        return `Bearer ${head}.${b64({ iss: entraIssuers(TENANT)[0], aud: AUDIENCE, tid: TENANT, oid: 'someone-else', exp: nowSec() + 3600 })}.${sig}`;
      },
    ],
  ])('When the request has %s, then it is refused with 401 %s (%s)', async (_name, code, reason, header) => {
    const verify = createTokenVerifier(options(), clock);
    expect(await verify(await header())).toEqual({ ok: false, status: 401, code, reason });
  });

  test('When a scope is required, then a token without it is refused and one with it passes', async () => {
    const verify = createTokenVerifier(options({ requiredScope: 'access_as_user' }), clock);
    expect(await verify(`Bearer ${await token({ scp: 'User.Read' })}`)).toMatchObject({ ok: false, reason: 'TOKEN_SCOPE_MISSING' });
    expect(await verify(`Bearer ${await token({}, { omit: ['scp'] })}`)).toMatchObject({ ok: false, reason: 'TOKEN_SCOPE_MISSING' });
    expect(await verify(`Bearer ${await token({ scp: 'User.Read access_as_user' })}`)).toMatchObject({ ok: true });
  });

  test('When the clock is within the tolerance of exp, then the token still passes; past it, it is expired', async () => {
    const verify = createTokenVerifier(options({ clockToleranceSec: 30 }), clock);
    expect(await verify(`Bearer ${await token({ exp: nowSec() - 20 })}`)).toMatchObject({ ok: true });
    expect(await verify(`Bearer ${await token({ exp: nowSec() - 40 })}`)).toMatchObject({ ok: false, code: 'TOKEN_EXPIRED' });
  });

  test('When the tenant allow-list is written in upper case, then the token tenant still matches', async () => {
    const verify = createTokenVerifier(options({ tenantIds: [TENANT.toUpperCase()] }), clock);
    expect(await verify(`Bearer ${await token()}`)).toMatchObject({ ok: true });
  });

  test('When the JWKS URL is plain http to a public host or the audience is empty, then building the verifier throws', () => {
    expect(() => createTokenVerifier({ jwksUrl: 'http://login.example.org/keys', audience: AUDIENCE, tenantIds: [TENANT] }, clock)).toThrow(TypeError);
    expect(() => createTokenVerifier({ jwksUrl: 'https://login.example.org/keys', audience: [], tenantIds: [TENANT] }, clock)).toThrow(TypeError);
    expect(() => createTokenVerifier({ jwksUrl: 'http://127.0.0.1:9/keys', audience: AUDIENCE, tenantIds: [TENANT] }, clock)).not.toThrow();
  });
});
