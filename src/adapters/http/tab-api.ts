import type restify from 'restify';
import { z } from 'zod';
import type { ActionResult, SignalActions } from '../../application/signal-actions';
import { FIGURES_MAX_DAYS, QUEUE_DEFAULT_LIMIT, QUEUE_MAX_LIMIT, QUEUE_STATUSES, type TabQueries } from '../../application/tab-queries';
import { checkPeriod, defaultPeriod, figuresToRows, toCsv, type Period } from '../../domain/figures';
import { OUTCOMES } from '../../domain/signal';
import { amsterdamDate } from '../../domain/working-days';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { TeamRoster } from '../../ports/roster';
import type { LinkStore } from '../../ports/signals';
import { createTokenVerifier, type TabAuthOptions, type TabUser } from './tab-auth';

/**
 * What the tab's API needs. `auth` takes a JWKS URL (production) or a key set (tests). `queries`
 * reads (made by the composition root, so the edge builds no use cases of its own); `actions` is
 * the same use case the card calls.
 */
export interface TabApiDeps {
  queries: TabQueries;
  links: LinkStore;
  roster: TeamRoster;
  actions: SignalActions;
  clock: Clock;
  logger: Logger;
  auth: TabAuthOptions;
}

/** An action body is a few hundred bytes; a note is at most 1000 characters. */
const MAX_BODY_BYTES = 16_384;
const TEAM_ID = /^[\x21-\x7e]{1,200}$/;
const SIGNAALPUNT_ID = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;
const SIGNAL_ID = /^[A-Za-z0-9_-]{1,100}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const teamQuery = {
  teamId: z.string().regex(TEAM_ID),
  /** Narrows to one of the team's signaalpunten when a team has more than one channel linked. */
  signaalpuntId: z.string().max(40).regex(SIGNAALPUNT_ID).optional(),
};
const limitParam = z
  .string()
  .regex(/^\d{1,3}$/)
  .transform(Number)
  .pipe(z.number().int().min(1).max(QUEUE_MAX_LIMIT));
const queueQuery = z.strictObject({
  ...teamQuery,
  status: z.enum(QUEUE_STATUSES).optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: limitParam.optional(),
});
const detailQuery = z.strictObject(teamQuery);
const figuresQuery = z.strictObject({ ...teamQuery, from: z.string().regex(DATE).optional(), to: z.string().regex(DATE).optional() });
const meQuery = z.strictObject({});

const actionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('claim') }),
  z.strictObject({ action: z.literal('release') }),
  // The domain counts characters and refuses more than 1000 (NOTE_INVALID); this only caps the size.
  z.strictObject({ action: z.literal('note'), text: z.string().max(4000) }),
  z.strictObject({ action: z.literal('forward'), to: z.string().min(1).max(40) }),
  z.strictObject({ action: z.literal('close'), outcome: z.enum(OUTCOMES) }),
]);

/** SignalActions codes to HTTP statuses; anything else is a bad request. */
const ACTION_STATUS: Record<string, number> = {
  NOT_FOUND: 404,
  NOT_A_MEMBER: 403,
  ACTOR_NOT_ALLOWED: 403,
  CONFLICT: 409,
  ALREADY_CLAIMED: 409,
  SIGNAL_CLOSED: 409,
  TRANSITION_NOT_ALLOWED: 409,
};

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: Record<string, string | string[]> = {},
  ) {
    super(code);
  }
}

interface Call {
  req: restify.Request;
  res: restify.Response;
  user: TabUser;
}

/** The team's linked signaalpunten, once the caller is known to be a member. */
interface TeamScope {
  teamId: string;
  scope: string[];
}

/**
 * The Teams tab's JSON API. Every request needs a valid Teams SSO token (401 otherwise) and, except
 * /me, a `teamId` of a team that is linked to a signaalpunt and has the user in the bot's roster
 * (403 otherwise). Signals outside that team's signaalpunten are never returned: their ids are 404.
 *
 *   GET  /api/tab/me                                   -> { user: { oid, tid }, teams: [{ teamId, signaalpunten: [{ id, name }] }] }
 *   GET  /api/tab/signals?teamId&status&overdue&limit  -> { items: QueueItem[], total }
 *   GET  /api/tab/signals/:id?teamId                   -> { signal: SignalDetail }
 *   POST /api/tab/signals/:id/actions?teamId  { action, text?, to?, outcome? }
 *                                                      -> { signal: SignalDetail | null }, or { error: { code }, signal }
 *   GET  /api/tab/figures?teamId&from&to               -> { signaalpunten: string[], figures: Figures }
 *   GET  /api/tab/figures.csv?teamId&from&to           -> text/csv (section,key,value)
 * Every route but /me also takes `signaalpuntId`, to narrow a team with several linked channels to one.
 * Errors are `{ error: { code, fields? } }`.
 */
