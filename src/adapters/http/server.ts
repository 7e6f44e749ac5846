import restify from 'restify';
import type { Logger } from '../../ports/logger';
import { inboundActivitySchema, invalidFields } from './activity-schema';

/** What the HTTP edge needs from the bot side: one call per inbound activity. */
export interface MessageHandler {
  process(req: restify.Request, res: restify.Response): Promise<void>;
}

/** Slow and many requests (issue 11): they must not hold the server before authentication. */
export interface ConnectionLimits {
  /** The whole request, headers and body, must have arrived within this time. */
  requestTimeoutMs: number;
  /** The headers of a new connection's first request must have arrived within this time. */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this time. */
  keepAliveTimeoutMs: number;
  /** Most open connections; more are refused by the server. */
  maxConnections: number;
}

export interface HttpServerOptions {
  maxBodyBytes: number;
  limits?: ConnectionLimits;
  logger: Logger;
  messages: MessageHandler;
  /** GET /readyz answers 200 only when this resolves true (or ok); a reason code goes in the 503 body. */
  ready: () => Promise<boolean | { ok: boolean; reason?: string }>;
}

export interface HttpServer {
  server: restify.Server;
  listen(port: number, host: string): Promise<number>;
  /** Stops taking requests and waits (up to timeoutMs) for those in flight. */
  drain(timeoutMs: number): Promise<boolean>;
}

function sendError(res: restify.Response, status: number, code: string): void {
  res.status(status);
  res.json({ error: { code } });
}

/**
 * Node's own request and headers timeouts are checked only every 30 s (connectionsCheckingInterval,
 * fixed when restify makes the server), so a timer per connection and per request enforces them
 * on time as well: a connection whose first headers are late, or a request whose body is still
 * trickling in, is closed.
 */
function applyLimits(server: restify.Server, limits: ConnectionLimits, logger: Logger): void {
  const node = server.server;
  node.requestTimeout = limits.requestTimeoutMs;
  node.headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  node.keepAliveTimeout = limits.keepAliveTimeoutMs;
  node.maxConnections = limits.maxConnections;
  node.on('connection', (socket: import('node:net').Socket) => {
    const timer = setTimeout(() => {
      logger.warn({ code: 'HEADERS_TIMEOUT' }, 'connection closed: no request headers in time');
      socket.destroy();
    }, limits.headersTimeoutMs);
    timer.unref();
    const clear = () => clearTimeout(timer);
    socket.once('close', clear);
    (socket as import('node:net').Socket & { clearHeadersTimer?: () => void }).clearHeadersTimer = clear;
  });
  node.on('request', (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    (req.socket as import('node:net').Socket & { clearHeadersTimer?: () => void }).clearHeadersTimer?.();
    if (req.complete) return;
    const timer = setTimeout(() => {
      if (req.complete) return;
      logger.warn({ code: 'REQUEST_TIMEOUT' }, 'request closed: body not received in time');
      req.socket.destroy();
    }, limits.requestTimeoutMs);
    timer.unref();
    const clear = () => clearTimeout(timer);
    req.once('end', clear);
    res.once('close', clear);
  });
}

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { logger } = options;
  const server = restify.createServer({ name: 'signaalbot', handleUncaughtExceptions: false });
  let stopping = false;
  let inFlight = 0;
  let idle: (() => void) | undefined;

  if (options.limits) applyLimits(server, options.limits, logger);

  server.pre((req, res, next) => {
    if (stopping) {
      res.header('Connection', 'close');
      sendError(res, 503, 'SHUTTING_DOWN');
      return next(false);
    }
    return next();
  });

  server.get('/healthz', (_req, res, next) => {
    res.json({ status: 'ok' });
    return next();
  });

  server.get('/readyz', async (_req, res) => {
    const result = await options.ready().catch(() => false);
    const { ok, reason } = typeof result === 'boolean' ? { ok: result, reason: undefined } : result;
    res.status(ok ? 200 : 503);
    res.json(ok ? { status: 'ready' } : { status: 'not-ready', ...(reason ? { reason } : {}) });
  });

  // The Agents Playground probes the endpoint with GET on every page load: a plain 405, not a log line (issue 14).
  const probe = (_req: restify.Request, res: restify.Response, next: restify.Next) => {
    res.setHeader('Allow', 'POST');
    res.send(405);
    return next(false);
  };
  server.get('/api/messages', probe);
  server.head('/api/messages', probe);

  server.post(
    '/api/messages',
    (req, res, next) => {
      const type = (req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/json') {
        logger.warn({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' }, 'inbound request refused');
        sendError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
        return next(false);
      }
      return next();
    },
    restify.plugins.bodyParser({ maxBodySize: options.maxBodyBytes, mapParams: false, mapFiles: false, rejectUnknown: true }),
    async (req, res) => {
      const parsed = inboundActivitySchema.safeParse(req.body);
      if (!parsed.success) {
        logger.warn({ status: 400, code: 'ACTIVITY_INVALID', fields: invalidFields(parsed.error) }, 'inbound activity refused');
        sendError(res, 400, 'ACTIVITY_INVALID');
        return;
      }
      // A local Direct Line (offline-directline) passes the user's activity on without a recipient;
      // replies are sent "from" the recipient, so name the bot.
      if (!parsed.data.recipient) (req.body as Record<string, unknown>).recipient = { id: 'signaalbot', name: 'Signaalbot', role: 'bot' };
      inFlight += 1;
      try {
        await options.messages.process(req, res);
      } catch (error) {
        logger.error({ code: 'TURN_FAILED', errorName: (error as Error).name }, 'inbound activity failed');
        if (!res.headersSent) sendError(res, 500, 'TURN_FAILED');
      } finally {
        inFlight -= 1;
        if (inFlight === 0) idle?.();
      }
    },
  );

  server.on('restifyError', (req: restify.Request, _res: restify.Response, err: Error & { statusCode?: number }, cb: () => void) => {
    // Body too large (413), malformed JSON (400) and the like: log the code, never the body.
    logger.warn({ status: err.statusCode ?? 500, code: err.name, path: req.getPath() }, 'request refused');
    return cb();
  });

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    async drain(timeoutMs) {
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections?.();
      const settled = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (idle = resolve));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      const done = await Promise.race([settled.then(() => true), timeout]);
      clearTimeout(timer);
      server.server.closeAllConnections?.();
      await closed;
      return done;
    },
  };
}
