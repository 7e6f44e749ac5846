import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  path: string;
  conversationId?: string;
  body: Record<string, unknown> | undefined;
  /** Set when the stub answered with an injected failure. */
  failedWith?: number;
}

/**
 * A Bot Connector on 127.0.0.1 that accepts what the bot sends (replies, updates, new
 * conversations) and records it. Answers like Teams: 201 with an id for posts, 200 for PUT.
 */
export class ConnectorStub {
  readonly calls: RecordedCall[] = [];
  private server?: http.Server;
  private counter = 0;
  private waiters: Array<() => void> = [];
  private failures: Array<{ status: number; headers: Record<string, string>; body?: unknown }> = [];
  /** Failures for calls into one conversation only (its id), used before the general ones. */
  private failuresFor = new Map<string, Array<{ status: number; headers: Record<string, string>; body?: unknown }>>();
  url = '';
  /** Requests received and not yet answered (a slow Teams holds them), by kind. */
  readonly open = { all: 0, threads: 0 };
  /** aadObjectIds the roster calls return (synthetic). */
  members: string[] = ['00000000-0000-0000-0000-00000000b001', '00000000-0000-0000-0000-00000000b002'];

  /** The next `count` calls answer `status` (e.g. 429 with Retry-After), then normal service resumes. */
  failNext(count: number, status: number, headers: Record<string, string> = {}, body?: unknown): void {
    for (let i = 0; i < count; i += 1) this.failures.push({ status, headers, body });
  }

  /** The next `count` calls into one conversation answer `status`; other conversations are served as usual. */
  failNextFor(conversationId: string, count: number, status: number, headers: Record<string, string> = {}): void {
    const list = this.failuresFor.get(conversationId) ?? [];
    for (let i = 0; i < count; i += 1) list.push({ status, headers });
    this.failuresFor.set(conversationId, list);
  }

  /**
   * Teams' limits, enforced like Teams does (issue 15): per channel (a new thread and the replies
   * in its threads count together, as the bot paces them) 7 per 1 s, 8 per 2 s, 60 per 30 s, and
   * 50 per second over all; a call over a limit gets 429 with Retry-After and is counted in
   * `limitHits`. Times are taken when a request arrives, before any `delayMs`. Off unless set.
   */
  teamsLimits = false;
  limitHits = 0;
  private arrivals = new Map<string, number[]>();

  private overLimit(key: string, at: number): boolean {
    const windows: Array<[string, number, number]> = [[key, 1_000, 7], [key, 2_000, 8], [key, 30_000, 60], ['*tenant', 1_000, 50]];
    for (const [k, windowMs, max] of windows) {
      const list = this.arrivals.get(k) ?? [];
      if (list.filter((t) => t > at - windowMs).length >= max) return true;
    }
    for (const k of [key, '*tenant']) {
      const list = (this.arrivals.get(k) ?? []).filter((t) => t > at - 30_000);
      list.push(at);
      this.arrivals.set(k, list);
    }
    return false;
  }

  /** How long each answer waits (a slow Teams); 0 unless set. */
  delayMs: () => number = () => 0;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      const arrivedAt = Date.now();
      req.on('data', (c: Buffer) => chunks.push(c));
      const thread = req.method === 'POST' && /\/v3\/conversations\/?$/.test(decodeURIComponent(req.url ?? ''));
      req.on('end', () => {
        this.open.all += 1;
        if (thread) this.open.threads += 1;
      });
      req.on('end', () => void this.pause().then(() => {
        this.open.all -= 1;
        if (thread) this.open.threads -= 1;
        const raw = Buffer.concat(chunks).toString('utf8');
        const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
        const path = decodeURIComponent(req.url ?? '');
        const match = /\/v3\/conversations\/([^/]+)/.exec(path);
        this.calls.push({ method: req.method ?? '', path, conversationId: match?.[1], body });
        this.counter += 1;
        res.setHeader('content-type', 'application/json');
        let failure = (match?.[1] !== undefined ? this.failuresFor.get(match[1])?.shift() : undefined) ?? this.failures.shift();
        if (!failure && this.teamsLimits && req.method !== 'GET') {
          const channel = (body?.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
          const key = (match?.[1] ?? channel ?? 'conversations').split(';')[0]!;
          if (this.overLimit(key, arrivedAt)) {
            this.limitHits += 1;
            failure = { status: 429, headers: { 'Retry-After': '1' }, body: { error: { code: 'Throttled', message: 'over the Teams limit' } } };
          }
        }
        if (failure) {
          this.calls[this.calls.length - 1]!.failedWith = failure.status;
          for (const [k, v] of Object.entries(failure.headers)) res.setHeader(k, v);
          res.statusCode = failure.status;
          res.end(JSON.stringify(failure.body ?? { error: { code: 'Failure', message: 'injected' } }));
        } else if (req.method === 'GET' && /\/(paged)?members/.test(path)) {
          res.statusCode = 200;
          const members = this.members.map((aadObjectId, i) => ({ id: `29:member-${i}`, aadObjectId, name: `Lid ${i}` }));
          res.end(JSON.stringify(/pagedmembers/.test(path) ? { members } : members));
        } else if (req.method === 'PUT') {
          res.statusCode = 200;
          res.end(JSON.stringify({ id: match?.[1] ?? 'updated' }));
        } else if (req.method === 'POST' && /\/v3\/conversations\/?$/.test(path)) {
          // Teams answers a new channel thread with "<channel>;messageid=<root activity id>".
          const channel = ((body?.channelData as { channel?: { id?: string } } | undefined)?.channel?.id) ?? 'conv';
          res.statusCode = 201;
          res.end(JSON.stringify({ id: `${channel};messageid=${this.counter}`, activityId: String(this.counter) }));
        } else {
          res.statusCode = 201;
          res.end(JSON.stringify({ id: `1:${this.counter}` }));
        }
        for (const wake of this.waiters.splice(0)) wake();
      }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
    return this;
  }

  private pause(): Promise<void> {
    const ms = this.delayMs();
    return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
  }

  /** Activities the bot sent into one conversation, in order (answered ones only). */
  sent(conversationId: string): Array<Record<string, unknown>> {
    return this.calls
      .filter((c) => c.conversationId === conversationId && c.method === 'POST' && c.body && !c.failedWith)
      .map((c) => c.body!);
  }

  /** New conversations (channel threads) the bot created, answered ones only. */
  created(): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'POST' && /\/v3\/conversations\/?$/.test(c.path) && !c.failedWith);
  }

  /** Waits until `predicate` holds (the bot sends asynchronously to the HTTP answer in some flows). */
  async waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error('connector stub: condition not met in time');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  reset(): void {
    this.calls.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
