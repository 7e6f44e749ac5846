import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The project folder (where package.json is), whether running from src/ (tests) or dist/src/. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** Turns "", undefined into undefined so optional keys in .env files may be left empty. */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const booleanFlag = (fallback: boolean) =>
  z
    .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : ['1', 'true', 'yes'].includes(v)));

/**
 * The one schema over the environment. Every key is documented in `.env.example`;
 * a test parses that file with this schema.
 */
const envObject = z.object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATA_DIR: z.string().trim().min(1).default('./data'),
    MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(256_000),
    DEFAULT_LOCALE: z.enum(['nl', 'en']).default('nl'),
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI', '']).optional()
      .transform((v) => (v === '' || v === undefined ? undefined : v)),
    MicrosoftAppId: optionalString,
    MicrosoftAppPassword: optionalString,
    MicrosoftAppTenantId: optionalString,
    PLAYGROUND: booleanFlag(true),
    PLAYGROUND_PORT: z.coerce.number().int().min(1).max(65535).default(56150),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    SIGNAALPUNTEN_FILE: optionalString,
    DATA_ENCRYPTION_KEY: optionalString,
    RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    PDOK_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    PDOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3000),
    SMTP_URL: optionalString,
    MAIL_FROM: optionalString.pipe(z.email().optional()),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
    MAINTENANCE_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(600_000),
    CIRCLE_SCHEDULER: booleanFlag(true),
    TAB_JWKS_URL: z.url({ protocol: /^https?$/ }).default('https://login.microsoftonline.com/common/discovery/v2.0/keys'),
    TAB_AUDIENCE: optionalString,
    TAB_REQUIRED_SCOPE: optionalString,
    PUBLIC_HOST: optionalString.pipe(
      z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'a host name only, like signaalbot.example.org').optional(),
    ),
    // --- PostgreSQL (issue 15, ADR 0015): set DATABASE_URL to run on a server instead of lowdb ---
    DATABASE_URL: optionalString.pipe(z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL').optional()),
    DATABASE_SSL: z.enum(['', 'off', 'require', 'no-verify']).optional().transform((v) => (v === '' ? undefined : v)),
    DATABASE_AUTH: z.enum(['', 'password', 'azure-managed-identity']).optional().transform((v) => (v === '' || v === undefined ? 'password' : v)),
    DATABASE_SCHEMA: optionalString.pipe(z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _').optional()),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
});

/** Every key the schema knows (a test checks that .env.example documents exactly these). */
export const ENV_KEYS = Object.keys(envObject.shape);

export const envSchema = envObject.superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    const managedIdentity = env.MicrosoftAppType === 'UserAssignedMSI';
    if (!env.MicrosoftAppId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppId'], message: 'is required in production' });
    }
    if (managedIdentity && !env.MicrosoftAppTenantId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'is required for a managed identity' });
    }
    if (!managedIdentity && !env.MicrosoftAppPassword) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message: 'is required in production (or set MicrosoftAppType=UserAssignedMSI with a managed identity)',
      });
    }
    if (!env.SIGNAALPUNTEN_FILE) {
      ctx.addIssue({ code: 'custom', path: ['SIGNAALPUNTEN_FILE'], message: 'is required in production' });
    }
    if (!env.DATA_ENCRYPTION_KEY) {
      ctx.addIssue({ code: 'custom', path: ['DATA_ENCRYPTION_KEY'], message: 'is required in production (32 random bytes, base64)' });
    } else if (Buffer.from(env.DATA_ENCRYPTION_KEY, 'base64').length !== 32) {
      ctx.addIssue({ code: 'custom', path: ['DATA_ENCRYPTION_KEY'], message: 'must be 32 bytes in base64' });
    }
    if (env.MicrosoftAppType === 'SingleTenant' && !env.MicrosoftAppTenantId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'is required for SingleTenant' });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** The parsed configuration the composition root passes around. */
