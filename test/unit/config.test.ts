import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config';
import { ENV_KEYS, envSchema } from '../../src/config/env-schema';

function parseEnvFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** What production needs besides bot credentials (synthetic values). */
const PROD = { NODE_ENV: 'production', SIGNAALPUNTEN_FILE: 'deployment/signaalpunten.example.json', DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') };

describe('config', () => {
  const example = parseEnvFile(path.join(__dirname, '../../.env.example'));

  test('When .env.example is parsed with the schema, then it is valid', () => {
    expect(envSchema.safeParse(example).success).toBe(true);
  });

  test('When the schema has a key, then .env.example documents it (and the other way round)', () => {
    const schemaKeys = [...ENV_KEYS].sort();
    expect(Object.keys(example).sort()).toEqual(schemaKeys);
  });

  test('When only NODE_ENV=development is set, then development defaults apply and auth is off', () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    expect(config).toMatchObject({ env: 'development', port: 3978, dataDir: './data', defaultLocale: 'nl' });
    expect(config.bot.authDisabled).toBe(true);
    expect(config.playground.enabled).toBe(true);
  });

  test('When PLAYGROUND=0 or NODE_ENV is not development, then the playground is off', () => {
    expect(loadConfig({ NODE_ENV: 'development', PLAYGROUND: '0' }).playground.enabled).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).playground.enabled).toBe(false);
  });

  test('When production has no credentials, then start-up is refused with a readable message', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/MicrosoftAppId: is required in production/);
  });

  test('When production has an app id and secret, then auth is on', () => {
    const config = loadConfig({ ...PROD, MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw-synthetic', MicrosoftAppTenantId: 't' });
    expect(config.bot.authDisabled).toBe(false);
    expect(config.bot.appType).toBe('SingleTenant');
  });

  test('When production uses a managed identity, then a tenant is needed and no secret', () => {
    expect(() => loadConfig({ ...PROD, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppId: 'mi' })).toThrow(
      /MicrosoftAppTenantId/,
    );
    const ok = loadConfig({ ...PROD, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppId: 'mi', MicrosoftAppTenantId: 't' });
    expect(ok.bot.appType).toBe('UserAssignedMSI');
  });

  test('When production has no signaalpunten file or encryption key, then start-up is refused', () => {
    const creds = { MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw-synthetic', MicrosoftAppTenantId: 't' };
    expect(() => loadConfig({ ...PROD, ...creds, DATA_ENCRYPTION_KEY: '' })).toThrow(/DATA_ENCRYPTION_KEY: is required/);
    expect(() => loadConfig({ ...PROD, ...creds, DATA_ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow(/32 bytes/);
    expect(() => loadConfig({ ...PROD, ...creds, SIGNAALPUNTEN_FILE: '' })).toThrow(/SIGNAALPUNTEN_FILE/);
  });

  test('When OUTBOX_STUCK_AFTER_MS is unset, then /readyz calls the outbox stuck after 15 minutes; set, after that', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).signals.outboxStuckAfterMs).toBe(15 * 60_000);
    expect(loadConfig({ NODE_ENV: 'development', OUTBOX_STUCK_AFTER_MS: '300000' }).signals.outboxStuckAfterMs).toBe(300_000);
    // Shorter than a minute would call a busy worker stuck (it polls up to every 60 s).
    expect(() => loadConfig({ NODE_ENV: 'development', OUTBOX_STUCK_AFTER_MS: '5000' })).toThrow(/OUTBOX_STUCK_AFTER_MS/);
  });

  test('When a value is wrong, then the message names the key and value but never a secret', () => {
    try {
      loadConfig({ PORT: 'abc', NODE_ENV: 'production', MicrosoftAppId: 'x', MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'hidden-pw-123' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('"abc"');
      expect(message).not.toContain('hidden-pw-123');
    }
  });
});
