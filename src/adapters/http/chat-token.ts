import restify from 'restify';
import { z } from 'zod';
import type { Logger } from '../../ports/logger';
import type { Locale, Translations } from '../../ports/translator';
import { type DirectLineTokenSource, DirectLineError } from './chat-directline';
import { RateLimiter } from './chat-rate-limit';
import type { ChatUserIds } from './chat-user-id';

/**
 * POST /api/chat/token: a short-lived Direct Line token for the web chat page, bound to the
 * visitor's pseudonymous user id. The Direct Line secret stays on this server; the answer holds
 * the token, the user id and the renewed signed user token for the browser to keep.
 *
 * Refused, politely in the visitor's language: a foreign origin (403), a bad body (400), an
 * altered or expired user token (401), too many requests per client address or per user id (429).
 * Logs carry codes only: never the token, the secret, the user id or the address.
 */
export interface ChatTokenOptions {
  tokens: DirectLineTokenSource;
  users: ChatUserIds;
  /** Other origins allowed to call (CORS); the page's own origin always is. */
  allowedOrigins: readonly string[];
  ratePerIpPerMinute: number;
  ratePerUserPerMinute: number;
  translations: Translations;
  logger: Logger;
  now?: () => number;
}

export const CHAT_TOKEN_PATH = '/api/chat/token';
const MAX_BODY_BYTES = 2048;

const bodySchema = z
  .object({
    userToken: z.string().min(1).max(200).optional(),
    locale: z.enum(['nl', 'en']).optional(),
  })
  .strict();

type Refusal = 'rateLimited' | 'badRequest' | 'origin' | 'userToken' | 'unavailable';

const STATUS: Record<Refusal, number> = { rateLimited: 429, badRequest: 400, origin: 403, userToken: 401, unavailable: 503 };
const CODE: Record<Refusal, string> = {
  rateLimited: 'RATE_LIMITED',
  badRequest: 'REQUEST_INVALID',
  origin: 'ORIGIN_NOT_ALLOWED',
  userToken: 'USER_TOKEN_REFUSED',
  unavailable: 'CHAT_UNAVAILABLE',
};

function localeOf(req: restify.Request, body?: unknown): Locale {
  const asked = (body as { locale?: unknown } | undefined)?.locale;
  if (asked === 'en' || asked === 'nl') return asked;
  return /^\s*en\b/i.test(req.header('accept-language') ?? '') ? 'en' : 'nl';
}

/** True for the page's own origin (same host as the request) or a configured one. */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.origin !== origin) return false;
  if (host && parsed.host === host) return true;
  return allowed.includes(origin);
}

export function registerChatToken(server: restify.Server, options: ChatTokenOptions): void {
  const { logger, translations } = options;
  const now = options.now ?? Date.now;
  const perIp = new RateLimiter(options.ratePerIpPerMinute, 60_000, now);
  const perUser = new RateLimiter(options.ratePerUserPerMinute, 60_000, now);

  const refuse = (req: restify.Request, res: restify.Response, why: Refusal, locale: Locale, retryAfterS?: number) => {
    logger.warn({ code: CODE[why], status: STATUS[why] }, 'chat token refused');
    if (retryAfterS) res.header('Retry-After', String(retryAfterS));
    res.header('Cache-Control', 'no-store');
    res.status(STATUS[why]);
    res.json({ error: { code: CODE[why], message: translations.forLocale(locale).t(`webchat:errors.${why}`) } });
  };

  /** CORS for the configured embedding origins; same-origin pages need none. */
  const cors = (req: restify.Request, res: restify.Response): boolean => {
    const origin = req.header('origin');
    if (!originAllowed(origin, req.header('host'), options.allowedOrigins)) return false;
    if (origin && options.allowedOrigins.includes(origin)) {
      res.header('Access-Control-Allow-Origin', origin);
      res.header('Vary', 'Origin');
    }
    return true;
  };

  server.opts(CHAT_TOKEN_PATH, async (req, res) => {
    if (!cors(req, res)) {
      res.status(403);
      res.end();
      return;
    }
    res.header('Access-Control-Allow-Methods', 'POST');
    res.header('Access-Control-Allow-Headers', 'content-type');
    res.header('Access-Control-Max-Age', '600');
    res.status(204);
    res.end();
  });

  server.post(
    CHAT_TOKEN_PATH,
    (req, res, next) => {
      if (!cors(req, res)) {
        refuse(req, res, 'origin', localeOf(req));
        return next(false);
      }
      const address = req.socket.remoteAddress ?? 'unknown';
      const ip = perIp.take(address);
      if (!ip.ok) {
        refuse(req, res, 'rateLimited', localeOf(req), ip.retryAfterS);
        return next(false);
      }
      const type = (req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/json') {
        refuse(req, res, 'badRequest', localeOf(req));
        return next(false);
      }
      return next();
    },
    restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, mapFiles: false, rejectUnknown: true }),
    async (req, res) => {
      const parsed = bodySchema.safeParse(req.body ?? {});
      const locale = localeOf(req, parsed.success ? parsed.data : undefined);
      if (!parsed.success) return refuse(req, res, 'badRequest', locale);

      let user;
      if (parsed.data.userToken) {
        const checked = options.users.renew(parsed.data.userToken);
        if (!checked.ok) {
          logger.info({ code: 'CHAT_USER_TOKEN_BAD', reason: checked.reason }, 'chat user token not accepted');
          return refuse(req, res, 'userToken', locale);
        }
        user = checked.user;
      } else {
        user = options.users.issue();
      }
      const mine = perUser.take(user.userId);
      if (!mine.ok) return refuse(req, res, 'rateLimited', locale, mine.retryAfterS);

      try {
        const dl = await options.tokens.generate(user.userId, req.header('host') ?? '');
        logger.info({ code: 'CHAT_TOKEN_ISSUED', returning: parsed.data.userToken !== undefined }, 'chat token issued');
        res.header('Cache-Control', 'no-store');
        res.json({
          token: dl.token,
          expiresIn: dl.expiresIn,
          userId: user.userId,
          userToken: user.userToken,
          ...(dl.domain ? { domain: dl.domain } : {}),
        });
      } catch (error) {
        const status = error instanceof DirectLineError ? error.status : undefined;
        logger.error({ code: 'DIRECTLINE_TOKEN_FAILED', upstreamStatus: status }, 'Direct Line token request failed');
        refuse(req, res, 'unavailable', locale);
      }
    },
  );
}