export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  logLevel: Env['LOG_LEVEL'];
  dataDir: string;
  maxBodyBytes: number;
  defaultLocale: Env['DEFAULT_LOCALE'];
  bot: {
    appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    appId?: string;
    appPassword?: string;
    tenantId?: string;
    /** True when no credentials are set: incoming activities are not authenticated. */
    authDisabled: boolean;
  };
  playground: { enabled: boolean; port: number };
  shutdownTimeoutMs: number;
  signals: {
    /** The signaalpunten file; in development the example in deployment/ when unset. */
    signaalpuntenFile: string;
    encryptionKey?: string;
    retentionDays: number;
    pdok?: { baseUrl: string; timeoutMs: number };
    mail?: { smtpUrl: string; from: string };
    webhookTimeoutMs: number;
    outboxPollMs: number;
    maintenanceIntervalMs: number;
  };
  circles: {
    /** The per-minute node-cron tick of the call-circle scheduler (off: nothing is sent on time). */
    schedulerEnabled: boolean;
  };
  /** PostgreSQL instead of the embedded lowdb files (undefined: lowdb in DATA_DIR). */
  database?: {
    url: string;
    /** TLS to the server; 'require' (verified) is the default in production. */
    ssl: 'off' | 'require' | 'no-verify';
    /** 'azure-managed-identity': an Entra ID token is the password (Azure Database for PostgreSQL). */
    auth: 'password' | 'azure-managed-identity';
    schema?: string;
    poolMax: number;
  };
  tab: {
    jwksUrl: string;
    /** Accepted token audiences; empty when the bot has no app id (the tab API is then off). */
    audience: string[];
    requiredScope?: string;
    publicHost?: string;
  };
}

const SECRET_KEYS = new Set(['MicrosoftAppPassword', 'DATA_ENCRYPTION_KEY', 'SMTP_URL', 'DATABASE_URL']);

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once. Throws a ConfigError that never contains secret values. */
export function loadConfig(source: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const key = issue.path.join('.') || '(environment)';
        const shown = SECRET_KEYS.has(key) ? '' : ` (got ${JSON.stringify(source[key] ?? null)})`;
        return `${key}: ${issue.message}${shown}`;
      }),
    );
  }
  const env = result.data;
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    dataDir: env.DATA_DIR,
    maxBodyBytes: env.MAX_BODY_BYTES,
    defaultLocale: env.DEFAULT_LOCALE,
    bot: {
      appType: env.MicrosoftAppType,
      appId: env.MicrosoftAppId,
      appPassword: env.MicrosoftAppPassword,
      tenantId: env.MicrosoftAppTenantId,
      authDisabled: !env.MicrosoftAppId,
    },
    playground: { enabled: env.PLAYGROUND && env.NODE_ENV === 'development', port: env.PLAYGROUND_PORT },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    signals: {
      signaalpuntenFile: env.SIGNAALPUNTEN_FILE ?? path.join(projectRoot(), 'deployment/signaalpunten.example.json'),
      encryptionKey: env.DATA_ENCRYPTION_KEY,
      retentionDays: env.RETENTION_DAYS,
      pdok: env.PDOK_URL ? { baseUrl: env.PDOK_URL, timeoutMs: env.PDOK_TIMEOUT_MS } : undefined,
      mail: env.SMTP_URL ? { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM ?? 'signaalbot@localhost' } : undefined,
      webhookTimeoutMs: env.WEBHOOK_TIMEOUT_MS,
      outboxPollMs: env.OUTBOX_POLL_MS,
      maintenanceIntervalMs: env.MAINTENANCE_INTERVAL_MS,
    },
    circles: { schedulerEnabled: env.CIRCLE_SCHEDULER },
    database: env.DATABASE_URL
      ? {
          url: env.DATABASE_URL,
          ssl: env.DATABASE_SSL ?? (env.NODE_ENV === 'production' ? 'require' : 'off'),
          auth: env.DATABASE_AUTH,
          schema: env.DATABASE_SCHEMA,
          poolMax: env.DATABASE_POOL_MAX,
        }
      : undefined,
    tab: {
      jwksUrl: env.TAB_JWKS_URL,
      audience: env.TAB_AUDIENCE
        ? env.TAB_AUDIENCE.split(',').map((a) => a.trim()).filter(Boolean)
        : env.MicrosoftAppId
          ? [env.MicrosoftAppId, ...(env.PUBLIC_HOST ? [`api://${env.PUBLIC_HOST}/${env.MicrosoftAppId}`] : [])]
          : [],
      requiredScope: env.TAB_REQUIRED_SCOPE,
      publicHost: env.PUBLIC_HOST,
    },
  };
}
