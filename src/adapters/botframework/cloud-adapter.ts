import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../../config/config';
import type { Logger } from '../../ports/logger';
import type { Translations } from '../../ports/translator';
import { localeFromTag } from '../../i18n/i18n';

/** The issuer of the tokens the Bot Framework channels (Teams, Direct Line) send the bot (public cloud). */
export const CHANNEL_TOKEN_ISSUER = 'https://api.botframework.com';

type AuthConfiguration = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[2]>;
type Claim = { type: string; value: string };

/**
 * Claims validation that accepts channel tokens only (issue 11, review M2). botbuilder also takes
 * "emulator" tokens: any token of the Bot Framework or Microsoft tenants whose appid is the bot's,
 * with no audience or serviceUrl binding, so a replayed outbound Connector token would pass.
 * A channel token is issued by api.botframework.com for the bot's app id as audience.
 */
export function channelTokensOnly(appId: string): AuthConfiguration {
  return {
    requiredEndorsements: [],
    validateClaims: async (claims: Claim[]) => {
      const claim = (type: string) => claims.find((c) => c.type === type)?.value;
      if (claim('iss') !== CHANNEL_TOKEN_ISSUER || claim('aud') !== appId) throw new EdgeRefusal(401, 'NOT_A_CHANNEL_TOKEN');
    },
  } as AuthConfiguration;
}

/** An inbound request the edge refuses: a fixed status and code, never internal text. */
export class EdgeRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
    this.name = 'EdgeRefusal';
  }
}

/** Which sources may send activities (config `edge`). */
export interface ActivitySources {
  /** Channel ids (lower case). */
  channels: string[];
  /** serviceUrl hosts; "*.example.org" matches any subdomain. */
  serviceUrlHosts: string[];
  /** Development and test: the local stand-ins (channel `emulator`, http on loopback) too. */
  allowLocalStandIns: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function hostAllowed(host: string, allowed: string[]): boolean {
  return allowed.some((pattern) => (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern));
}

/** Why an activity's channel or serviceUrl is not accepted, or undefined when it is. */
export function refusedSource(activity: Pick<Activity, 'channelId' | 'serviceUrl'>, sources: ActivitySources): string | undefined {
  const channel = (activity.channelId ?? '').toLowerCase();
  let url: URL;
  try {
    url = new URL(activity.serviceUrl ?? '');
  } catch {
    return 'SERVICE_URL_INVALID';
  }
  const host = url.hostname.toLowerCase();
  const local = sources.allowLocalStandIns && LOOPBACK.has(host) && (url.protocol === 'http:' || url.protocol === 'https:');
  if (!sources.channels.includes(channel) && !(sources.allowLocalStandIns && channel === 'emulator')) return 'CHANNEL_NOT_ALLOWED';
  if (local) return undefined;
  if (url.protocol !== 'https:' || url.username || url.password || !hostAllowed(host, sources.serviceUrlHosts)) return 'SERVICE_URL_NOT_ALLOWED';
  return undefined;
}

export interface AdapterOptions {
  bot: Config['bot'];
  logger: Logger;
  translations: Translations;
  defaultLocale: Config['defaultLocale'];
  sources: ActivitySources;
  /** Tests: local OpenID metadata instead of Microsoft's (botbuilder's own option names). */
  openIdMetadata?: { channel: string; emulator: string };
}

/**
 * CloudAdapter with ConfigurationBotFrameworkAuthentication. Without an app id botbuilder skips
 * token validation (development on loopback only, see config); with one, only channel tokens
 * pass, and an activity without a valid token gets 401.
 */
export class SignaalCloudAdapter extends CloudAdapter {
  constructor(private readonly options: AdapterOptions) {
    const { bot } = options;
    const settings: ConfigurationBotFrameworkAuthenticationOptions = {
      MicrosoftAppId: bot.appId ?? '',
      MicrosoftAppPassword: bot.appPassword ?? '',
      // Without an app id (auth off) botbuilder wants MultiTenant; config makes an app id SingleTenant by default.
      MicrosoftAppType: bot.appType ?? 'MultiTenant',
      MicrosoftAppTenantId: bot.tenantId ?? '',
      // Setting one of these makes botbuilder take all of them from here: the public cloud's values.
      ...(options.openIdMetadata
        ? {
            ToBotFromChannelOpenIdMetadataUrl: options.openIdMetadata.channel,
            ToBotFromEmulatorOpenIdMetadataUrl: options.openIdMetadata.emulator,
            ToBotFromChannelTokenIssuer: CHANNEL_TOKEN_ISSUER,
            ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
            ToChannelFromBotOAuthScope: 'https://api.botframework.com',
            OAuthUrl: 'https://api.botframework.com',
            CallerId: 'urn:botframework:azure',
            ValidateAuthority: true,
          }
        : {}),
    };
    super(new ConfigurationBotFrameworkAuthentication(settings, undefined, bot.appId ? channelTokensOnly(bot.appId) : undefined));
  }

