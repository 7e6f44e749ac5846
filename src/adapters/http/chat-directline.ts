import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** A Direct Line token for one user, and where the page connects with it. */
export interface DirectLineToken {
  token: string;
  /** Seconds the token is valid. */
  expiresIn: number;
  /** Set for the local stand-in only (Web Chat then polls it); Azure's default domain otherwise. */
  domain?: string;
}

export interface DirectLineTokenSource {
  /** `pageHost`: the Host the page was loaded from (the local stand-in is on the same host name). */
  generate(userId: string, pageHost: string): Promise<DirectLineToken>;
  /** Origins the page's browser talks to (the page's connect-src). */
  connectOrigins(pageHost: string): string[];
}

export class DirectLineError extends Error {
  constructor(readonly status?: number) {
    super(`Direct Line token request failed${status ? ` (${status})` : ''}`);
    this.name = 'DirectLineError';
  }
}

const generateAnswer = z.object({
  token: z.string().min(1).max(4000),
  expires_in: z.number().int().positive().max(86_400),
  conversationId: z.string().max(200).optional(),
});

/**
 * Azure Bot Service Direct Line: POST {baseUrl}/tokens/generate with the secret as bearer and the
 * user id in the body; the token it returns is bound to that user (Direct Line then puts that id
 * in `from.id` and refuses another). The secret never leaves this class; errors carry no body.
 */
export class AzureDirectLineTokens implements DirectLineTokenSource {
  constructor(private readonly options: { secret: string; baseUrl: string; timeoutMs?: number; fetch?: typeof fetch }) {}

  async generate(userId: string): Promise<DirectLineToken> {
    const doFetch = this.options.fetch ?? fetch;
    let response: Response;
    try {
      response = await doFetch(`${this.options.baseUrl}/tokens/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ user: { id: userId } }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
    } catch {
      throw new DirectLineError();
    }
    if (!response.ok) throw new DirectLineError(response.status);
    const parsed = generateAnswer.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new DirectLineError(response.status);
    return { token: parsed.data.token, expiresIn: parsed.data.expires_in };
  }

  connectOrigins(): string[] {
    const url = new URL(this.options.baseUrl);
    return [url.origin, `wss://${url.host}`];
  }
}

/**
 * The local stand-in (offline-directline, development only) checks no token. This hands out one of
 * the shape Azure's has, a JWT with the user id in its `user` claim (signed with a key of this
 * process only), because Web Chat takes the user id from there: a `dl_` id passed beside a token
 * without it is replaced by a random one, as a forgery guard. The page is pointed at the stand-in.
 */
export class LocalDirectLineTokens implements DirectLineTokenSource {
  private readonly key = randomBytes(32);

  constructor(private readonly port: () => number | undefined) {}

  async generate(userId: string, pageHost: string): Promise<DirectLineToken> {
    const [origin] = this.connectOrigins(pageHost);
    if (!origin) throw new DirectLineError();
    const expiresIn = 1800;
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ user: userId, iss: 'signaalbot-local-directline', exp: Math.floor(Date.now() / 1000) + expiresIn })}`;
    const token = `${unsigned}.${createHmac('sha256', this.key).update(unsigned).digest('base64url')}`;
    return { token, expiresIn, domain: `${origin}/directline` };
  }

  connectOrigins(pageHost: string): string[] {
    const port = this.port();
    const hostname = /^[a-z0-9.-]+(:\d+)?$/i.test(pageHost) ? pageHost.replace(/:\d+$/, '') : 'localhost';
    return port ? [`http://${hostname}:${port}`] : [];
  }
}
