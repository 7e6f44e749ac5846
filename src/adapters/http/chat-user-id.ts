import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Pseudonymous user ids for the web chat page. The browser keeps a signed user token
 * `v1.<id>.<expires>.<mac>` (id: 16 random bytes; expires: Unix seconds; mac: HMAC-SHA256 with a
 * server key), so a visitor comes back as the same Direct Line user and `status` finds their own
 * signals, and nobody can pick someone else's id: an altered or expired token is refused.
 * The id says nothing about the person; it is never logged.
 */
export interface ChatUser {
  /** The Direct Line user id (`dl_` + the id), as Direct Line requires for token-bound users. */
  userId: string;
  /** The signed token for the browser to keep. */
  userToken: string;
  expiresAt: number;
}

export type UserTokenCheck = { ok: true; user: ChatUser } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

const VERSION = 'v1';
const ID = /^[A-Za-z0-9_-]{22}$/;
const MAC = /^[A-Za-z0-9_-]{43}$/;

/** The HMAC key: the configured one, or one derived from the data encryption key (never the key itself). */
export function chatUserKey(configured: string | undefined, dataKey: Buffer): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'signaalbot web chat user id v1', 32));
}

export class ChatUserIds {
  constructor(
    private readonly key: Buffer,
    private readonly lifetimeDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new visitor. */
  issue(): ChatUser {
    return this.sign(randomBytes(16).toString('base64url'));
  }

  /** Checks a token from the browser; a good one comes back renewed (the lifetime counts from the last visit). */
  renew(userToken: string): UserTokenCheck {
    const parts = userToken.split('.');
    const [version, id, expires, mac] = parts;
    if (parts.length !== 4 || version !== VERSION || !id || !ID.test(id) || !expires || !/^\d{1,12}$/.test(expires) || !mac || !MAC.test(mac)) {
      return { ok: false, reason: 'malformed' };
    }
    const expected = Buffer.from(this.mac(id, expires), 'base64url');
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
    if (Number(expires) * 1000 <= this.now().getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, user: this.sign(id) };
  }

  private sign(id: string): ChatUser {
    const expiresAt = Math.floor(this.now().getTime() / 1000) + this.lifetimeDays * 86_400;
    const expires = String(expiresAt);
    return { userId: `dl_${id}`, userToken: `${VERSION}.${id}.${expires}.${this.mac(id, expires)}`, expiresAt };
  }

  private mac(id: string, expires: string): string {
    return createHmac('sha256', this.key).update(`${VERSION}.${id}.${expires}`).digest('base64url');
  }
}
