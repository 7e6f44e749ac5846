'use strict';
/**
 * A Bot Connector on 127.0.0.1 for the bench. It answers like Teams (201 with an id for posts,
 * 200 for PUT) and keeps only counts, not bodies. With `limits`, it enforces Teams' sliding
 * windows per conversation and answers 429 with Retry-After when a send would exceed one.
 *
 * The rate key is the conversation the bot writes to: for a new channel thread
 * (POST /v3/conversations) the channel, otherwise the conversation id of the URL.
 */
const http = require('node:http');
const { TEAMS_WINDOWS, nextAllowed } = require('./stats');

const REFERENCE = /SIG-\d{4}-\d{6,9}/;

/** Sends already inside each window at `now` ("1000ms": 7, ...), for a refusal's record. */
function windowCounts(times, now) {
  return Object.fromEntries(TEAMS_WINDOWS.map((w) => [`${w.windowMs}ms`, times.filter((t) => t > now - w.windowMs).length]));
}

class ConnectorStub {
  constructor({ limits = false } = {}) {
    this.limits = limits;
    this.url = '';
    this.reset();
  }

  reset() {
    this.counts = { activities: 0, creates: 0, updates: 0, other: 0, refused429: 0 };
    this.refusals = [];
    this.lastAtByKey = new Map();
    /** Sends accepted per rate key (times in ms, ascending). */
    this.sendsByKey = new Map();
    /** Reference -> times a thread card for it was accepted. */
    this.references = new Map();
    this.firstAt = undefined;
    this.lastAt = undefined;
    /** Accepted sends per wall-clock second, over all conversations (the per-tenant rate). */
    this.perSecond = new Map();
    this.counter = 0;
    /** The last text sent into each channel conversation (to check that linking worked). */
    this.lastText = new Map();
  }

  async start() {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${this.server.address().port}/`;
    return this;
  }

  handle(req, res) {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const now = Date.now();
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = decodeURIComponent(req.url ?? '');
      const create = req.method === 'POST' && /\/v3\/conversations\/?$/.test(path);
      const conversation = /\/v3\/conversations\/([^/]+)/.exec(path)?.[1];
      const channel = conversation?.startsWith('19:') ?? false;
      let body;
      if (create || channel) {
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          body = undefined;
        }
      }
      const key = create ? (body?.channelData?.channel?.id ?? 'new-conversation') : (conversation ?? 'none');
      res.setHeader('content-type', 'application/json');

      if (req.method === 'GET') {
        this.answerRead(path, res);
        return;
      }
      if (this.limits) {
        const times = this.sendsByKey.get(key) ?? [];
        const allowed = nextAllowed(times, now, TEAMS_WINDOWS);
        if (allowed > now) {
          this.counts.refused429 += 1;
          // How early the send came: a few ms means the sender paced to the edge of a window.
          if (this.refusals.length < 100) this.refusals.push({ key, at: now, earlyByMs: allowed - now, inWindow: windowCounts(times, now) });
          res.statusCode = 429;
          res.setHeader('Retry-After', String(Math.max(1, Math.ceil((allowed - now) / 1000))));
          res.end(JSON.stringify({ error: { code: 'ThrottledRequest', message: 'bench stub: Teams rate limit' } }));
          return;
        }
      }
      this.accept(key, now);
      this.counter += 1;
      if (create) {
        this.counts.creates += 1;
        const reference = REFERENCE.exec(raw)?.[0];
        if (reference) this.references.set(reference, (this.references.get(reference) ?? 0) + 1);
        res.statusCode = 201;
        res.end(JSON.stringify({ id: `${key};messageid=${this.counter}`, activityId: String(this.counter) }));
      } else if (req.method === 'PUT') {
        this.counts.updates += 1;
        res.statusCode = 200;
        res.end(JSON.stringify({ id: conversation ?? 'updated' }));
      } else if (req.method === 'POST') {
        this.counts.activities += 1;
        if (channel && typeof body?.text === 'string') this.lastText.set(key, body.text);
        res.statusCode = 201;
        res.end(JSON.stringify({ id: `1:${this.counter}` }));
      } else {
        this.counts.other += 1;
        res.statusCode = 200;
        res.end('{}');
      }
    });
  }

  /** Reads (not rate-limited here): the team roster as TeamsInfo asks for it, else an empty object. */
  answerRead(path, res) {
    this.counts.other += 1;
    const member = { id: '29:member-bench', aadObjectId: '00000000-0000-0000-0000-00000000b001', name: 'Bench Lid' };
    res.statusCode = 200;
    if (/\/pagedmembers/.test(path)) res.end(JSON.stringify({ members: [member] }));
    else if (/\/members\/?$/.test(path)) res.end(JSON.stringify([member]));
    else res.end('{}');
  }

  accept(key, now) {
    this.firstAt ??= now;
    this.lastAt = now;
    this.lastAtByKey.set(key, now);
    const second = Math.floor(now / 1000);
    this.perSecond.set(second, (this.perSecond.get(second) ?? 0) + 1);
    if (!this.limits) return;
    const times = this.sendsByKey.get(key) ?? [];
    times.push(now);
    // Keep the longest window only (1 h): memory stays bounded.
    while (times.length > 0 && times[0] <= now - TEAMS_WINDOWS[TEAMS_WINDOWS.length - 1].windowMs) times.shift();
    this.sendsByKey.set(key, times);
  }

  stats() {
    let duplicates = 0;
    for (const n of this.references.values()) if (n > 1) duplicates += n - 1;
    return {
      ...this.counts,
      distinctReferences: this.references.size,
      duplicates,
      firstAt: this.firstAt,
      lastAt: this.lastAt,
      peakPerSecond: Math.max(0, ...this.perSecond.values()),
      perKey: Object.fromEntries([...this.sendsByKey].map(([k, v]) => [k, v.length])),
      timesByKey: this.limits ? Object.fromEntries(this.sendsByKey) : {},
      lastText: Object.fromEntries(this.lastText),
      refusals: this.refusals,
      lastAtByKey: Object.fromEntries(this.lastAtByKey),
    };
  }

  async stop() {
    if (!this.server) return;
    this.server.closeAllConnections?.();
    await new Promise((resolve) => this.server.close(() => resolve()));
  }
}

module.exports = { ConnectorStub };
