import path from 'node:path';
import { type Config, projectRoot } from '../config/config';
import { registerWebChat, type WebChatSetup } from '../adapters/http/chat-setup';
import { createHttpServer, type HttpServer } from '../adapters/http/server';
import { outboxReadiness } from '../application/outbox-readiness';
import type { Attributes } from '../ports/telemetry';
import type { BotFeature } from './compose-bot';
import type { Core } from './compose-core';
import type { SignalFeature } from './compose-signals';
import { composeTab } from './compose-tab';

export interface HttpFeature {
  http: HttpServer;
  /** The web chat page for professionals outside Teams (issue 17). */
  webChat: WebChatSetup;
}

/** One server for everything: /api/messages, /readyz, the tab (pages and API) and the web chat page. */
export async function composeHttp(config: Config, core: Core, features: { bot: BotFeature; signals: SignalFeature }): Promise<HttpFeature> {
  const { logger, telemetry, stores, clock } = core;
  const { adapter, bot } = features.bot;
  const http = createHttpServer({
    maxBodyBytes: config.maxBodyBytes,
    limits: config.edge,
    logger,
    ready: async () => {
      if (!(await stores.checkHealth())) return { ok: false, reason: 'STORE_UNHEALTHY' };
      const outbox = await outboxReadiness(stores.outbox, clock.now(), config.signals.outboxStuckAfterMs);
      return outbox.ok ? { ok: true } : { ok: false, reason: outbox.reason };
    },
    messages: {
      process: (req, res) =>
        telemetry.span('bot.turn', turnAttributes(req.body, config.edge.channels), async (span) => {
          const started = performance.now();
          const answer = await adapter.handle(req.header('authorization') ?? '', req.body as Record<string, unknown>, (context) => bot.run(context));
          span.set({ 'http.status_code': answer.status });
          telemetry.record('signaalbot.turn.duration', performance.now() - started, { 'http.status_code': answer.status });
          res.status(answer.status);
          if (answer.body === undefined) res.end();
          else res.json(answer.body);
        }),
    },
  });
  await composeTab(http.server, config, core, features.signals);
  const webChat = registerWebChat(http.server, {
    config: config.chat,
    host: config.host,
    distDir: path.join(projectRoot(), 'dist', 'webchat'),
    translations: core.translations,
    logger,
    dataKey: core.key,
    retentionDays: config.signals.retentionDays,
  });
  return { http, webChat };
}

const ACTIVITY_TYPES = new Set(['message', 'invoke', 'conversationUpdate', 'messageReaction', 'installationUpdate', 'event', 'typing']);

/** A turn's channel and activity type, from closed lists (the body is not yet authenticated). */
function turnAttributes(body: unknown, channels: string[]): Attributes {
  const activity = (typeof body === 'object' && body !== null ? body : {}) as { channelId?: unknown; type?: unknown };
  const channel = typeof activity.channelId === 'string' && [...channels, 'emulator'].includes(activity.channelId) ? activity.channelId : 'other';
  const type = typeof activity.type === 'string' && ACTIVITY_TYPES.has(activity.type) ? activity.type : 'other';
  return { channel, 'activity.type': type };
}
