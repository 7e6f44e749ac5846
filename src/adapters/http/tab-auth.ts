import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Clock } from '../../ports/clock';

/**
 * How tab requests are authenticated: the Teams SSO token (an Entra ID access token for the bot's
 * app registration) in `Authorization: Bearer ...`. Give either the JWKS URL (production:
 * https://login.microsoftonline.com/common/discovery/v2.0/keys) or a key set (tests).
 */
export type TabAuthOptions = TabAuthChecks & ({ jwksUrl: string } | { keySet: JWTVerifyGetKey });

export interface TabAuthChecks {
  /** Accepted `aud` values: the Application ID URI (`api://<host>/<botAppId>`, v1 tokens) and/or the app id (v2 tokens). */
  audience: string | string[];
  /** Tenants whose users may call the tab API (the signaalpunten config's tenant). */
  tenantIds: string[];
  /** When set, the token's `scp` must hold this delegated scope (Teams SSO: `access_as_user`). */
  requiredScope?: string;
  /** Clock skew allowed on exp/nbf, in seconds. Default 60. */
  clockToleranceSec?: number;
  /**
   * When set, the app the token was issued to (`azp`, v2; `appid`, v1) must be one of these: the
   * Teams clients (issue 11). A token some other app obtained for our API is refused.
   */
  allowedClientIds?: string[];
  /** Refuse app-only tokens (`idtyp: app`, or no delegated `scp` at all): the tab acts for a user. */
  userTokensOnly?: boolean;
}

/** The signed-in user, from a verified token. */
export interface TabUser {
  /** aadObjectId: the same id the bot sees in Teams activities and rosters. */
  oid: string;
  /** Tenant id. */
  tid: string;
}

/** Why a token was refused, for logs. The client only gets TOKEN_MISSING, TOKEN_EXPIRED or TOKEN_INVALID. */
export type TokenRefusal =
  | 'TOKEN_MISSING'
  | 'TOKEN_MALFORMED'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'TOKEN_ALG_NOT_ALLOWED'
  | 'TOKEN_SIGNATURE_INVALID'
  | 'TOKEN_KEY_UNKNOWN'
  | 'TOKEN_AUDIENCE_INVALID'
  | 'TOKEN_ISSUER_INVALID'
  | 'TOKEN_TENANT_NOT_ALLOWED'
  | 'TOKEN_CLAIMS_INVALID'
  | 'TOKEN_SCOPE_MISSING'
  | 'TOKEN_APP_ONLY'
  | 'TOKEN_CLIENT_NOT_ALLOWED';

export type VerifyResult =
  | { ok: true; user: TabUser }
  | { ok: false; status: 401; code: 'TOKEN_MISSING' | 'TOKEN_EXPIRED' | 'TOKEN_INVALID'; reason: TokenRefusal }
  /** The signing keys could not be fetched: not the caller's fault. */
  | { ok: false; status: 503; code: 'AUTH_KEYS_UNAVAILABLE'; reason: 'AUTH_KEYS_UNAVAILABLE' };

export type TokenVerifier = (authorization: string | undefined) => Promise<VerifyResult>;

/** Entra ID tokens are a few KB; anything far bigger is not one. */
const MAX_TOKEN_LENGTH = 16_384;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const BEARER = /^Bearer +(\S+) *$/i;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The two issuers Entra ID uses for a tenant: v1 and v2 access tokens. */
export function entraIssuers(tid: string): string[] {
  return [`https://sts.windows.net/${tid}/`, `https://login.microsoftonline.com/${tid}/v2.0`];
}

/**
 * Builds the verifier once (the remote key set caches keys: 10 minutes, refetched at most every
 * 30 seconds when a token names an unknown key). Only RS256 is accepted, so unsigned (`alg: none`)
 * tokens and HS256 tokens "signed" with a public key are refused before any key is looked at.
 * @throws TypeError when `jwksUrl` is not https (http only for a loopback address, in tests).
 */