export function registerTabApi(server: restify.Server, deps: TabApiDeps): void {
  const logger = deps.logger.child({ component: 'tab-api' });
  const verify = createTokenVerifier(deps.auth, deps.clock);
  const { queries } = deps;

  const route =
    (name: string, handler: (call: Call) => Promise<void>) =>
    async (req: restify.Request, res: restify.Response): Promise<void> => {
      res.header('Cache-Control', 'no-store');
      res.header('X-Content-Type-Options', 'nosniff');
      let user: TabUser | undefined;
      try {
        const verified = await verify(req.header('authorization') || undefined);
        if (!verified.ok) {
          logger.warn({ route: name, status: verified.status, code: verified.reason }, 'tab request refused');
          if (verified.status === 401) res.header('WWW-Authenticate', 'Bearer error="invalid_token"');
          sendError(res, verified.status, verified.code);
          return;
        }
        user = verified.user;
        await handler({ req, res, user });
      } catch (error) {
        if (error instanceof HttpRefusal) {
          logger.warn({ route: name, status: error.status, code: error.code, oid: user?.oid, ...error.detail }, 'tab request refused');
          // The rest of a too-large body is not read: the connection cannot be reused.
          if (error.status === 413) res.header('Connection', 'close');
          if (!res.headersSent) sendError(res, error.status, error.code, error.detail.fields);
          return;
        }
        logger.error({ route: name, code: 'TAB_API_FAILED', errorName: (error as Error)?.name ?? typeof error }, 'tab request failed');
        if (!res.headersSent) sendError(res, 500, 'TAB_API_FAILED');
      }
    };

  /** Membership: a link for the team in the caller's tenant, and the caller in the team's roster. */
  async function teamScope(user: TabUser, teamId: string, signaalpuntId?: string): Promise<TeamScope> {
    const links = (await deps.links.listLinks()).filter((l) => l.teamId === teamId && !l.broken && l.tenantId === user.tid);
    // A forged or unlinked team id gets the same answer as a non-member, so ids cannot be probed.
    if (links.length === 0) throw new HttpRefusal(403, 'NOT_A_MEMBER', { reason: 'TEAM_NOT_LINKED', teamId });
    if (!(await deps.roster.isMember(teamId, user.tid, user.oid))) throw new HttpRefusal(403, 'NOT_A_MEMBER', { reason: 'NOT_IN_ROSTER', teamId });
    const scope = links.map((l) => l.signaalpuntId);
    if (signaalpuntId !== undefined) {
      if (!scope.includes(signaalpuntId)) throw new HttpRefusal(403, 'NOT_A_MEMBER', { reason: 'SIGNAALPUNT_NOT_LINKED', teamId });
      return { teamId, scope: [signaalpuntId] };
    }
    return { teamId, scope };
  }

  server.get(
    '/api/tab/me',
    route('me', async ({ req, res, user }) => {
      parseQuery(req, meQuery);
      const links = (await deps.links.listLinks()).filter((l) => !l.broken && l.tenantId === user.tid);
      const teams = new Map<string, Array<{ id: string; name: string }>>();
      for (const link of links) {
        if (!(await deps.roster.isMember(link.teamId, user.tid, user.oid))) continue;
        const list = teams.get(link.teamId) ?? [];
        list.push({ id: link.signaalpuntId, name: queries.signaalpuntName(link.signaalpuntId) });
        teams.set(link.teamId, list);
      }
      res.json({ user: { oid: user.oid, tid: user.tid }, teams: [...teams].map(([teamId, signaalpunten]) => ({ teamId, signaalpunten })) });
    }),
  );

  server.get(
    '/api/tab/signals',
    route('queue', async ({ req, res, user }) => {
      const query = parseQuery(req, queueQuery);
      const { scope } = await teamScope(user, query.teamId, query.signaalpuntId);
      const queue = await queries.queue(scope, user.oid, { status: query.status, overdue: query.overdue, limit: query.limit ?? QUEUE_DEFAULT_LIMIT });
      res.json(queue);
    }),
  );

  server.get(
    '/api/tab/signals/:id',
    route('detail', async ({ req, res, user }) => {
      const query = parseQuery(req, detailQuery);
      const signalId = parseSignalId(req);
      const { scope } = await teamScope(user, query.teamId, query.signaalpuntId);
      const detail = await queries.detail(scope, user.oid, signalId);
      if (!detail) throw new HttpRefusal(404, 'SIGNAL_NOT_FOUND', { signalId });
      res.json({ signal: detail });
    }),
  );

  server.post(
    '/api/tab/signals/:id/actions',
    route('action', async ({ req, res, user }) => {
      const query = parseQuery(req, detailQuery);
      const signalId = parseSignalId(req);
      const { teamId, scope } = await teamScope(user, query.teamId, query.signaalpuntId);
      const body = actionBody.safeParse(await readJsonBody(req));
      if (!body.success) throw new HttpRefusal(400, 'BODY_INVALID', { fields: fieldsOf(body.error) });
      if (!(await queries.inScopeSignal(scope, signalId))) throw new HttpRefusal(404, 'SIGNAL_NOT_FOUND', { signalId });
      // The same use case as the card; it checks the link again (team and tenant of the signal's signaalpunt).
      const result = await deps.actions.act(signalId, { aadObjectId: user.oid, teamId, tenantId: user.tid }, body.data);
      const signal = visible(result, scope) ? queries.toDetail(result.signal!, user.oid) : null;
      if (result.ok) {
        logger.info({ route: 'action', code: 'TAB_ACTION', signalId, action: body.data.action, teamId }, 'signal changed from the tab');
        res.json({ signal });
        return;
      }
      const status = ACTION_STATUS[result.code] ?? 400;
      logger.info({ route: 'action', status, code: result.code, signalId, action: body.data.action, teamId }, 'tab action refused');
      res.status(status);
      res.json({ error: { code: result.code }, signal });
    }),
  );

  const figuresOf = async (req: restify.Request, user: TabUser) => {
    const query = parseQuery(req, figuresQuery);
    const period = periodOf(query.from, query.to, amsterdamDate(deps.clock.now()));
    const { scope } = await teamScope(user, query.teamId, query.signaalpuntId);
    return { scope, figures: await queries.figures(scope, period) };
  };

  server.get(
    '/api/tab/figures',
    route('figures', async ({ req, res, user }) => {
      const { scope, figures } = await figuresOf(req, user);
      res.json({ signaalpunten: scope, figures });
    }),
  );

  server.get(
    '/api/tab/figures.csv',
    route('figuresCsv', async ({ req, res, user }) => {
      const { scope, figures } = await figuresOf(req, user);
      const csv = toCsv(figuresToRows(figures, scope.join(' ')));
      const name = `signaalbot-figures-${figures.period.from}-${figures.period.to}.csv`;
      res.sendRaw(200, csv, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name}"`,
      });
    }),
  );
}

