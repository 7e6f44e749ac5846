import { createPool, tokenPassword } from '../../src/adapters/persistence/postgres/db';

describe('Entra ID token as the database password', () => {
  test('When the token is fresh, then it is reused; five minutes before it expires, a new one is fetched', async () => {
    let now = 1_000_000;
    let n = 0;
    const source = jest.fn(async () => ({ token: `token-${++n}`, expiresOnTimestamp: now + 60 * 60_000 }));
    const password = tokenPassword(source, () => now);
    expect(await password()).toBe('token-1');
    now += 50 * 60_000;
    expect(await password()).toBe('token-1');
    now += 6 * 60_000; // 4 minutes left: inside the refresh margin
    expect(await password()).toBe('token-2');
    expect(source).toHaveBeenCalledTimes(2);
  });

  test('When many connections ask at once, then one token is fetched for all of them', async () => {
    const source = jest.fn(async () => ({ token: 'shared', expiresOnTimestamp: Date.now() + 3_600_000 }));
    const password = tokenPassword(source);
    expect(await Promise.all([password(), password(), password()])).toEqual(['shared', 'shared', 'shared']);
    expect(source).toHaveBeenCalledTimes(1);
  });

  test('When the token source gives nothing or fails, then the password call fails and the next call tries again', async () => {
    const source = jest.fn<Promise<{ token: string; expiresOnTimestamp: number } | null>, []>().mockResolvedValueOnce(null).mockRejectedValueOnce(new Error('IMDS down'));
    source.mockResolvedValue({ token: 'late', expiresOnTimestamp: Date.now() + 3_600_000 });
    const password = tokenPassword(source);
    await expect(password()).rejects.toThrow('no access token');
    await expect(password()).rejects.toThrow('IMDS down');
    expect(await password()).toBe('late');
  });

  test('When a pool is made with TLS required and a token source, then it verifies the certificate and uses the password function', async () => {
    const password = tokenPassword(async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }));
    const pool = createPool({ url: 'postgres://app@db.example.org:5432/signaalbot', ssl: 'require', password, schema: 'signaalbot' });
    const options = (pool as unknown as { options: { ssl: unknown; password: unknown; options: string } }).options;
    expect(options.ssl).toEqual({ rejectUnauthorized: true });
    expect(options.password).toBe(password);
    expect(options.options).toBe('-c search_path=signaalbot');
    await pool.end();
    expect(() => createPool({ url: 'postgres://x@y/z', schema: 'bad; DROP TABLE' })).toThrow(RangeError);
  });
});
