import { ConfigError, loadConfig } from '../../src/config/config';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { linkCode } from '../../scripts/link-code';
import { startHarness } from '../helpers/app-harness';

/**
 * Issue 11, finding 3 (review M1): production must not run open by accident. The probe of the
 * review was a loadConfig matrix; these are its rows, with the answers they must have now.
 */
const KEY = Buffer.alloc(32, 7).toString('base64');
const CREDS = { MicrosoftAppId: '11111111-1111-1111-1111-111111111111', MicrosoftAppPassword: 'pw-synthetic1', MicrosoftAppTenantId: 'tenant-synthetic' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('production cannot run open by accident', () => {
  test('When NODE_ENV is unset and nothing else is set, then start-up is refused as production and says how to ask for development', () => {
    const found = problems({});
    expect(found.join('\n')).toMatch(/MicrosoftAppId: is required in production/);
    expect(found.join('\n')).toMatch(/NODE_ENV=development/);
  });

  test('When NODE_ENV is unset and bot credentials are set, then the production checks refuse the missing key and file', () => {
    const found = problems(CREDS).join('\n');
    expect(found).toMatch(/DATA_ENCRYPTION_KEY: is required in production/);
    expect(found).toMatch(/SIGNAALPUNTEN_FILE: is required in production/);
  });

  test('When NODE_ENV says development but bot credentials are set, then the production checks still apply', () => {
    expect(problems({ NODE_ENV: 'development', ...CREDS }).join('\n')).toMatch(/DATA_ENCRYPTION_KEY: is required in production/);
    const config = loadConfig({ NODE_ENV: 'development', ...CREDS, DATA_ENCRYPTION_KEY: KEY, SIGNAALPUNTEN_FILE: 'deployment/signaalpunten.example.json' });
    expect(config.env).toBe('production');
    expect(config.playground.enabled).toBe(false);
    expect(config.bot.authDisabled).toBe(false);
  });

  test('When development is asked for explicitly, then it listens on 127.0.0.1 by default', () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    expect(config).toMatchObject({ env: 'development', host: '127.0.0.1' });
    expect(config.bot.authDisabled).toBe(true);
  });

  test.each(['0.0.0.0', '::', '192.168.1.20', 'signaalbot.example.org'])(
    'When authentication is off and HOST is %p, then start-up is refused',
    (host) => {
      expect(problems({ NODE_ENV: 'development', HOST: host }).join('\n')).toMatch(/HOST: must be 127\.0\.0\.1, localhost or ::1/);
      expect(problems({ NODE_ENV: 'test', HOST: host }).join('\n')).toMatch(/HOST:/);
    },
  );

  test.each(['127.0.0.1', 'localhost', '::1'])('When authentication is off and HOST is the loopback %p, then it starts', (host) => {
    expect(loadConfig({ NODE_ENV: 'development', HOST: host }).host).toBe(host);
  });

  test('When the app runs without credentials and without a key, then auth-off and the dev key file are logged at error level', async () => {
    const h = await startHarness();
    try {
      const levels = h.logs.lines
        .map((l) => JSON.parse(l) as { code?: string; level: number })
        .filter((l) => l.code === 'AUTH_DISABLED' || l.code === 'DEV_ENCRYPTION_KEY')
        .map((l) => [l.code, l.level]);
      expect(levels).toEqual(expect.arrayContaining([['AUTH_DISABLED', 50], ['DEV_ENCRYPTION_KEY', 50]]));
    } finally {
      await h.close();
    }
  });

  test('When npm run link-code runs beside npm start without NODE_ENV, then --development makes it work, and without the flag it is production', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalbot-linkcode-'));
    try {
      const env = { DATA_DIR: dir, LOG_LEVEL: 'silent' };
      expect((await linkCode(['GM0718', '--development'], env)).ok).toBe(true);
      await expect(linkCode(['GM0718'], env)).rejects.toThrow(/MicrosoftAppId: is required in production/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