  /**
   * Authenticates one inbound activity and runs the logic for it. Unlike botbuilder's `process`,
   * a failure never answers with internal text or writes to the console: a bad or missing token
   * gets 401, a refused source 403, anything else 500, each with a fixed code.
   * @returns the status and body to answer with
   */
  async handle(authHeader: string, body: Record<string, unknown>, logic: (context: TurnContext) => Promise<void>): Promise<{ status: number; body?: unknown }> {
    const activity = withDates(body);
    let started = false;
    let refused: string | undefined;
    try {
      // Errors inside the logic go to onTurnError (botbuilder's middleware); what reaches this
      // catch is authentication (before the logic started) or the error handler failing.
      const invoke = await this.processActivity(authHeader, activity, async (context) => {
        started = true;
        refused = refusedSource(context.activity, this.options.sources);
        if (!refused) await logic(context);
      });
      if (refused) return this.refuse(activity, 403, refused);
      return { status: invoke?.status ?? 200, body: invoke?.body };
    } catch (error) {
      const refusal = error instanceof EdgeRefusal ? error : undefined;
      return this.refuse(
        activity,
        refusal?.status ?? (started ? 500 : 401),
        refusal?.code ?? (started ? 'TURN_FAILED' : 'UNAUTHORIZED'),
        (error as Error).name,
      );
    }
  }

  private refuse(activity: Activity, status: number, code: string, errorName?: string): { status: number; body: unknown } {
    this.options.logger.warn(
      { status, code, errorName, channelId: activity.channelId, conversationId: activity.conversation?.id },
      'inbound activity refused',
    );
    return { status, body: { error: { code } } };
  }
}

/**
 * Sends console.error/console.warn (botbuilder's token code writes stack traces and key PEMs
 * there) through the logger at debug level: first line only, at most 200 characters.
 * @returns a function that puts the console back (the app's stop()).
 */
export function routeConsoleToLogger(logger: Logger): () => void {
  const original = { error: console.error, warn: console.warn };
  const route = (stream: 'error' | 'warn') => (...args: unknown[]) => {
    const first = args[0];
    const line = (first instanceof Error ? `${first.name}: ${first.message}` : String(first)).split('\n')[0]!.slice(0, 200);
    logger.debug({ code: 'LIBRARY_CONSOLE', stream, detail: line }, 'library console output');
  };
  console.error = route('error');
  console.warn = route('warn');
  return () => {
    console.error = original.error;
    console.warn = original.warn;
  };
}

/** What botbuilder's `process` does to the JSON body before a turn: dates as Date, the raw text kept. */
function withDates(body: Record<string, unknown>): Activity {
  const activity = body as Record<string, unknown>;
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['expiration', 'rawExpiration'], ['localTimestamp', 'rawLocalTimestamp']] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity as unknown as Activity;
}

/** The adapter with the bot's error reply (one per app). */
export function createCloudAdapter(options: AdapterOptions): SignaalCloudAdapter {
  const { logger, translations, defaultLocale } = options;
  const adapter = new SignaalCloudAdapter(options);

  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // A refusal (queue full, tenant) is an answer for the HTTP edge, not a failed turn.
    if (error instanceof EdgeRefusal) throw error;
    logger.error(
      {
        code: 'TURN_ERROR',
        errorName: error.name,
        errorCode: (error as Error & { code?: string }).code,
        activityType: context.activity.type,
        conversationId: context.activity.conversation?.id,
        channelId: context.activity.channelId,
      },
      'unhandled error in turn',
    );
    if (context.activity.type === 'message') {
      const t = translations.forLocale(localeFromTag(context.activity.locale) ?? defaultLocale);
      await context.sendActivity(t.t('common:errors.generic')).catch((sendError: Error) =>
        logger.warn({ code: 'ERROR_REPLY_FAILED', errorName: sendError.name }, 'could not tell the user about an error'),
      );
    }
  };
  return adapter;
}

/** The part of botbuilder's ConnectorClient the proactive sends use (the type is not exported by botbuilder). */
export interface ProactiveConnector {
  conversations: { createConversation(parameters: unknown): Promise<{ id?: string; activityId?: string }> };
}

/** What the connector client is under botbuilder's typings (`client` is private there, but stable in 4.23). */
interface ConnectorInternals {
  client?: { pipeline?: { removePolicy(options: { phase: 'Retry' }): unknown } };
}

/**
 * The connector client of a proactive turn, with the HTTP pipeline's own retries turned off.
 *
 * botbuilder 4.23's connector (@azure/core-client) retries 429 (after Retry-After) and 5xx by
 * itself, up to 3 times and out of the caller's sight: the outbox worker's pacing never learned
 * that Teams throttled it, and a lane sat waiting inside one "send" (issue 6). The client has no
 * option for this (botbuilder-stdlib passes no retryOptions), so the `Retry` phase is removed
 * from this one client's pipeline; a 429 or 5xx now reaches the worker, which honours Retry-After
 * and paces that conversation. Inbound turns keep the retries: their clients are other instances.
 * @throws Error when the pipeline is not where botbuilder 4.23 keeps it (a botbuilder upgrade): loud, not silent
 */
export function connectorWithoutRetries(context: TurnContext): ProactiveConnector {
  const key = (context.adapter as CloudAdapter).ConnectorClientKey;
  const connector = context.turnState.get<ProactiveConnector | undefined>(key);
  const pipeline = (connector as unknown as ConnectorInternals | undefined)?.client?.pipeline;
  if (!connector || !pipeline) throw new Error('botbuilder connector pipeline not found: cannot turn off its hidden retries');
  pipeline.removePolicy({ phase: 'Retry' });
  return connector;
}
