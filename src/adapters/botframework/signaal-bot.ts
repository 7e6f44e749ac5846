import {
  ActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  ActivityTypes,
  type ConversationState,
  type StatePropertyAccessor,
  type Storage,
  TurnContext,
  type UserState,
} from 'botbuilder';
import { type Dialog, DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import type { Logger } from '../../ports/logger';
import type { Locale, Translations } from '../../ports/translator';
import { setFirstContact, translatorOf } from '../../../dialogs/turn-context';
import { resolveTurnLocale } from '../../../dialogs/locale';
import { sendWelcome } from '../../../dialogs/welcome';
import { PROFILE_PROPERTY, type UserProfile } from '../../../dialogs/user-profile';
import { KeyedQueue, QueueFullError } from '../keyed-queue';
import { EdgeRefusal } from './cloud-adapter';
import { MessageRate } from './message-rate';
import { HeldReplies, isETagConflict, TurnStates } from './turn-state';
import type { TeamChannel } from './team-channel';
import type { RosterSync } from './roster-sync';
import type { LinkChannel } from '../../application/link-channel';

interface ConversationData {
  welcomed?: boolean;
}

export interface SignaalBotDeps {
  conversationState: ConversationState;
  userState: UserState;
  /** The storage both states use: a turn saves them in one write, with the eTags they were read with. */
  stateStorage: Storage;
  rootDialog: Dialog;
  translations: Translations;
  defaultLocale: Locale;
  logger: Logger;
  /** The municipal team's side: link commands and the team card's buttons. */
  teamChannel?: TeamChannel;
  links?: LinkChannel;
  /** Team membership for the tab (from conversationUpdate and the connector's roster). */
  rosterSync?: RosterSync;
  /** Issue 11: how much one conversation may ask of the bot. Default: the config defaults. */
  limits?: TurnLimits;
  /** Entra tenants whose Teams users may use the bot; empty: any (development and test only). */
  allowedTenants?: string[];
}

export interface TurnLimits {
  /** Longer message texts get a polite answer and are not read further. */
  maxMessageChars: number;
  /** Messages per conversation per minute; more get one polite answer, then silence. */
  messagesPerMinute: number;
  /** Turns waiting per conversation; one more is answered 429. */
  turnQueueLimit: number;
  /** Longest a turn may hold its conversation (ms); the user is then told something went wrong. */
  turnTimeoutMs: number;
}

export const DEFAULT_TURN_LIMITS: TurnLimits = { maxMessageChars: 4000, messagesPerMinute: 120, turnQueueLimit: 20, turnTimeoutMs: 30_000 };

/**
 * Translates activities into dialog runs. No domain logic lives here: the dialogs call the
 * domain, this class only resolves the language, welcomes once, and saves state.
 */
export class SignaalBot extends ActivityHandler {
  private readonly conversationData: StatePropertyAccessor<ConversationData>;
  private readonly profile: StatePropertyAccessor<UserProfile>;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly turns: KeyedQueue;
  private readonly limits: TurnLimits;
  private readonly rate: MessageRate;

  constructor(private readonly deps: SignaalBotDeps) {
    super();
    this.limits = deps.limits ?? DEFAULT_TURN_LIMITS;
    this.turns = new KeyedQueue({ limit: this.limits.turnQueueLimit, timeoutMs: this.limits.turnTimeoutMs });
    this.rate = new MessageRate(this.limits.messagesPerMinute, 60_000);
    this.conversationData = deps.conversationState.createProperty<ConversationData>('conversation');
    this.profile = deps.userState.createProperty<UserProfile>(PROFILE_PROPERTY);
    this.dialogState = deps.conversationState.createProperty<DialogState>('dialogState');

    this.onMessage(async (context, next) => {
      if (context.activity.conversation?.conversationType === 'channel' && deps.teamChannel) {
        await deps.teamChannel.onMessage(context);
        await next();
        return;
      }
      const data = await this.conversationData.get(context, {});
      setFirstContact(context, !data.welcomed);
      data.welcomed = true;
      await this.runRootDialog(context);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const added = context.activity.membersAdded ?? [];
      const personal = context.activity.conversation?.conversationType === 'personal';
      // Welcome when the bot itself joins a chat or team, or a user opens a personal chat;
      // not when colleagues join a team channel the bot is already in.
      if (added.some((m) => m.id === botId) || personal) await this.welcomeOnce(context);
      await deps.rosterSync?.membersAdded(context);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcomeOnce(context);
      await next();
    });

    this.onInstallationUpdateRemove(async (context, next) => {
      deps.logger.info({ conversationId: context.activity.conversation?.id, code: 'BOT_REMOVED' }, 'bot was removed');
      await this.markTeamLinksBroken(context, 'BOT_REMOVED');
      await next();
    });

    this.onMembersRemoved(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersRemoved ?? []).some((m) => m.id === botId)) await this.markTeamLinksBroken(context, 'BOT_REMOVED');
      else await deps.rosterSync?.membersRemoved(context);
      await next();
    });
  }

  /** The team card's Action.Execute buttons. */
  protected override async onAdaptiveCardInvoke(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    if (!this.deps.teamChannel) return super.onAdaptiveCardInvoke(context, value);
    return this.deps.teamChannel.onCardAction(context, value);
  }

  private async markTeamLinksBroken(context: TurnContext, code: string): Promise<void> {
    const teamId = (context.activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
    if (!teamId || !this.deps.links) return;
    for (const signaalpuntId of await this.deps.links.linksOfTeam(teamId)) await this.deps.links.markBroken(signaalpuntId, code);
  }

  /** One turn at a time per conversation, so turns never overwrite each other's state. */
  override async run(context: TurnContext): Promise<void> {
    const key = context.activity.conversation?.id ?? '';
    try {
      await this.turns.run(key, () => this.runTurn(context));
    } catch (error) {
      if (error instanceof QueueFullError) {
        this.deps.logger.warn({ code: 'TURN_QUEUE_FULL', conversationId: key }, 'too many turns waiting in one conversation');
        throw new EdgeRefusal(429, 'TURN_QUEUE_FULL');
      }
      throw error;
    }
  }

  /**
   * Resolves the turn's language before any handler runs, and saves state after. When another
   * instance saved this conversation's (or user's) state while the turn ran, the store refuses
   * the save (eTag): the turn runs once more on fresh state, and its first run's replies are
   * never sent. A second refusal gets a polite answer asking the user to send the message again.
   */
  private async runTurn(context: TurnContext): Promise<void> {
    const states = new TurnStates(this.deps.stateStorage, [this.deps.conversationState, this.deps.userState]);
    await states.load(context);
    await resolveTurnLocale(context, this.profile, this.deps.translations, this.deps.defaultLocale);
    if (!(await this.admitted(context))) return;
    if (context.activity.type === ActivityTypes.Message && context.activity.text) {
      // In channels the text starts with "<at>Bot</at>"; the dialogs want only what the user wrote.
      // Some clients send the <at> tag without a mention entity: strip any left at the start too.
      const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text;
      context.activity.text = text.replace(/^(\s*<at>[^<]*<\/at>)+/i, '').trim();
    }
    const replies = new HeldReplies(context);
    const log = this.deps.logger.child({ conversationId: context.activity.conversation?.id, activityType: context.activity.type });
    try {
      for (let attempt = 1; ; attempt += 1) {
        try {
          await super.run(context);
          await states.save(context);
          return;
        } catch (error) {
          if (!isETagConflict(error)) throw error;
          replies.discard();
          if (attempt >= 2) {
            log.warn({ code: 'STATE_CONFLICT_GAVE_UP' }, 'turn not handled: its state changed elsewhere twice');
            if (context.activity.type === ActivityTypes.Message) await context.sendActivity(translatorOf(context).t('common:errors.stateConflict'));
            return;
          }
          log.info({ code: 'STATE_CONFLICT_RETRY' }, 'state changed elsewhere during the turn: running it again on fresh state');
          await states.load(context, true);
          await resolveTurnLocale(context, this.profile, this.deps.translations, this.deps.defaultLocale);
        }
      }
    } finally {
      await replies.release();
    }
  }

  /**
   * The checks before anything reads the message (issue 11): the Teams tenant, the length of
   * the text and the conversation's message rate. A refused message gets a polite answer.
   * @throws EdgeRefusal 403 for other activities of a tenant that is not allowed
   */
  private async admitted(context: TurnContext): Promise<boolean> {
    const activity = context.activity;
    const t = translatorOf(context);
    const log = this.deps.logger.child({ conversationId: activity.conversation?.id });
    const isMessage = activity.type === ActivityTypes.Message;
    const allowed = this.deps.allowedTenants ?? [];
    if (activity.channelId === 'msteams' && allowed.length > 0) {
      const tenantId = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? activity.conversation?.tenantId;
      if (!tenantId || !allowed.includes(tenantId)) {
        log.warn({ code: 'TENANT_NOT_ALLOWED', tenantId: tenantId ?? null, activityType: activity.type }, 'turn refused: tenant not allowed');
        if (!isMessage) throw new EdgeRefusal(403, 'TENANT_NOT_ALLOWED');
        await context.sendActivity(t.t('common:refused.tenant'));
        return false;
      }
    }
    if (!isMessage) return true;
    if ((activity.text?.length ?? 0) > this.limits.maxMessageChars) {
      log.warn({ code: 'MESSAGE_TOO_LONG', length: activity.text?.length }, 'message not read: too long');
      await context.sendActivity(t.t('common:refused.tooLong', { max: this.limits.maxMessageChars }));
      return false;
    }
    const rate = this.rate.take(activity.conversation?.id ?? '');
    if (rate !== 'ok') {
      if (rate === 'first-over') {
        log.warn({ code: 'MESSAGE_RATE_EXCEEDED' }, 'conversation is sending too fast');
        await context.sendActivity(t.t('common:refused.tooFast'));
      }
      return false;
    }
    return true;
  }

  private async welcomeOnce(context: TurnContext): Promise<void> {
    const data = await this.conversationData.get(context, {});
    if (data.welcomed) return;
    data.welcomed = true;
    if (context.activity.conversation?.conversationType === 'channel') {
      // A municipal team's channel: the professional's menu means nothing here; say what the channel is for.
      await context.sendActivity(translatorOf(context).t('team:link.channelHelp'));
      return;
    }
    await sendWelcome(context);
  }

  private async runRootDialog(context: TurnContext): Promise<void> {
    const dialogs = new DialogSet(this.dialogState);
    dialogs.add(this.deps.rootDialog);
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.deps.rootDialog.id);
  }
}
