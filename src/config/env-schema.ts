// The environment's one zod schema (every key, its default and limits, the production checks), apart from loading it.
import { z } from 'zod';

/** Turns "", undefined into undefined so optional keys in .env files may be left empty. */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** A comma-separated list ("a, b,c"); empty or unset gives the fallback. */
const listOf = (fallback: string[]) =>
  z
    .string()
    .optional()
    .transform((v) => {
      const items = (v ?? '').split(',').map((item) => item.trim()).filter(Boolean);
      return items.length > 0 ? items : fallback;
    });

/** Host names the server may listen on while authentication is off. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Where Teams and Direct Line send activities from (their serviceUrl hosts). */
export const DEFAULT_SERVICE_URL_HOSTS = ['smba.trafficmanager.net', '*.botframework.com', '*.teams.microsoft.com'];
/** Teams and Direct Line (Web Chat) channels. */
export const DEFAULT_CHANNELS = ['msteams', 'directline', 'webchat'];
/** The Teams desktop/web and mobile clients: the only apps whose tokens the tab API accepts (`azp`). */
export const TEAMS_CLIENT_IDS = ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'];

const booleanFlag = (fallback: boolean) =>
  z
    .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : ['1', 'true', 'yes'].includes(v)));

// ---- Web chat page (/chat, issue 17): its own keys, all CHAT_*. -------------------------------
const origin = z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin);
const CHAT_ENV = {
  CHAT_PAGE: booleanFlag(true),
  CHAT_DIRECTLINE_SECRET: optionalString,
  CHAT_DIRECTLINE_URL: z.url({ protocol: /^https?$/ }).default('https://directline.botframework.com/v3/directline'),
  CHAT_LOCAL_DIRECTLINE: z.enum(['0', '1', 'true', 'false', 'yes', 'no', '']).optional()
    .transform((v) => (v === undefined || v === '' ? undefined : ['1', 'true', 'yes'].includes(v))),
  CHAT_LOCAL_DIRECTLINE_PORT: z.coerce.number().int().min(0).max(65535).default(3979),
  CHAT_ALLOWED_ORIGINS: z.string().trim().default('')
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(origin)),
  CHAT_USER_KEY: optionalString,
  CHAT_USER_DAYS: z.coerce.number().int().min(1).max(730).default(180),
  CHAT_TOKEN_RATE_PER_IP: z.coerce.number().int().min(1).max(10_000).default(30),
  CHAT_TOKEN_RATE_PER_USER: z.coerce.number().int().min(1).max(1000).default(10),
  CHAT_MUNICIPALITY: z.string().trim().min(1).max(80).default('Gemeente Voorbeeld'),
  CHAT_LOGO_URL: optionalString.pipe(z.string().regex(/^(https:\/\/|\/)[^\s"'<>]*$/, 'an https URL or a path on this server').optional()),
  CHAT_ACCENT_COLOUR: z.string().trim().regex(/^#[0-9a-f]{6}$/i, 'a colour like #0b5394').default('#0b5394'),
  CHAT_PRIVACY_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
};

/**
 * The one schema over the environment. Every key is documented in `.env.example`;
 * a test parses that file with this schema.
 */
const envObject = z.object({
    // Unset means production: development (auth off, dev key file, playground) must be asked for.
    NODE_ENV: z.enum(['development', 'test', 'production']).optional(),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    HOST: optionalString,
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
    // Retention of bot state and open signals (issue 11, erasure).
    DATA_ENCRYPTION_KEY_PREVIOUS: optionalString,
    STATE_IDLE_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    SIGNAL_MAX_OPEN_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
    // Team roster entries not seen again (daily roster read, conversationUpdate) expire (issue 11).
    ROSTER_TTL_DAYS: z.coerce.number().int().min(2).max(365).default(14),
    PDOK_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    PDOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3000),
    SMTP_URL: optionalString,
    MAIL_FROM: optionalString.pipe(z.email().optional()),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
    // /readyz fails with OUTBOX_STUCK past this age of the oldest due message; at least a minute,
    // since the worker may poll only once a minute and a busy worker is not a stuck one.
    OUTBOX_STUCK_AFTER_MS: z.coerce.number().int().min(60_000).max(86_400_000).default(15 * 60_000),
    MAINTENANCE_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(600_000),
    CIRCLE_SCHEDULER: booleanFlag(true),
    TAB_JWKS_URL: z.url({ protocol: /^https?$/ }).default('https://login.microsoftonline.com/common/discovery/v2.0/keys'),
    TAB_AUDIENCE: optionalString,
    TAB_REQUIRED_SCOPE: optionalString,
    // Development only: the tab at /tab/dev with a stand-in Teams host and a local test user's token.
    TAB_DEV: booleanFlag(true),
    TAB_DEV_DEMO: booleanFlag(false),
    PUBLIC_HOST: optionalString.pipe(
      z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'a host name only, like signaalbot.example.org').optional(),
    ),
    // --- edge security (issue 11: who may talk to the bot, and how much) ---
    ALLOWED_CHANNELS: listOf(DEFAULT_CHANNELS),
    ALLOWED_SERVICE_URL_HOSTS: listOf(DEFAULT_SERVICE_URL_HOSTS),
    ALLOWED_TENANTS: listOf([]),
    REPORTS_PER_DAY: z.coerce.number().int().min(1).max(1000).default(5),
    MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(120),
    MAX_MESSAGE_CHARS: z.coerce.number().int().min(100).max(20_000).default(4000),
    REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(15_000),
    HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(10_000),
    KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
    MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100_000).default(500),
    TURN_QUEUE_LIMIT: z.coerce.number().int().min(1).max(1000).default(20),
    TURN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
    TAB_ALLOWED_CLIENT_IDS: listOf(TEAMS_CLIENT_IDS),
    MAIL_REQUIRE_TLS: booleanFlag(true),
    ...CHAT_ENV,
    // --- PostgreSQL (issue 15, ADR 0015): set DATABASE_URL to run on a server instead of lowdb ---
    DATABASE_URL: optionalString.pipe(z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL').optional()),
    DATABASE_SSL: z.enum(['', 'off', 'require', 'no-verify']).optional().transform((v) => (v === '' ? undefined : v)),
    DATABASE_AUTH: z.enum(['', 'password', 'azure-managed-identity']).optional().transform((v) => (v === '' || v === undefined ? 'password' : v)),
    DATABASE_SCHEMA: optionalString.pipe(z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _').optional()),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    // --- Telemetry (issue 16): traces and metrics to Azure Monitor; unset means off ---
    APPLICATIONINSIGHTS_CONNECTION_STRING: optionalString.pipe(
      z.string().regex(/InstrumentationKey=[0-9a-f-]{36}/i, 'an Application Insights connection string (InstrumentationKey=...;IngestionEndpoint=...)').optional(),
    ),
});

/** Every key the schema knows (a test checks that .env.example documents exactly these). */
export const ENV_KEYS = Object.keys(envObject.shape);

/** True when the bot has credentials: then it talks to real channels and runs as production, whatever NODE_ENV says. */
function hasCredentials(env: z.infer<typeof envObject>): boolean {
  return Boolean(env.MicrosoftAppId || env.MicrosoftAppPassword);
}

/** production unless NODE_ENV asks for development or test and there are no bot credentials. */
export function effectiveEnv(env: z.infer<typeof envObject>): 'development' | 'test' | 'production' {
  if (!env.NODE_ENV || hasCredentials(env)) return 'production';
  return env.NODE_ENV;
}

export const envSchema = envObject.superRefine((env, ctx) => {
    if (effectiveEnv(env) !== 'production') {
      // Without credentials nothing is authenticated: only this machine may talk to the bot.
      const host = env.HOST ?? '127.0.0.1';
      if (!LOOPBACK_HOSTS.has(host.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          path: ['HOST'],
          message: 'must be 127.0.0.1, localhost or ::1 while authentication is off (no MicrosoftAppId); set bot credentials to listen elsewhere',
        });
      }
      return;
    }
    const managedIdentity = env.MicrosoftAppType === 'UserAssignedMSI';
    if (!env.MicrosoftAppId) {
      const why = env.NODE_ENV ? '' : ' (NODE_ENV is not set, so this is production; set NODE_ENV=development to try the bot locally)';
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppId'], message: `is required in production${why}` });
    }
    if (!managedIdentity && !env.MicrosoftAppPassword) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message: 'is required in production (or set MicrosoftAppType=UserAssignedMSI with a managed identity)',
      });
    }
    if (!env.MicrosoftAppTenantId) {
      const why = managedIdentity ? 'for a managed identity' : `for ${env.MicrosoftAppType ?? 'SingleTenant'} (the default app type)`;
      if (managedIdentity || env.MicrosoftAppType !== 'MultiTenant') {
        ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: `is required ${why}` });
      }
    }
    if (!env.SIGNAALPUNTEN_FILE) {
      ctx.addIssue({ code: 'custom', path: ['SIGNAALPUNTEN_FILE'], message: 'is required in production' });
    }
    if (!env.DATA_ENCRYPTION_KEY) {
      ctx.addIssue({ code: 'custom', path: ['DATA_ENCRYPTION_KEY'], message: 'is required in production (32 random bytes, base64)' });
    } else if (Buffer.from(env.DATA_ENCRYPTION_KEY, 'base64').length !== 32) {
      ctx.addIssue({ code: 'custom', path: ['DATA_ENCRYPTION_KEY'], message: 'must be 32 bytes in base64' });
    }
    // Web chat page: the local Direct Line stand-in is a devDependency, never in production.
    if (env.CHAT_LOCAL_DIRECTLINE) {
      ctx.addIssue({ code: 'custom', path: ['CHAT_LOCAL_DIRECTLINE'], message: 'is for development only' });
    }
    if (env.CHAT_PAGE && env.CHAT_DIRECTLINE_SECRET && !env.CHAT_PRIVACY_URL) {
      ctx.addIssue({ code: 'custom', path: ['CHAT_PRIVACY_URL'], message: "is required in production for the web chat page (the municipality's privacy statement)" });
    }
    if (env.CHAT_USER_KEY && Buffer.from(env.CHAT_USER_KEY, 'base64').length < 32) {
      ctx.addIssue({ code: 'custom', path: ['CHAT_USER_KEY'], message: 'must be at least 32 bytes in base64' });
    }
  });

export type Env = z.infer<typeof envSchema>;
