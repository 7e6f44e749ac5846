import fs from 'node:fs';
import path from 'node:path';
import { effectiveEnv, type Env, envSchema } from './env-schema';

/** The project folder (where package.json is), whether running from src/ (tests) or dist/src/. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** The parsed configuration the composition root passes around. */
export interface Config {
  /** development or test only when NODE_ENV asks for it and there are no bot credentials. */
  env: 'development' | 'test' | 'production';
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
    /** Conversation and user state, and remembered chats, are erased after this many days without a turn. */
    /** Old keys that only decrypt, during a key rotation (`npm run rotate-key`). */
    previousKeys: string[];
    stateIdleDays: number;
    /** Days a team roster entry counts without being seen again (ROSTER_TTL_DAYS). */
    rosterTtlDays: number;
    /** An open signal older than this is escalated to its team; `retentionDays` later its details are erased. */
    maxOpenDays: number;
    pdok?: { baseUrl: string; timeoutMs: number };
    /** requireTLS: STARTTLS must succeed (smtps: URLs use TLS from the start anyway). */
    mail?: { smtpUrl: string; from: string; requireTLS: boolean };
    webhookTimeoutMs: number;
    outboxPollMs: number;
    /** /readyz fails with OUTBOX_STUCK when the oldest due outbox message is older than this. */
    outboxStuckAfterMs: number;
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
    /** Apps (`azp`/`appid`) whose tokens are accepted: the Teams clients; empty: not checked. */
    allowedClientIds: string[];
    /**
     * The tab tried locally (/tab/dev): a stand-in Teams host and a local token issuer for a test user.
     * Only ever true in development; `demo` adds synthetic demo signals.
     */
    dev: { enabled: boolean; demo: boolean };
  };
  /** Edge security (issue 11): who may talk to the bot, and how much. */
  edge: {
    /** Channel ids accepted on /api/messages (with `emulator` added in development and test). */
    channels: string[];
    /** serviceUrl hosts accepted ("*.example.org" matches subdomains); loopback added in development and test. */
    serviceUrlHosts: string[];
    /** True outside production: the local stand-ins (playground, offline Direct Line, test stubs) are accepted. */
    allowLocalStandIns: boolean;
    /** Entra tenants whose Teams users may use the bot; empty means the signaalpunten file's tenant. */
    tenants: string[];
    reportsPerDay: number;
    messagesPerMinute: number;
    maxMessageChars: number;
    requestTimeoutMs: number;
    headersTimeoutMs: number;
    keepAliveTimeoutMs: number;
    maxConnections: number;
    turnQueueLimit: number;
    turnTimeoutMs: number;
  };
  /** The web chat page (/chat) and its token endpoint (issue 17). */
  chat: ChatConfig;
  /** OpenTelemetry export to Azure Monitor; undefined: no telemetry leaves the process. */
  telemetry?: { connectionString: string };
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

const SECRET_KEYS = new Set(['MicrosoftAppPassword', 'DATA_ENCRYPTION_KEY', 'SMTP_URL', 'CHAT_DIRECTLINE_SECRET', 'CHAT_USER_KEY', 'DATABASE_URL']);

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
    env: effectiveEnv(env),
    port: env.PORT,
    host: env.HOST ?? (effectiveEnv(env) === 'production' ? '0.0.0.0' : '127.0.0.1'),
    logLevel: env.LOG_LEVEL,
    dataDir: env.DATA_DIR,
    maxBodyBytes: env.MAX_BODY_BYTES,
    defaultLocale: env.DEFAULT_LOCALE,
    bot: {
      appType: env.MicrosoftAppType ?? (env.MicrosoftAppId ? 'SingleTenant' : undefined),
      appId: env.MicrosoftAppId,
      appPassword: env.MicrosoftAppPassword,
      tenantId: env.MicrosoftAppTenantId,
      authDisabled: !env.MicrosoftAppId,
    },
    playground: { enabled: env.PLAYGROUND && effectiveEnv(env) === 'development', port: env.PLAYGROUND_PORT },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    signals: {
      signaalpuntenFile: env.SIGNAALPUNTEN_FILE ?? path.join(projectRoot(), 'deployment/signaalpunten.example.json'),
      encryptionKey: env.DATA_ENCRYPTION_KEY,
      retentionDays: env.RETENTION_DAYS,
      previousKeys: (env.DATA_ENCRYPTION_KEY_PREVIOUS ?? '').split(',').map((k) => k.trim()).filter(Boolean),
      stateIdleDays: env.STATE_IDLE_DAYS,
      rosterTtlDays: env.ROSTER_TTL_DAYS,
      maxOpenDays: env.SIGNAL_MAX_OPEN_DAYS,
      pdok: env.PDOK_URL ? { baseUrl: env.PDOK_URL, timeoutMs: env.PDOK_TIMEOUT_MS } : undefined,
      mail: env.SMTP_URL ? { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM ?? 'signaalbot@localhost', requireTLS: env.MAIL_REQUIRE_TLS } : undefined,
      webhookTimeoutMs: env.WEBHOOK_TIMEOUT_MS,
      outboxPollMs: env.OUTBOX_POLL_MS,
      outboxStuckAfterMs: env.OUTBOX_STUCK_AFTER_MS,
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
      requiredScope: env.TAB_REQUIRED_SCOPE ?? (effectiveEnv(env) === 'production' ? 'access_as_user' : undefined),
      publicHost: env.PUBLIC_HOST,
      // Production: the Teams clients unless set; development and test: only when set (test tokens have no azp).
      allowedClientIds: effectiveEnv(env) === 'production' || source.TAB_ALLOWED_CLIENT_IDS?.trim() ? env.TAB_ALLOWED_CLIENT_IDS : [],
      dev: { enabled: env.TAB_DEV && effectiveEnv(env) === 'development', demo: env.TAB_DEV && env.TAB_DEV_DEMO && effectiveEnv(env) === 'development' },
    },
    edge: {
      channels: env.ALLOWED_CHANNELS.map((c) => c.toLowerCase()),
      serviceUrlHosts: env.ALLOWED_SERVICE_URL_HOSTS.map((h) => h.toLowerCase()),
      allowLocalStandIns: effectiveEnv(env) !== 'production',
      tenants: env.ALLOWED_TENANTS,
      reportsPerDay: env.REPORTS_PER_DAY,
      messagesPerMinute: env.MESSAGES_PER_MINUTE,
      maxMessageChars: env.MAX_MESSAGE_CHARS,
      requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
      headersTimeoutMs: env.HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: env.KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: env.MAX_CONNECTIONS,
      turnQueueLimit: env.TURN_QUEUE_LIMIT,
      turnTimeoutMs: env.TURN_TIMEOUT_MS,
    },
    chat: chatConfig(env),
    telemetry: env.APPLICATIONINSIGHTS_CONNECTION_STRING ? { connectionString: env.APPLICATIONINSIGHTS_CONNECTION_STRING } : undefined,
  };
}

function chatConfig(env: Env): ChatConfig {
  const local = env.CHAT_LOCAL_DIRECTLINE ?? (effectiveEnv(env) === 'development' && !env.CHAT_DIRECTLINE_SECRET);
  return {
    enabled: env.CHAT_PAGE,
    directLine: env.CHAT_DIRECTLINE_SECRET ? { secret: env.CHAT_DIRECTLINE_SECRET, baseUrl: env.CHAT_DIRECTLINE_URL.replace(/\/+$/, '') } : undefined,
    local: local && effectiveEnv(env) !== 'production' ? { port: env.CHAT_LOCAL_DIRECTLINE_PORT } : undefined,
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