function visible(result: ActionResult, scope: readonly string[]): boolean {
  return result.signal !== undefined && scope.includes(result.signal.signaalpuntId);
}

function sendError(res: restify.Response, status: number, code: string, fields?: string | string[]): void {
  res.status(status);
  res.json({ error: Array.isArray(fields) && fields.length > 0 ? { code, fields } : { code } });
}

/** Names of the invalid fields, from the schema only: a key the client made up is not echoed (nor logged). */
function fieldsOf(error: z.ZodError): string[] {
  return [...new Set(error.issues.map((i) => (i.code === 'unrecognized_keys' ? '(unknown)' : i.path.length > 0 ? i.path.join('.') : '(root)')))];
}

/** The query string as one value per key; a repeated key or an invalid value is a 400. */
function parseQuery<S extends z.ZodType>(req: restify.Request, schema: S): z.output<S> {
  let params: URLSearchParams;
  try {
    params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  } catch {
    throw new HttpRefusal(400, 'QUERY_INVALID');
  }
  const keys = [...params.keys()];
  if (new Set(keys).size !== keys.length) throw new HttpRefusal(400, 'QUERY_INVALID', { fields: ['(repeated)'] });
  // fromEntries defines own properties, so a "__proto__" key is just an unknown key.
  const query = Object.fromEntries(params);
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw new HttpRefusal(400, 'QUERY_INVALID', { fields: fieldsOf(parsed.error) });
  return parsed.data;
}

function parseSignalId(req: restify.Request): string {
  const id: unknown = req.params?.id;
  if (typeof id !== 'string' || !SIGNAL_ID.test(id)) throw new HttpRefusal(400, 'SIGNAL_ID_INVALID');
  return id;
}

function periodOf(from: string | undefined, to: string | undefined, today: string): Period {
  const end = to ?? today;
  const period = { from: from ?? defaultPeriod(end).from, to: end };
  const check = checkPeriod(period, FIGURES_MAX_DAYS);
  if (check !== 'ok') throw new HttpRefusal(400, check);
  return period;
}

/** Reads a small JSON body (the tab's actions), refusing other types and anything too big. */
async function readJsonBody(req: restify.Request): Promise<unknown> {
  const type = (req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpRefusal(415, 'UNSUPPORTED_MEDIA_TYPE');
  const declared = Number(req.header('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw new HttpRefusal(413, 'BODY_TOO_LARGE');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpRefusal(413, 'BODY_TOO_LARGE');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpRefusal(400, 'BODY_INVALID');
  }
}
