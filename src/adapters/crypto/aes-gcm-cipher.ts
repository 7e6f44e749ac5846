import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../ports/logger';
import type { Cipher } from '../../ports/signals';
import { errnoOf } from '../persistence/data-file';

export type CipherErrorCode = 'DECRYPT_FAILED' | 'ENCRYPTION_KEY_MISSING' | 'ENCRYPTION_KEY_INVALID';

/** Encryption failed or could not start. Messages never quote a key, a sealed value or a plain value. */
export class CipherError extends Error {
  override readonly name = 'CipherError';

  constructor(
    readonly code: CipherErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const LEGACY = 'v1';
const VERSION = 'v2';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;
/** File name of the generated key in development and test (never used in production). */
export const DEV_KEY_FILE = 'dev-encryption.key';

/** A short, public name for a key (8 hex characters of a hash of it), written into every value. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('signaalbot/key-id/v1').update(key).digest('hex').slice(0, 8);
}

/**
 * A key a person typed or copied by mistake: all one byte, a short repeated pattern, or fewer
 * than 12 different byte values (32 random bytes have about 31).
 */
export function isWeakKey(key: Buffer): boolean {
  return new Set(key).size < 12;
}

/**
 * AES-256-GCM for personal fields at rest. Each value gets a fresh random 12-byte IV; the output is
 * `v2:<key id>:<iv>:<tag>:<ciphertext>` (base64url parts), so the key that sealed it can be found
 * during a rotation. An optional `aad` (additional authenticated data) binds a value to its place.
 * `v1:<iv>:<tag>:<ciphertext>` values from before key ids are still read (with any known key).
 * A wrong key, a changed byte, another `aad` or a malformed value all fail the same way (DECRYPT_FAILED).
 */
export class AesGcmCipher implements Cipher {
  private readonly key: Buffer;
  readonly keyId: string;
  /** Keys that only decrypt (a rotation in progress), by key id. */
  private readonly previous: Map<string, Buffer>;

  constructor(key: Buffer, previous: readonly Buffer[] = []) {
    for (const k of [key, ...previous]) {
      if (k.length !== KEY_BYTES) throw new CipherError('ENCRYPTION_KEY_INVALID', `The encryption key must be ${KEY_BYTES} bytes.`);
      if (isWeakKey(k)) throw new CipherError('ENCRYPTION_KEY_INVALID', 'The encryption key is too regular to be random. Create one with `openssl rand -base64 32`.');
    }
    this.key = Buffer.from(key); // a copy: the caller may wipe or reuse its buffer
    this.keyId = keyIdOf(key);
    this.previous = new Map(previous.map((k) => [keyIdOf(k), Buffer.from(k)]));
  }

  encrypt(plain: string, aad?: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, this.keyId, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join(':');
  }

  /** True when `sealed` was made with a key other than the current one (a rotation rewrites it). */
  isStale(sealed: string): boolean {
    return !sealed.startsWith(`${VERSION}:${this.keyId}:`);
  }

  /** @throws CipherError DECRYPT_FAILED (wrong key, tampered or malformed value, another aad). */
  decrypt(sealed: string, aad?: string): string {
    const parts = sealed.split(':');
    if (parts[0] === LEGACY && parts.length === 4) {
      // Before key ids and AAD: try the current key, then the previous ones.
      for (const key of [this.key, ...this.previous.values()]) {
        const plain = open(key, parts[1]!, parts[2]!, parts[3]!, undefined);
        if (plain !== undefined) return plain;
      }
      throw decryptFailed();
    }
    if (parts[0] !== VERSION || parts.length !== 5) throw decryptFailed();
    const key = parts[1] === this.keyId ? this.key : this.previous.get(parts[1]!);
    if (!key) throw decryptFailed();
    const plain = open(key, parts[2]!, parts[3]!, parts[4]!, aad);
    if (plain === undefined) throw decryptFailed();
    return plain;
  }
}

function open(key: Buffer, ivText: string, tagText: string, dataText: string, aad: string | undefined): string | undefined {
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(dataText, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    // Node's error says only "Unsupported state or unable to authenticate data"; one code is enough.
    return undefined;
  }
}

function decryptFailed(): CipherError {
  return new CipherError(
    'DECRYPT_FAILED',
    'A stored value could not be decrypted: the encryption key is wrong or the value was changed.',
  );
}

export interface LoadEncryptionKeyOptions {
  /** DATA_ENCRYPTION_KEY from config: 32 random bytes, base64 (`openssl rand -base64 32`). */
  keyBase64?: string;
  env: 'development' | 'test' | 'production';
  /** Where the development key file lives (the data folder). */
  dataDir: string;
  logger: Logger;
}

/**
 * The key for `AesGcmCipher`. A configured key always wins. Without one, production refuses to
 * start (data encrypted with a throwaway key would be lost), and development and test create
 * `<dataDir>/dev-encryption.key` (mode 0600) once and reuse it, with a DEV_ENCRYPTION_KEY warning.
 * @throws CipherError ENCRYPTION_KEY_MISSING or ENCRYPTION_KEY_INVALID.
 */
export async function loadEncryptionKey(options: LoadEncryptionKeyOptions): Promise<Buffer> {
  const configured = options.keyBase64?.trim();
  if (configured) return decodeKey(configured, 'DATA_ENCRYPTION_KEY');
  if (options.env === 'production') {
    throw new CipherError(
      'ENCRYPTION_KEY_MISSING',
      'DATA_ENCRYPTION_KEY is not set, so the bot did not start: personal data must be encrypted with a kept key in ' +
        'production. Create one with `openssl rand -base64 32`, store it as a secret, and set DATA_ENCRYPTION_KEY.',
    );
  }

  const keyFile = path.join(path.resolve(options.dataDir), DEV_KEY_FILE);
  const key = (await readKeyFile(keyFile)) ?? (await createKeyFile(keyFile));
  // Error level: a key beside the data (and in its backups) is fine on a laptop, never on a server.
  options.logger.error(
    { code: 'DEV_ENCRYPTION_KEY', env: options.env, keyFile },
    'no DATA_ENCRYPTION_KEY set: using the development key file; never use it for real data',
  );
  return key;
}

async function readKeyFile(keyFile: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await readFile(keyFile, 'utf8');
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return undefined;
    throw new CipherError('ENCRYPTION_KEY_INVALID', `The development key file "${keyFile}" could not be read (${errnoOf(err) ?? 'unknown error'}).`);
  }
  // Never replaced when broken: data encrypted with it would become unreadable.
  return decodeKey(text.trim(), `the development key file "${keyFile}"`);
}

async function createKeyFile(keyFile: string): Promise<Buffer> {
  const key = randomBytes(KEY_BYTES);
  // Written whole to a temp file, then hard-linked into place: link() fails when the file exists,
  // so when two processes start at once the second reads the first one's complete key.
  const temp = `${keyFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(path.dirname(keyFile), { recursive: true });
    await writeFile(temp, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    await link(temp, keyFile);
    return key;
  } catch (err) {
    if (errnoOf(err) === 'EEXIST') {
      const existing = await readKeyFile(keyFile);
      if (existing) return existing;
    }
    throw new CipherError(
      'ENCRYPTION_KEY_MISSING',
      `The development key file "${keyFile}" could not be created (${errnoOf(err) ?? 'unknown error'}). Make the data folder writable or set DATA_ENCRYPTION_KEY.`,
    );
  } finally {
    await rm(temp, { force: true });
  }
}

function decodeKey(text: string, source: string): Buffer {
  // Buffer.from(..., 'base64') skips bad characters silently; check the shape first.
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : undefined;
  if (!key || key.length !== KEY_BYTES) {
    throw new CipherError(
      'ENCRYPTION_KEY_INVALID',
      `The key in ${source} is not ${KEY_BYTES} bytes of base64. Create one with \`openssl rand -base64 32\`.`,
    );
  }
  if (isWeakKey(key)) {
    throw new CipherError('ENCRYPTION_KEY_INVALID', `The key in ${source} is too regular to be random. Create one with \`openssl rand -base64 32\`.`);
  }
  return key;
}
