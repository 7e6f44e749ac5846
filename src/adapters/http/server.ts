import restify from 'restify';
import type { Logger } from '../../ports/logger';
import { inboundActivitySchema, invalidFields } from './activity-schema';

/** What the HTTP edge needs from the bot side: one call per inbound activity. */
export interface MessageHandler {
  process(req: restify.Request, res: restify.Response): Promise<void>;
}

export interface HttpServerOptions {
  maxBodyBytes: number;
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

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { logger } = options;
  const server = restify.createServer({ name: 'signaalbot', handleUncaughtExceptions: false });
  let stopping = false;
  let inFlight = 0;
  let idle: (() => void) | undefined;

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
