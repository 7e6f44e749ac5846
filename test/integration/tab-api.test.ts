/**
 * The tab's API on a real restify server (port 0) over the real stores in a temp folder, with a
 * locally generated key set served as a JWKS from 127.0.0.1 and tokens signed in the test.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { registerTabApi, type TabApiDeps } from '../../src/adapters/http/tab-api';
import { entraIssuers } from '../../src/adapters/http/tab-auth';
import { TabQueries } from '../../src/application/tab-queries';
import { RosterStore } from '../../src/adapters/persistence/roster-store';
import type { HistoryEntry, Signal } from '../../src/domain/signal';
import {
  draft,
  exampleConfig,
  newTrail,
  openWorld,
  OTHER_TENANT,
  personalDataIn,
  SYNTHETIC,
  TEAM_ELSEWHERE,
  TEAM_VEERE,
  TEAM_VLISSINGEN,
  TENANT,
  type World,
} from '../helpers/app-fixtures';
import { makeSignal, testRosterOptions } from '../helpers/signal-fixtures';

const AUDIENCE = 'api://tab.example.org/00000000-aaaa-4bbb-8ccc-000000000001';
const ANNA = 'aaaaaaaa-0000-4000-8000-000000000001';
const BRAM = 'aaaaaaaa-0000-4000-8000-000000000002';
const VERA = 'aaaaaaaa-0000-4000-8000-000000000003';
const ELLY = 'aaaaaaaa-0000-4000-8000-000000000004';
const FORGED_TEAM = '19:forged-team@thread.tacv2';
const VL = encodeURIComponent(TEAM_VLISSINGEN.teamId);
const VE = encodeURIComponent(TEAM_VEERE.teamId);

let signingKey: CryptoKey;
let strangerKey: CryptoKey;
let jwk: JWK;
let jwksServer: http.Server;
let jwksUrl: string;

const trail = newTrail();
const CONFIG = exampleConfig();
let w: World;
let roster: RosterStore;
let server: restify.Server;
let base: string;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  jwksServer = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/discovery/v2.0/keys`;
});

afterAll(async () => {
  await new Promise((resolve) => jwksServer.close(resolve));
});

async function startApi(auth: Partial<TabApiDeps['auth']> = {}, deps: Partial<TabApiDeps> = {}): Promise<{ server: restify.Server; base: string }> {
  const api = restify.createServer({ name: 'tab-api-test', handleUncaughtExceptions: false });
  registerTabApi(api, {
    queries: new TabQueries({ signals: w.store.signals, clock: w.clock, config: () => CONFIG }),
    links: w.links,
    roster,
    actions: w.actions,
    clock: w.clock,
    logger: w.logger,
    auth: { jwksUrl, audience: AUDIENCE, tenantIds: [TENANT], ...auth } as TabApiDeps['auth'],
    ...deps,
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  return { server: api, base: `http://127.0.0.1:${(api.address() as AddressInfo).port}` };
}

beforeEach(async () => {
  w = await openWorld({ trail });
  expect(await w.link('GM0718', TEAM_VLISSINGEN)).toBe('LINKED');
  expect(await w.link('GM0717', TEAM_VEERE)).toBe('LINKED');
  roster = await RosterStore.open({ dataDir: w.dir, logger: w.logger, ...testRosterOptions() });
  await roster.setMembers(TEAM_VLISSINGEN.teamId, TENANT, [ANNA, BRAM]);
  await roster.setMembers(TEAM_VEERE.teamId, TENANT, [VERA]);
  // Elsewhere is a team the bot is in, but no signaalpunt is linked to it.
  await roster.setMembers(TEAM_ELSEWHERE.teamId, TENANT, [ELLY]);
  ({ server, base } = await startApi());
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await roster.flush();
  await w.close();
});

afterAll(() => {
  // Nothing personal or secret in any log line of any test.
  const logs = JSON.stringify(trail.logs);
  expect(personalDataIn(logs)).toEqual([]);
  expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
});

const nowSec = () => Math.floor(w.clock.now().getTime() / 1000);

/** A Teams SSO token as Entra ID would issue it (v1), for a user of the tenant. */
async function token(oid: string, claims: JWTPayload = {}, key: CryptoKey = signingKey, kid = 'test-key-1'): Promise<string> {
  return new SignJWT({
    iss: entraIssuers(TENANT)[0],
    aud: AUDIENCE,
    tid: TENANT,
    oid,
    scp: 'access_as_user',
    iat: nowSec() - 60,
    nbf: nowSec() - 60,
    exp: nowSec() + 3600,
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .sign(key);
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

async function call(path: string, options: { auth?: string | null; method?: string; body?: unknown; contentType?: string; raw?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.auth) headers.authorization = options.auth;
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(`${base}${path}`, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

const as = async (oid: string, path: string, options: Parameters<typeof call>[1] = {}) => call(path, { auth: `Bearer ${await token(oid)}`, ...options });

let reports = 0;
/** A signal reported the app's way: an adult in 4381 goes to Vlissingen (GM0718), in 4351 to Veere (GM0717). */
async function reported(postcode = '4381 AB'): Promise<Signal> {
  reports += 1;
  const result = await w.report.submit(draft({ postcode }), { submissionKey: `k-${reports}`, reporterChatKey: 'chat-a' });
  if (!result.ok) throw new Error(result.code);
  return (await w.store.signals.getByReference(result.reference))!;
}

describe('When a request has no valid Teams token, then it gets 401 and no data', () => {
  test.each<[string, () => Promise<string | null>, string]>([
    ['no Authorization header', async () => null, 'TOKEN_MISSING'],
    ['a garbage token', async () => 'Bearer garbage', 'TOKEN_INVALID'],
    ['an expired token', async () => `Bearer ${await token(ANNA, { exp: nowSec() - 600, iat: nowSec() - 4200, nbf: nowSec() - 4200 })}`, 'TOKEN_EXPIRED'],
    ['a token for another audience', async () => `Bearer ${await token(ANNA, { aud: 'api://other.example.org/someone-else' })}`, 'TOKEN_INVALID'],
    ['a token from another issuer', async () => `Bearer ${await token(ANNA, { iss: 'https://login.evil.example/common/v2.0' })}`, 'TOKEN_INVALID'],
    [
      'an unsigned token (alg none)',
      async () => {
        const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
        return `Bearer ${part({ alg: 'none', typ: 'JWT' })}.${part({ iss: entraIssuers(TENANT)[0], aud: AUDIENCE, tid: TENANT, oid: ANNA, exp: nowSec() + 3600 })}.`;
      },
      'TOKEN_INVALID',
    ],
    ['a token of another tenant', async () => `Bearer ${await token(ANNA, { tid: OTHER_TENANT, iss: entraIssuers(OTHER_TENANT)[0] })}`, 'TOKEN_INVALID'],
    ['a token signed by an unknown key', async () => `Bearer ${await token(ANNA, {}, strangerKey, 'stranger')}`, 'TOKEN_INVALID'],
    ['a token signed by another key under our kid', async () => `Bearer ${await token(ANNA, {}, strangerKey)}`, 'TOKEN_INVALID'],
  ])('%s', async (_name, auth, code) => {
    await reported();
    const answer = await call(`/api/tab/signals?teamId=${VL}`, { auth: await auth() });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ error: { code } });
    expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  test.each([
    ['GET', '/api/tab/me'],
    ['GET', `/api/tab/signals?teamId=${VL}`],
    ['GET', `/api/tab/signals/some-id?teamId=${VL}`],
    ['POST', `/api/tab/signals/some-id/actions?teamId=${VL}`],
    ['GET', `/api/tab/figures?teamId=${VL}`],
    ['GET', `/api/tab/figures.csv?teamId=${VL}`],
  ])('%s %s without a token', async (method, path) => {
    const answer = await call(path, { method, ...(method === 'POST' ? { body: { action: 'claim' } } : {}) });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ error: { code: 'TOKEN_MISSING' } });
  });
});

describe('When a valid user asks for a team that is not theirs, then it gets 403 (or 404 for a signal) and nothing changes', () => {
  test('a member of Veere asking for the Vlissingen team', async () => {
    await reported();
    for (const path of [`/api/tab/signals?teamId=${VL}`, `/api/tab/figures?teamId=${VL}`, `/api/tab/figures.csv?teamId=${VL}`]) {
      const answer = await as(VERA, path);
      expect(answer.status).toBe(403);
      expect(answer.json).toEqual({ error: { code: 'NOT_A_MEMBER' } });
    }
  });

  test('a forged team id, and a team the bot knows but that is not linked to a signaalpunt', async () => {
    await reported();
    expect((await as(ANNA, `/api/tab/signals?teamId=${encodeURIComponent(FORGED_TEAM)}`)).status).toBe(403);
    expect((await as(ELLY, `/api/tab/signals?teamId=${encodeURIComponent(TEAM_ELSEWHERE.teamId)}`)).status).toBe(403);
    const codes = w.logger.lines.filter((l) => l.code === 'NOT_A_MEMBER').map((l) => l.reason);
    expect(codes).toEqual(['TEAM_NOT_LINKED', 'TEAM_NOT_LINKED']);
  });

  test('a member of Vlissingen naming a signaalpunt of another team', async () => {
    const answer = await as(ANNA, `/api/tab/signals?teamId=${VL}&signaalpuntId=GM0717`);
    expect(answer.status).toBe(403);
  });

  test('a member whose team link is broken (the bot was removed)', async () => {
    await w.links.markBroken('GM0718', 'HTTP_403', w.clock.now());
    expect((await as(ANNA, `/api/tab/signals?teamId=${VL}`)).status).toBe(403);
  });

  test('a member of Veere asking, under their own team, for a Vlissingen signal or acting on it', async () => {
    const signal = await reported();
    const detail = await as(VERA, `/api/tab/signals/${signal.id}?teamId=${VE}`);
    expect(detail.status).toBe(404);
    expect(detail.json).toEqual({ error: { code: 'SIGNAL_NOT_FOUND' } });
    expect(personalDataIn(detail.text)).toEqual([]);
    const action = await as(VERA, `/api/tab/signals/${signal.id}/actions?teamId=${VE}`, { body: { action: 'claim' } });
    expect(action.status).toBe(404);
    expect((await w.store.signals.get(signal.id))!.status).toBe('new');
  });
});

describe('When a member of the linked team uses the tab, then they see and act on their signaalpunt only', () => {
  test('the queue holds only this team\'s signals, without personal details', async () => {
    const mine = await reported('4381 AB');
    const theirs = await reported('4351 AA');
    expect(theirs.signaalpuntId).toBe('GM0717');

    const answer = await as(ANNA, `/api/tab/signals?teamId=${VL}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.json.total).toBe(1);
    expect(answer.json.items).toEqual([
      {
        id: mine.id,
        reference: mine.reference,
        signaalpuntId: 'GM0718',
        status: 'new',
        version: mine.version,
        ageGroup: 'adult',
        createdAt: mine.createdAt,
        deadline: mine.deadline,
        overdue: false,
        claimed: false,
        claimedByMe: false,
        claimedAt: null,
        closedAt: null,
      },
    ]);
    expect(personalDataIn(answer.text)).toEqual([]);
    const veere = await as(VERA, `/api/tab/signals?teamId=${VE}`);
    expect(veere.json.items.map((i: { id: string }) => i.id)).toEqual([theirs.id]);
  });

  test('the detail has the personal details and the history', async () => {
    const signal = await reported();
    const answer = await as(ANNA, `/api/tab/signals/${signal.id}?teamId=${VL}`);
    expect(answer.status).toBe(200);
    expect(answer.json.signal).toMatchObject({
      id: signal.id,
      reference: signal.reference,
      status: 'new',
      personal: { personName: SYNTHETIC.personName, personContact: SYNTHETIC.personContact, reporterName: SYNTHETIC.reporterName },
      allowedActions: ['claim', 'note', 'forward'],
    });
    expect(answer.json.signal.history).toEqual([expect.objectContaining({ action: 'created', toStatus: 'new' })]);
    expect(answer.json.signal.forwardTargets).toContainEqual({ id: 'GM0717', name: expect.any(String) });
    expect(answer.json.signal).not.toHaveProperty('reporterChatKey');
  });

  test('a claim from the tab changes the signal the same way as the card: status, history, card update, reporter, audit', async () => {
    const signal = await reported();
    w.clock.advance(15 * 60_000);
    const answer = await as(ANNA, `/api/tab/signals/${signal.id}/actions?teamId=${VL}`, { body: { action: 'claim' } });

    expect(answer.status).toBe(200);
    expect(answer.json.signal).toMatchObject({ id: signal.id, status: 'claimed', claimedBy: ANNA, claimedByMe: true, allowedActions: ['release', 'note', 'forward', 'close'] });
    const stored = (await w.store.signals.get(signal.id))!;
    expect(stored).toMatchObject({ status: 'claimed', version: signal.version + 1, claimedBy: { kind: 'teamMember', id: ANNA }, claimedAt: '2026-03-02T09:15:00.000Z' });
    const kinds = (await w.store.outbox.list()).filter((m) => m.payload.signalId === signal.id).map((m) => m.kind);
    expect(kinds).toEqual(expect.arrayContaining(['signal.cardUpdate', 'reporter.notify']));
    expect((await w.auditEntries()).at(-1)).toMatchObject({ action: 'signal.claim', actor: ANNA, signalId: signal.id });

    // Bram is a step behind: 409 with the signal as it is now.
    const late = await as(BRAM, `/api/tab/signals/${signal.id}/actions?teamId=${VL}`, { body: { action: 'claim' } });
    expect(late.status).toBe(409);
    expect(late.json).toMatchObject({ error: { code: 'ALREADY_CLAIMED' }, signal: { status: 'claimed', claimedBy: ANNA, claimedByMe: false } });
  });

  test('a note, a close and a forward go through the same use case; a forwarded signal leaves the team\'s view', async () => {
    const first = await reported();
    const url = (id: string) => `/api/tab/signals/${id}/actions?teamId=${VL}`;
    const noted = await as(ANNA, url(first.id), { body: { action: 'note', text: SYNTHETIC.teamNote } });
    expect(noted.status).toBe(200);
    expect(noted.json.signal.history.at(-1)).toMatchObject({ action: 'note', by: { kind: 'teamMember', id: ANNA }, note: SYNTHETIC.teamNote });

    expect((await as(ANNA, url(first.id), { body: { action: 'close', outcome: 'contactMade' } })).json).toEqual({ error: { code: 'TRANSITION_NOT_ALLOWED' }, signal: expect.any(Object) });
    expect((await as(ANNA, url(first.id), { body: { action: 'claim' } })).status).toBe(200);
    const closed = await as(ANNA, url(first.id), { body: { action: 'close', outcome: 'contactMade' } });
    expect(closed.json.signal).toMatchObject({ status: 'closed', outcome: 'contactMade', allowedActions: [] });
    expect((await as(ANNA, url(first.id), { body: { action: 'release' } })).status).toBe(409);

    const second = await reported();
    const forwarded = await as(ANNA, url(second.id), { body: { action: 'forward', to: 'GM0717' } });
    expect(forwarded.status).toBe(200);
    expect(forwarded.json).toEqual({ signal: null });
    expect((await as(ANNA, `/api/tab/signals/${second.id}?teamId=${VL}`)).status).toBe(404);
    expect((await as(VERA, `/api/tab/signals/${second.id}?teamId=${VE}`)).json.signal).toMatchObject({ signaalpuntId: 'GM0717', status: 'new' });
  });

  test.each<[string, unknown, number, string]>([
    ['an unknown action', { action: 'delete' }, 400, 'BODY_INVALID'],
    ['an extra field', { action: 'claim', by: 'someone-else' }, 400, 'BODY_INVALID'],
    ['a close without outcome', { action: 'close' }, 400, 'BODY_INVALID'],
    ['an empty note', { action: 'note', text: '   ' }, 400, 'NOTE_INVALID'],
    ['a note of 1001 characters', { action: 'note', text: 'x'.repeat(1001) }, 400, 'NOTE_INVALID'],
    ['a forward to an unknown signaalpunt', { action: 'forward', to: 'GM9999' }, 400, 'UNKNOWN_SIGNAALPUNT'],
    ['a forward to itself', { action: 'forward', to: 'GM0718' }, 400, 'FORWARD_SAME_SIGNAALPUNT'],
    ['an array', [], 400, 'BODY_INVALID'],
  ])('an action with %s is refused', async (_name, body, status, code) => {
    const signal = await reported();
    const answer = await as(ANNA, `/api/tab/signals/${signal.id}/actions?teamId=${VL}`, { body });
    expect(answer.status).toBe(status);
    expect(answer.json.error.code).toBe(code);
    expect((await w.store.signals.get(signal.id))!.version).toBe(signal.version);
  });

  test('an action body that is not JSON, too large or of another type is refused', async () => {
    const signal = await reported();
    const path = `/api/tab/signals/${signal.id}/actions?teamId=${VL}`;
    expect((await as(ANNA, path, { raw: '{"action":', contentType: 'application/json' })).json).toEqual({ error: { code: 'BODY_INVALID' } });
    expect((await as(ANNA, path, { raw: 'action=claim', contentType: 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await as(ANNA, path, { body: { action: 'note', text: 'x'.repeat(40_000) } })).status).toBe(413);
    expect((await as(ANNA, `/api/tab/signals/nope/actions?teamId=${VL}`, { body: { action: 'claim' } })).status).toBe(404);
  });

  test('/me lists the linked teams the user is a member of', async () => {
    expect((await as(ANNA, '/api/tab/me')).json).toEqual({
      user: { oid: ANNA, tid: TENANT },
      teams: [{ teamId: TEAM_VLISSINGEN.teamId, signaalpunten: [{ id: 'GM0718', name: 'Vlissingen' }] }],
    });
    expect((await as(ELLY, '/api/tab/me')).json.teams).toEqual([]);
  });
});

describe('When filters are huge or odd, then the answer is 400 with a code, never a crash', () => {
  test.each<[string, string, string, string[] | undefined]>([
    ['a limit of 20 digits', `/api/tab/signals?teamId=${VL}&limit=99999999999999999999`, 'QUERY_INVALID', ['limit']],
    ['a limit of 0', `/api/tab/signals?teamId=${VL}&limit=0`, 'QUERY_INVALID', ['limit']],
    ['a limit above 200', `/api/tab/signals?teamId=${VL}&limit=201`, 'QUERY_INVALID', ['limit']],
    ['a limit in exponent notation', `/api/tab/signals?teamId=${VL}&limit=1e3`, 'QUERY_INVALID', ['limit']],
    ['an unknown status', `/api/tab/signals?teamId=${VL}&status=deleted`, 'QUERY_INVALID', ['status']],
    ['overdue=yes', `/api/tab/signals?teamId=${VL}&overdue=yes`, 'QUERY_INVALID', ['overdue']],
    ['a repeated teamId', `/api/tab/signals?teamId=${VL}&teamId=${VE}`, 'QUERY_INVALID', ['(repeated)']],
    ['a __proto__ parameter', `/api/tab/signals?teamId=${VL}&__proto__=x`, 'QUERY_INVALID', ['(unknown)']],
    ['a teamId of 5000 characters', `/api/tab/signals?teamId=${'x'.repeat(5000)}`, 'QUERY_INVALID', ['teamId']],
    ['no teamId', '/api/tab/signals', 'QUERY_INVALID', ['teamId']],
    ['a teamId with a space', `/api/tab/signals?teamId=${encodeURIComponent('19:a b')}`, 'QUERY_INVALID', ['teamId']],
    ['a path as signaalpuntId', `/api/tab/signals?teamId=${VL}&signaalpuntId=${encodeURIComponent('../../etc')}`, 'QUERY_INVALID', ['signaalpuntId']],
    ['30 February', `/api/tab/figures?teamId=${VL}&from=2026-02-30`, 'PERIOD_INVALID', undefined],
    ['a reversed period', `/api/tab/figures?teamId=${VL}&from=2026-03-10&to=2026-03-01`, 'PERIOD_INVALID', undefined],
    ['a period of 126 years', `/api/tab/figures?teamId=${VL}&from=1900-01-01&to=2026-03-01`, 'PERIOD_TOO_LONG', undefined],
    ['a five-digit year', `/api/tab/figures.csv?teamId=${VL}&from=99999-01-01`, 'QUERY_INVALID', ['from']],
    ['a signal id with a space', `/api/tab/signals/sig%20x?teamId=${VL}`, 'SIGNAL_ID_INVALID', undefined],
  ])('%s', async (_name, path, code, fields) => {
    const answer = await as(ANNA, path);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: fields ? { code, fields } : { code } });
  });

  test('a signal id longer than the router takes is simply not found', async () => {
    const answer = await as(ANNA, `/api/tab/signals/${'x'.repeat(300)}?teamId=${VL}`);
    expect(answer.status).toBe(404);
  });
});

// --- Figures ---

const H = 3_600_000;
const plus = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * H).toISOString();
const member = { kind: 'teamMember' as const, id: ANNA };

/** A stored signal of Vlissingen with its first claim `claimH` and close `closeH` hours after creation. */
function timed(n: number, createdAt: string, claimH: number, closeH?: number, signaalpuntId = 'GM0718'): Signal {
  const history: HistoryEntry[] = [
    { at: createdAt, action: 'created', by: { kind: 'reporter' }, toStatus: 'new' },
    { at: plus(createdAt, claimH), action: 'claim', by: member, fromStatus: 'new', toStatus: 'claimed' },
  ];
  if (closeH !== undefined) history.push({ at: plus(createdAt, closeH), action: 'close', by: member, fromStatus: 'claimed', toStatus: 'closed', outcome: 'referred' });
  return makeSignal({
    id: `fig-${n}`,
    reference: `SIG-2026-90000${n}`,
    signaalpuntId,
    createdAt,
    deadline: '2026-03-06',
    status: closeH === undefined ? 'claimed' : 'closed',
    claimedBy: member,
    claimedAt: plus(createdAt, claimH),
    ...(closeH === undefined ? {} : { closedAt: plus(createdAt, closeH), outcome: 'referred' as const }),
    ageGroup: 'adult',
    reporterSector: 'pharmacy',
    signs: ['fewContacts'],
    history,
  });
}

describe('When a member asks for the figures, then the numbers are right and hold no personal data', () => {
  /**
   * Claimed after 1, 2, 4 and 9 hours -> median 3, p90 = 4 + 0.7 * (9 - 4) = 7.5.
   * Closed after 10, 20 and 40 hours   -> median 20, p90 = 20 + 0.8 * (40 - 20) = 36.
   * A fifth signal belongs to Veere and is not counted.
   */
  beforeEach(async () => {
    await w.store.signals.create(timed(1, '2026-03-02T09:00:00.000Z', 1, 10), []);
    await w.store.signals.create(timed(2, '2026-03-02T10:00:00.000Z', 2, 20), []);
    await w.store.signals.create(timed(3, '2026-03-03T09:00:00.000Z', 4, 40), []);
    await w.store.signals.create(timed(4, '2026-03-04T09:00:00.000Z', 9), []);
    await w.store.signals.create(timed(5, '2026-03-04T09:00:00.000Z', 100, 200, 'GM0717'), []);
    w.clock.set('2026-03-20T12:00:00.000Z');
  });

  test('as JSON', async () => {
    const answer = await as(ANNA, `/api/tab/figures?teamId=${VL}&from=2026-03-02&to=2026-03-08`);
    expect(answer.status).toBe(200);
    const { figures, signaalpunten } = answer.json;
    expect(signaalpunten).toEqual(['GM0718']);
    expect(figures.period).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    expect(figures.total).toBe(4);
    expect(figures.perWeek).toEqual([{ week: '2026-W10', weekStart: '2026-03-02', count: 4 }]);
    expect(figures.timeToClaim).toEqual({ count: 4, medianHours: 3, p90Hours: 7.5 });
    expect(figures.timeToClose).toEqual({ count: 3, medianHours: 20, p90Hours: 36 });
    // All four were claimed by the deadline (6 March); three closed by it; the fourth is open and past it.
    expect(figures.claimedWithinDeadline).toEqual({ due: 4, within: 4, share: 1 });
    expect(figures.closedWithinDeadline).toEqual({ due: 4, within: 3, share: 0.75 });
    expect(figures.bySector).toContainEqual({ key: 'pharmacy', count: 4 });
    expect(personalDataIn(answer.text)).toEqual([]);
    expect(answer.text).not.toContain(ANNA);
  });

  test('as CSV, with the default period (the last 12 weeks)', async () => {
    const answer = await as(ANNA, `/api/tab/figures.csv?teamId=${VL}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="signaalbot-figures-2025-12-29-2026-03-20.csv"');
    const lines = answer.text.split('\r\n');
    expect(lines.slice(0, 6)).toEqual(['section,key,value', 'signaalpunt,id,GM0718', 'period,from,2025-12-29', 'period,to,2026-03-20', 'total,signals,4', 'total,overdueNow,0']);
    expect(lines).toEqual(expect.arrayContaining(['timeToClaim,medianHours,3', 'timeToClaim,p90Hours,7.5', 'timeToClose,p90Hours,36', 'closedWithinDeadline,share,0.75']));
    expect(personalDataIn(answer.text)).toEqual([]);
  });
});

describe('When the signing keys cannot be fetched', () => {
  test('then the API answers 503, not 401, so the tab can tell an outage from a bad token', async () => {
    const down = http.createServer((_req, res) => {
      res.writeHead(500);
      res.end();
    });
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const { server: api, base: downBase } = await startApi({ jwksUrl: `http://127.0.0.1:${(down.address() as AddressInfo).port}/keys` });
    try {
      const response = await fetch(`${downBase}/api/tab/signals?teamId=${VL}`, { headers: { authorization: `Bearer ${await token(ANNA)}` } });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: { code: 'AUTH_KEYS_UNAVAILABLE' } });
    } finally {
      await new Promise<void>((resolve) => api.close(() => resolve()));
      await new Promise((resolve) => down.close(resolve));
    }
  });
});

describe('When a store fails underneath', () => {
  test('then the API answers 500 with a code and keeps serving', async () => {
    const failing = { ...roster, isMember: async () => Promise.reject(new Error('disk on fire')) } as unknown as RosterStore;
    const { server: api, base: failingBase } = await startApi({}, { roster: failing });
    try {
      const headers = { authorization: `Bearer ${await token(ANNA)}` };
      const response = await fetch(`${failingBase}/api/tab/signals?teamId=${VL}`, { headers });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: { code: 'TAB_API_FAILED' } });
      expect((await fetch(`${failingBase}/api/tab/me`, { headers })).status).toBe(500);
      expect(w.logger.lines.filter((l) => l.code === 'TAB_API_FAILED').map((l) => l.errorName)).toEqual(['Error', 'Error']);
    } finally {
      await new Promise<void>((resolve) => api.close(() => resolve()));
    }
  });
});
