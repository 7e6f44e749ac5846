import type restify from 'restify';
import type { ChatConfig } from '../../config/config';
import type { Logger } from '../../ports/logger';
import type { Translations } from '../../ports/translator';
import { AzureDirectLineTokens, type DirectLineTokenSource, LocalDirectLineTokens } from './chat-directline';
import { type LocalDirectLine, startLocalDirectLine } from './chat-local-directline';
import { registerChatPage } from './chat-page';
import { registerChatToken } from './chat-token';
import { ChatUserIds, chatUserKey } from './chat-user-id';

export interface WebChatSetupOptions {
  config: ChatConfig;
  host: string;
  distDir: string;
  translations: Translations;
  logger: Logger;
  /** The data encryption key: the user-id HMAC key is derived from it when CHAT_USER_KEY is unset. */
  dataKey: Buffer;
  retentionDays: number;
}

export interface WebChatSetup {
  /** After the bot listens: starts the local Direct Line stand-in when configured. */
  start(botPort: number): Promise<void>;
  /** The local stand-in's port, when it runs. */
  localPort(): number | undefined;
  stop(): Promise<void>;
}

/** Registers /chat and /api/chat/token (issue 17) on the bot's server, as the configuration says. */
export function registerWebChat(server: restify.Server, options: WebChatSetupOptions): WebChatSetup {
  const { config, logger } = options;
  let local: LocalDirectLine | undefined;
  const off: WebChatSetup = { start: async () => undefined, localPort: () => undefined, stop: async () => undefined };
  if (!config.enabled) return off;

  let tokens: DirectLineTokenSource | undefined;
  if (config.directLine) tokens = new AzureDirectLineTokens(config.directLine);
  else if (config.local) tokens = new LocalDirectLineTokens(() => local?.port);
  else logger.warn({ code: 'CHAT_DIRECTLINE_OFF' }, 'operator: the web chat page has no Direct Line (set CHAT_DIRECTLINE_SECRET): it says the chat is closed');

  registerChatPage(server, {
    distDir: options.distDir,
    translations: options.translations,
    municipality: config.municipality,
    logoUrl: config.logoUrl,
    accentColour: config.accentColour,
    privacyUrl: config.privacyUrl,
    retentionDays: options.retentionDays,
    allowedOrigins: config.allowedOrigins,
    connectOrigins: tokens ? (host) => tokens.connectOrigins(host) : undefined,
  });
  if (!tokens) return off;
  registerChatToken(server, {
    tokens,
    users: new ChatUserIds(chatUserKey(config.userKey, options.dataKey), config.userDays),
    allowedOrigins: config.allowedOrigins,
    ratePerIpPerMinute: config.ratePerIpPerMinute,
    ratePerUserPerMinute: config.ratePerUserPerMinute,
    translations: options.translations,
    logger,
  });
  return {
    async start(botPort) {
      if (!config.local || config.directLine) return;
      // A busy port must not stop the bot: the page then says it cannot start the chat.
      local = await startLocalDirectLine({ port: config.local.port, host: options.host, botUrl: `http://127.0.0.1:${botPort}/api/messages`, logger }).catch(
        (error: Error & { code?: string }) => {
          logger.warn({ code: 'CHAT_LOCAL_DIRECTLINE_FAILED', errorCode: error.code }, 'the local Direct Line stand-in could not start (CHAT_LOCAL_DIRECTLINE_PORT busy?)');
          return undefined;
        },
      );
    },
    localPort: () => local?.port,
    stop: async () => {
      await local?.stop();
    },
  };
}
