import { createHmac, hkdfSync } from 'node:crypto';
import type { CodeHasher } from '../../ports/codes';

/** What a derived key is for; each purpose gets its own key, so one hash can never stand for another. */
export type CodePurpose = 'circle-invite' | 'link-code' | 'roster-member';

const SALT = 'signaalbot/code-hmac/v1';

/** A 32-byte key for `purpose`, derived from the data key with HKDF-SHA256 (RFC 5869). */
export function deriveCodeKey(dataKey: Buffer, purpose: CodePurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, SALT, `code-hmac:${purpose}`, 32));
}

/**
 * HMAC-SHA256 of a code under a key derived from the data key. Without the key, a stored hash says
 * nothing about its code (a plain sha256 of an 8-digit code fell to a full search in two minutes).
 */
export function hmacCodeHasher(dataKey: Buffer, purpose: CodePurpose): CodeHasher {
  const key = deriveCodeKey(dataKey, purpose);
  return (code) => createHmac('sha256', key).update(code, 'utf8').digest('hex');
}
