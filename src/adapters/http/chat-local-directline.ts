import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import type { Logger } from '../../ports/logger';

/**
 * The local Direct Line stand-in for the web chat page in development and tests:
 * offline-directline (a devDependency, never loaded in production) on its own port. The page's
 * Web Chat polls it; it passes the visitor's activities to the bot's /api/messages as channel
 * `emulator`, and the bot answers at its serviceUrl (this server's /v3/conversations/...).
 * When the package is not installed (a production install) this says so and returns undefined.
 */
export interface LocalDirectLine {
  port: number;
  /** The bot's replies go here (offline-directline's connector routes). */
  serviceUrl: string;
  stop(): Promise<void>;
}

type Next = (error?: unknown) => void;
type Handler = (req: http.IncomingMessage, res: http.ServerResponse, next: Next) => void;
interface ExpressApp {
  (req: http.IncomingMessage, res: http.ServerResponse): void;
  use(handler: Handler): void;
}

export async function startLocalDirectLine(options: { port: number; host: string; botUrl: string; logger: Logger }): Promise<LocalDirectLine | undefined> {
  const { logger } = options;
  let getRouter: (serviceUrl: string, botUrl: string) => Handler;
  let express: () => ExpressApp;
  try {
    const modulePath = require.resolve('offline-directline');
    ({ getRouter } = require(modulePath) as { getRouter: typeof getRouter });
    // Express as offline-directline itself resolves it (its dependency, not ours).
    express = require(require.resolve('express', { paths: [path.dirname(modulePath)] })) as () => ExpressApp;
  } catch {
    logger.warn({ code: 'CHAT_LOCAL_DIRECTLINE_NOT_INSTALLED' }, 'the local Direct Line stand-in is not installed (npm install to get it)');
    return undefined;
  }

  let router: Handler | undefined;
  const app = express();
  app.use((req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Direct Line JS refreshes its token before it expires; the stand-in needs none, so hand out a new one.
    if (req.method === 'POST' && url.pathname === '/directline/tokens/refresh') {
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(JSON.stringify({ token: `local.${randomBytes(24).toString('base64url')}`, expires_in: 1800 }));
      return;
    }
    if (!router) return next(new Error('Direct Line not ready'));
    // offline-directline reads the poll's ?watermark= from req.query. restify, loaded in this same
    // process, puts a query() method on every http.IncomingMessage, so express leaves the query
    // unparsed and every poll would return the whole history. Parse it here.
    const query = Object.fromEntries(url.searchParams);
    Object.defineProperty(req, 'query', { value: query, writable: true, configurable: true, enumerable: true });
    return router(req, res, next);
  });
  const server = http.createServer(app);
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  const serviceUrl = `http://127.0.0.1:${port}`;
  router = getRouter(serviceUrl, options.botUrl);
  logger.info({ code: 'CHAT_LOCAL_DIRECTLINE', port }, 'local Direct Line stand-in for the web chat page is listening (development only)');
  return {
    port,
    serviceUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        // Web Chat polls with keep-alive connections: end them.
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}
