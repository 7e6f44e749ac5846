import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
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

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;
/** File name of the generated key in development and test (never used in production). */
export const DEV_KEY_FILE = 'dev-encryption.key';

/**
 * AES-256-GCM for personal fields at rest. Each value gets a fresh random 12-byte IV; the output is
 * `v1:<iv>:<tag>:<ciphertext>` (base64url parts), so a later format or key can be told apart.
 * A wrong key, a changed byte or a malformed value all fail the same way (DECRYPT_FAILED).
 */
export class AesGcmCipher implements Cipher {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) {
      throw new CipherError('ENCRYPTION_KEY_INVALID', `The encryption key must be ${KEY_BYTES} bytes.`);
    }
    this.key = Buffer.from(key); // a copy: the caller may wipe or reuse its buffer
  }

  encrypt(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join(':');
  }

  /** @throws CipherError DECRYPT_FAILED (wrong key, tampered or malformed value). */
  decrypt(sealed: string): string {
    const parts = sealed.split(':');
    const [version, ivText, tagText, dataText] = parts;
    if (parts.length !== 4 || version !== VERSION || ivText === undefined || tagText === undefined || dataText === undefined) {
      throw decryptFailed();
    }
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw decryptFailed();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(dataText, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      // Node's error says only "Unsupported state or unable to authenticate data"; one code is enough.
      throw decryptFailed();
    }
  }
}

function decryptFailed(): CipherError {
  return new CipherError(
    'DECRYPT_FAILED',
    'A stored value could not be decrypted: the encryption key is wrong or the value was changed.',
  );
}

export interface LoadEncryptionKeyOptions {
  /** ENCRYPTION_KEY from config: 32 random bytes, base64 (`openssl rand -base64 32`). */
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
  if (configured) return decodeKey(configured, 'ENCRYPTION_KEY');
  if (options.env === 'production') {
    throw new CipherError(
      'ENCRYPTION_KEY_MISSING',
      'ENCRYPTION_KEY is not set, so the bot did not start: personal data must be encrypted with a kept key in ' +
        'production. Create one with `openssl rand -base64 32`, store it as a secret, and set ENCRYPTION_KEY.',
    );
  }

  const keyFile = path.join(path.resolve(options.dataDir), DEV_KEY_FILE);
  const key = (await readKeyFile(keyFile)) ?? (await createKeyFile(keyFile));
  // Error level: a key beside the data (and in its backups) is fine on a laptop, never on a server.
  options.logger.error(
    { code: 'DEV_ENCRYPTION_KEY', env: options.env, keyFile },
    'no ENCRYPTION_KEY set: using the development key file; never use it for real data',
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
      `The development key file "${keyFile}" could not be created (${errnoOf(err) ?? 'unknown error'}). Make the data folder writable or set ENCRYPTION_KEY.`,
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
  return key;
}
