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
    ...CHAT_ENV,
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
  tab: {
    jwksUrl: string;
    /** Accepted token audiences; empty when the bot has no app id (the tab API is then off). */
    audience: string[];
    requiredScope?: string;
    publicHost?: string;
  };
  /** The web chat page (/chat) and its token endpoint (issue 17). */
  chat: ChatConfig;
}

export interface ChatConfig {
  /** Off: no /chat and no /api/chat/token. On without a Direct Line (production, no secret): the page says the chat is closed. */
  enabled: boolean;
  /** Azure Bot Service Direct Line (production). */
  directLine?: { secret: string; baseUrl: string };
  /** The local stand-in (offline-directline, a devDependency): development and tests only. */
  local?: { port: number };
  /** Other sites that may frame the page (frame-ancestors) and call the token endpoint (CORS). */
  allowedOrigins: string[];
  /** HMAC key for signed user ids; unset: derived from the data encryption key. */
  userKey?: string;
  userDays: number;
  ratePerIpPerMinute: number;
  ratePerUserPerMinute: number;
  municipality: string;
  logoUrl?: string;
  accentColour: string;
  privacyUrl?: string;
}

const SECRET_KEYS = new Set(['MicrosoftAppPassword', 'DATA_ENCRYPTION_KEY', 'SMTP_URL', 'CHAT_DIRECTLINE_SECRET', 'CHAT_USER_KEY']);

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
    chat: chatConfig(env),
  };
}

function chatConfig(env: Env): ChatConfig {
  const local = env.CHAT_LOCAL_DIRECTLINE ?? (env.NODE_ENV === 'development' && !env.CHAT_DIRECTLINE_SECRET);
  return {
    enabled: env.CHAT_PAGE,
    directLine: env.CHAT_DIRECTLINE_SECRET ? { secret: env.CHAT_DIRECTLINE_SECRET, baseUrl: env.CHAT_DIRECTLINE_URL.replace(/\/+$/, '') } : undefined,
    local: local && env.NODE_ENV !== 'production' ? { port: env.CHAT_LOCAL_DIRECTLINE_PORT } : undefined,
    allowedOrigins: env.CHAT_ALLOWED_ORIGINS,
    userKey: env.CHAT_USER_KEY,
    userDays: env.CHAT_USER_DAYS,
    ratePerIpPerMinute: env.CHAT_TOKEN_RATE_PER_IP,
    ratePerUserPerMinute: env.CHAT_TOKEN_RATE_PER_USER,
    municipality: env.CHAT_MUNICIPALITY,
    logoUrl: env.CHAT_LOGO_URL,
    accentColour: env.CHAT_ACCENT_COLOUR,
    privacyUrl: env.CHAT_PRIVACY_URL,
  };
}
