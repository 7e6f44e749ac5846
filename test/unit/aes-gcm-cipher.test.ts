import { randomBytes } from 'node:crypto';
import { AesGcmCipher, CipherError } from '../../src/adapters/crypto/aes-gcm-cipher';

const key = randomBytes(32);
const plain = JSON.stringify({ personName: 'Jantje Testpersoon', note: 'émoji 🙂 en עברית' });

function decryptError(cipher: AesGcmCipher, sealed: string): unknown {
  try {
    cipher.decrypt(sealed);
  } catch (err) {
    return err;
  }
  throw new Error('decrypt did not fail');
}

describe('AesGcmCipher', () => {
  test('When a value is encrypted and decrypted with the same key, then the original comes back', () => {
    const cipher = new AesGcmCipher(key);
    const sealed = cipher.encrypt(plain);

    expect(sealed).toMatch(/^v2:[0-9a-f]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/); // v2: with its key id (issue 11)
    expect(sealed).not.toContain('Jantje');
    expect(cipher.decrypt(sealed)).toBe(plain);
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
  });

  test('When the same value is encrypted twice, then the outputs differ (a fresh IV each time)', () => {
    const cipher = new AesGcmCipher(key);
    expect(cipher.encrypt(plain)).not.toBe(cipher.encrypt(plain));
  });

  test.each([
    ['the data', 3],
    ['the tag', 2],
    ['the IV', 1],
  ])('When one character of %s is changed, then decrypt fails with DECRYPT_FAILED', (_what, part) => {
    const cipher = new AesGcmCipher(key);
    const parts = cipher.encrypt(plain).split(':');
    const text = parts[part]!;
    parts[part] = (text[0] === 'A' ? 'B' : 'A') + text.slice(1);

    const err = decryptError(cipher, parts.join(':'));
    expect(err).toBeInstanceOf(CipherError);
    expect((err as CipherError).code).toBe('DECRYPT_FAILED');
  });

  test('When a value is decrypted with another key, then it fails with DECRYPT_FAILED and the error holds no value', () => {
    const sealed = new AesGcmCipher(key).encrypt(plain);
    const err = decryptError(new AesGcmCipher(randomBytes(32)), sealed) as CipherError;

    expect(err.code).toBe('DECRYPT_FAILED');
    expect(err.message).not.toContain(sealed);
    expect(err.message).not.toContain('Jantje');
    expect(String(err.stack)).not.toContain(sealed.split(':')[3]!);
  });

  test.each(['', 'plain text', 'v2:a:b:c', 'v1:only:three', 'v1:AAAA:AAAA:AAAA'])(
    'When a malformed value %p is decrypted, then it fails with DECRYPT_FAILED',
    (sealed) => {
      expect((decryptError(new AesGcmCipher(key), sealed) as CipherError).code).toBe('DECRYPT_FAILED');
    },
  );

  test('When the key is not 32 bytes, then the cipher is refused with ENCRYPTION_KEY_INVALID', () => {
    expect(() => new AesGcmCipher(randomBytes(16))).toThrow(expect.objectContaining({ code: 'ENCRYPTION_KEY_INVALID' }));
  });
});
