import { type ConversationReference, ConversationState, UserState } from 'botbuilder';
import type { Config } from '../config/config';
import type { SignaalpuntenConfig } from '../domain/routing';
import { createCloudAdapter, type SignaalCloudAdapter } from '../adapters/botframework/cloud-adapter';
import { ProactiveSender } from '../adapters/botframework/proactive-sender';
import { RosterSync } from '../adapters/botframework/roster-sync';
import { SignaalBot } from '../adapters/botframework/signaal-bot';
import { TeamChannel } from '../adapters/botframework/team-channel';
import type { LinkStore } from '../ports/signals';
import type { Logger } from '../ports/logger';
import { RootDialog } from '../../dialogs/root.dialog';
import { translatorOf } from '../../dialogs/turn-context';
import { OBSERVATION_PROPERTY, PROFILE_PROPERTY, type Observation, type UserProfile } from '../../dialogs/user-profile';
import type { CirclesFeature } from './compose-circles';
import type { Core } from './compose-core';
import type { SignalFeature } from './compose-signals';

export interface BotOptions {
  /** Tests: local OpenID metadata documents for inbound Bot Framework tokens. */
  openIdMetadata?: { channel: string; emulator: string };
}

/** The Bot Framework side: the adapter that authenticates turns, the bot that runs them, proactive sends. */
export interface BotFeature {
  adapter: SignaalCloudAdapter;
  bot: SignaalBot;
  /** Proactive sends (the delivery channels use it). */
  sender: ProactiveSender;
  /** Reads every linked team's roster again (daily, and by tests). */
  refreshRosters(): Promise<void>;
}

export function composeBot(config: Config, core: Core, features: { signals: SignalFeature; circles: CirclesFeature }, options: BotOptions = {}): BotFeature {
  const { logger, translations, storage, chats, stores } = core;
  const { signals, circles } = features;
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const adapter = createCloudAdapter({
    bot: config.bot,
    logger,
    translations,
    defaultLocale: config.defaultLocale,
    sources: config.edge,
    openIdMetadata: options.openIdMetadata,
  });
  const rosterSync = new RosterSync(stores.roster, logger);
  const rootDialog = new RootDialog({
    profile: userState.createProperty<UserProfile>(PROFILE_PROPERTY),
    observation: conversationState.createProperty<Observation>(OBSERVATION_PROPERTY),
    translations,
    logger,
    report: signals.report,
    circles: circles.circles,
    rememberChat: (context) => chats.rememberTurn(context, translatorOf(context).locale),
  });
  const bot = new SignaalBot({
    conversationState,
    userState,
    stateStorage: storage,
    rootDialog,
    translations,
    defaultLocale: config.defaultLocale,
    logger,
    teamChannel: new TeamChannel({
      links: signals.links,
      actions: signals.actions,
      config: core.spConfig,
      logger,
      teamTranslator: translations.forLocale(config.defaultLocale),
      onLinked: (context) => rosterSync.refresh(context),
      isTeamMember: (context, teamId, tenantId, aadObjectId) => rosterSync.isMember(context, teamId, tenantId, aadObjectId),
    }),
    links: signals.links,
    rosterSync,
    limits: config.edge,
    allowedTenants: allowedTenants(config, core.signaalpunten),
  });
  const appId = config.bot.appId ?? '';
  return {
    adapter,
    bot,
    sender: new ProactiveSender({ adapter, appId }),
    refreshRosters: () => refreshRosters({ adapter, appId, links: stores.links, rosterSync, logger }),
  };
}

/**
 * Production: the signaalpunten file's tenant unless ALLOWED_TENANTS names others; the local
 * stand-ins of development and test send made-up tenants, so there only when configured.
 */
function allowedTenants(config: Config, signaalpunten: SignaalpuntenConfig): string[] {
  if (config.edge.tenants.length > 0) return config.edge.tenants;
  return config.env === 'production' ? [signaalpunten.tenantId] : [];
}

/** Issue 11: a missed "member removed" must not mean lasting access to the tab and the cards. */
async function refreshRosters(deps: { adapter: SignaalCloudAdapter; appId: string; links: LinkStore; rosterSync: RosterSync; logger: Logger }): Promise<void> {
  const { adapter, appId, rosterSync, logger } = deps;
  for (const link of await deps.links.listLinks()) {
    if (link.broken) continue;
    await adapter
      .continueConversationAsync(appId, link.reference as Partial<ConversationReference>, (context) => rosterSync.refreshTeam(context, link.teamId, link.tenantId))
      .catch((error: Error) => logger.warn({ code: 'ROSTER_REFRESH_FAILED', teamId: link.teamId, errorName: error.name }, 'daily roster refresh failed'));
  }
}