export function createTokenVerifier(options: TabAuthOptions, clock: Clock): TokenVerifier {
  const keys = 'keySet' in options ? options.keySet : createRemoteJWKSet(checkedJwksUrl(options.jwksUrl));
  const tenants = new Set(options.tenantIds.map((t) => t.toLowerCase()));
  const clients = new Set((options.allowedClientIds ?? []).map((c) => c.toLowerCase()));
  const audience = Array.isArray(options.audience) ? options.audience : [options.audience];
  if (audience.length === 0 || audience.some((a) => a.trim() === '')) throw new TypeError('tab auth: audience must not be empty');

  return async (authorization) => {
    const token = BEARER.exec(authorization ?? '')?.[1];
    if (!authorization || !token) return refuse(authorization ? 'TOKEN_MALFORMED' : 'TOKEN_MISSING');
    if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) return refuse('TOKEN_MALFORMED');

    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ['RS256'],
        audience,
        currentDate: clock.now(),
        clockTolerance: options.clockToleranceSec ?? 60,
        requiredClaims: ['exp', 'iss', 'aud', 'tid', 'oid'],
      }));
    } catch (error) {
      return refusalOf(error);
    }

    const tid = payload.tid;
    const oid = payload.oid;
    if (typeof tid !== 'string' || typeof oid !== 'string' || tid === '' || oid === '' || oid.length > 200) {
      return refuse('TOKEN_CLAIMS_INVALID');
    }
    // The tenant comes from the (verified) token; it must be ours, and the issuer must be Entra's for it.
    if (!tenants.has(tid.toLowerCase())) return refuse('TOKEN_TENANT_NOT_ALLOWED');
    if (typeof payload.iss !== 'string' || !entraIssuers(tid).includes(payload.iss)) return refuse('TOKEN_ISSUER_INVALID');
    if (options.userTokensOnly && (payload.idtyp === 'app' || typeof payload.scp !== 'string' || payload.scp.trim() === '')) {
      return refuse('TOKEN_APP_ONLY');
    }
    if (options.allowedClientIds && options.allowedClientIds.length > 0) {
      const client = typeof payload.azp === 'string' ? payload.azp : typeof payload.appid === 'string' ? payload.appid : '';
      if (!clients.has(client.toLowerCase())) return refuse('TOKEN_CLIENT_NOT_ALLOWED');
    }
    if (options.requiredScope) {
      const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
      if (!scopes.includes(options.requiredScope)) return refuse('TOKEN_SCOPE_MISSING');
    }
    return { ok: true, user: { oid, tid } };
  };
}

function checkedJwksUrl(value: string): URL {
  const url = new URL(value);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new TypeError('tab auth: the JWKS URL must use https (http only for a loopback address)');
  }
  return url;
}

function refuse(reason: TokenRefusal): VerifyResult {
  const code = reason === 'TOKEN_MISSING' ? 'TOKEN_MISSING' : reason === 'TOKEN_EXPIRED' ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID';
  return { ok: false, status: 401, code, reason };
}

/** jose's error codes to ours. Key-fetch trouble is a 503; everything about the token itself a 401. */
function refusalOf(error: unknown): VerifyResult {
  const code = (error as { code?: unknown } | undefined)?.code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return refuse('TOKEN_EXPIRED');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const claim = (error as { claim?: string }).claim;
      if (claim === 'aud') return refuse('TOKEN_AUDIENCE_INVALID');
      if (claim === 'nbf') return refuse('TOKEN_NOT_YET_VALID');
      if (claim === 'iss') return refuse('TOKEN_ISSUER_INVALID');
      return refuse('TOKEN_CLAIMS_INVALID');
    }
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return refuse('TOKEN_ALG_NOT_ALLOWED');
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return refuse('TOKEN_SIGNATURE_INVALID');
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
    case 'ERR_JWK_INVALID':
      return refuse('TOKEN_KEY_UNKNOWN');
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return refuse('TOKEN_MALFORMED');
    default:
      // ERR_JWKS_TIMEOUT, ERR_JWKS_INVALID, a non-200 answer (ERR_JOSE_GENERIC) or fetch failing.
      return { ok: false, status: 503, code: 'AUTH_KEYS_UNAVAILABLE', reason: 'AUTH_KEYS_UNAVAILABLE' };
  }
}
