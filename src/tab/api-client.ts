/**
 * The tab's calls to the tab API. Every request carries the Teams SSO token (`Authorization:
 * Bearer`) and the team id from the Teams context; the server checks both. Responses are parsed
 * by the schemas in api-schemas.ts; anything else is an ApiError with a code the page translates.
 */
import type * as z from 'zod/mini';
import { actionResponseSchema, errorSchema, figuresResponseSchema, meSchema, queueSchema, signalResponseSchema, type Figures, type MyTeams, type Queue, type SignalDetail } from './api-schemas';

/** What the queue's filter asks the server for. */
export type QueueFilter = 'open' | 'new' | 'claimed' | 'overdue' | 'closed' | 'all';
export const QUEUE_FILTERS: readonly QueueFilter[] = ['open', 'new', 'claimed', 'overdue', 'closed', 'all'];
/** The server's upper bound for one page of the queue. */
export const QUEUE_LIMIT = 200;

export type ActionRequest =
  | { action: 'claim' }
  | { action: 'release' }
  | { action: 'note'; text: string }
  | { action: 'forward'; to: string }
  | { action: 'close'; outcome: string };

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the network failed or the answer could not be read. */
    readonly status: number,
    /** The server's error code, or NETWORK / BAD_RESPONSE / HTTP_<status>. */
    readonly code: string,
  ) {
    super(`${status} ${code}`);
    this.name = 'ApiError';
  }
}

export interface TabApi {
  /** The linked teams the user belongs to (asked without a team id: the personal tab has none). */
  myTeams(): Promise<MyTeams>;
  queue(filter: QueueFilter): Promise<Queue>;
  signal(id: string): Promise<SignalDetail>;
  /** The signal after the action; null when it left the team's signaalpunten (forwarded). */
  act(id: string, request: ActionRequest): Promise<SignalDetail | null>;
  figures(from: string, to: string): Promise<Figures>;
  figuresCsv(from: string, to: string): Promise<{ blob: Blob; fileName: string }>;
}

export interface TabApiOptions {
  /** The Teams team the tab is in; every call but myTeams() needs it. */
  teamId?: string;
  /** A fresh Teams SSO token (teams-js caches it; asking per request keeps it from expiring). */
  getToken: () => Promise<string>;
  fetch?: typeof fetch;
  /** Prefix of the API routes; the tab is served by the same server. */
  base?: string;
}

function queueParams(filter: QueueFilter): Record<string, string> {
  const limit = String(QUEUE_LIMIT);
  switch (filter) {
    case 'all':
      return { limit };
    case 'overdue':
      return { overdue: 'true', limit };
    default:
      return { status: filter, limit };
  }
}

export function createTabApi(options: TabApiOptions): TabApi {
  const doFetch = options.fetch ?? ((input, init) => window.fetch(input, init));
  const base = options.base ?? '/api/tab';

  function url(path: string, params: Record<string, string> = {}, withTeam = true): string {
    const query = new URLSearchParams(withTeam ? { teamId: options.teamId ?? '', ...params } : params);
    const search = query.toString();
    return search ? `${base}${path}?${search}` : `${base}${path}`;
  }

  async function send(
    path: string,
    init: { method?: string; params?: Record<string, string>; body?: unknown; accept?: string; withTeam?: boolean } = {},
  ): Promise<Response> {
    let token: string;
    try {
      token = await options.getToken();
    } catch {
      throw new ApiError(0, 'TOKEN');
    }
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: init.accept ?? 'application/json' };
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(url(path, init.params, init.withTeam ?? true), {
        method: init.method ?? 'GET',
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      throw new ApiError(0, 'NETWORK');
    }
    if (!response.ok) {
      const body: unknown = await response.json().catch(() => undefined);
      const parsed = errorSchema.safeParse(body);
      throw new ApiError(response.status, parsed.success ? parsed.data.error.code : `HTTP_${response.status}`);
    }
    return response;
  }

  async function json<S extends z.ZodMiniType>(schema: S, response: Response): Promise<z.output<S>> {
    const body: unknown = await response.json().catch(() => undefined);
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new ApiError(response.status, 'BAD_RESPONSE');
    return parsed.data;
  }

  const signalPath = (id: string) => `/signals/${encodeURIComponent(id)}`;

  return {
    async myTeams() {
      return (await json(meSchema, await send('/me', { withTeam: false }))).teams;
    },
    async queue(filter) {
      return json(queueSchema, await send('/signals', { params: queueParams(filter) }));
    },
    async signal(id) {
      return json(signalResponseSchema, await send(signalPath(id)));
    },
    async act(id, request) {
      return (await json(actionResponseSchema, await send(`${signalPath(id)}/actions`, { method: 'POST', body: request }))).signal;
    },
    async figures(from, to) {
      return json(figuresResponseSchema, await send('/figures', { params: { from, to } }));
    },
    async figuresCsv(from, to) {
      const response = await send('/figures.csv', { params: { from, to }, accept: 'text/csv' });
      // The server names the file; only a plain name is taken from its header.
      const named = /filename="([\w.-]{1,100})"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
      return { blob: await response.blob(), fileName: named ?? `signaalbot-figures-${from}-${to}.csv` };
    },
  };
}
