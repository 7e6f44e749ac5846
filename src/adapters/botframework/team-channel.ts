import { z } from 'zod';
import { type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, CardFactory, TurnContext } from 'botbuilder';
import type { SignaalpuntenConfig } from '../../domain/routing';
import type { LinkChannel, LinkOutcome } from '../../application/link-channel';
import type { SignalActions } from '../../application/signal-actions';
import type { Signal } from '../../domain/signal';
import type { Logger } from '../../ports/logger';
import type { Translator } from '../../ports/translator';
import { renderSignalCard } from '../../../cards/signals/signal-card';
import { parseTeamAction } from '../../../cards/signals/team-actions';
import { translatorOf } from '../../../dialogs/turn-context';

export interface TeamChannelDeps {
  links: LinkChannel;
  actions: SignalActions;
  config: () => SignaalpuntenConfig;
  logger: Logger;
  /** The team card's language (the same for everyone in the channel, whoever pressed a button). */
  teamTranslator: Translator;
  /** Called in the turn that linked a channel (the roster is read then). */
  onLinked?: (context: TurnContext) => Promise<void>;
  /** Is the button's presser a member of the team (roster, else asked live)? Without it: not checked. */
  isTeamMember?: (context: TurnContext, teamId: string, tenantId: string, aadObjectId: string) => Promise<boolean>;
}

/** "koppel GM0677 ABCD-EFGH" / "ontkoppel ..." (also "link"/"unlink"), any case, extra spaces allowed. */
/** "koppel <signaalpunt id> <code>": any configured id (letters, digits, single hyphens). */
const LINK_COMMAND = /^\s*(koppel|ontkoppel|link|unlink)\s+([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)\s+([A-Za-z0-9]{4}-?[A-Za-z0-9]{4})\s*$/i;

const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';

/**
 * What the bot does in a municipal team's channel: link and unlink with a one-time code, and
 * the team card's buttons (Action.Execute), which go through the same use cases as the tab.
 */
export class TeamChannel {
  constructor(private readonly deps: TeamChannelDeps) {}

  async onMessage(context: TurnContext): Promise<void> {
    const t = translatorOf(context);
    const match = LINK_COMMAND.exec(context.activity.text ?? '');
    if (!match) {
      const asked = /\b(koppel|ontkoppel|link|unlink)\b/i.test(context.activity.text ?? '');
      await context.sendActivity(t.t(asked ? 'team:link.usage' : 'team:link.channelHelp'));
      return;
    }
    const command = /^(ontkoppel|unlink)$/i.test(match[1]!) ? 'unlink' : 'link';
    // Ids are matched without regard to case ("gm0718", "Zeeland-Welzijn"); an unknown id is refused later.
    const typed = match[2]!;
    const signaalpuntId = this.deps.config().signaalpunten.find((s) => s.id.toLowerCase() === typed.toLowerCase())?.id ?? typed;
    const activity = context.activity;
    const channelData = (activity.channelData ?? {}) as { team?: { id?: string }; channel?: { id?: string }; tenant?: { id?: string } };
    const reference = TurnContext.getConversationReference(activity);
    // Keep the channel itself, not the thread this command was typed in.
    const channelConversation = { ...reference.conversation, id: (reference.conversation?.id ?? '').split(';')[0] ?? '' };
    const outcome: LinkOutcome = await this.deps.links.redeem(command, signaalpuntId, match[3]!, {
      conversationType: activity.conversation?.conversationType,
      teamId: channelData.team?.id,
      channelId: channelData.channel?.id ?? channelData.team?.id,
      tenantId: channelData.tenant?.id ?? activity.conversation?.tenantId,
      reference: { ...reference, conversation: channelConversation } as Record<string, unknown>,
      actorAadObjectId: activity.from?.aadObjectId,
    });
    const name = this.deps.config().signaalpunten.find((s) => s.id === signaalpuntId)?.name ?? signaalpuntId;
    await context.sendActivity(t.t(`team:link.${outcome}`, { signaalpunt: name }));
    if (outcome === 'LINKED') await this.deps.onLinked?.(context);
  }

  async onCardAction(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const t = this.deps.teamTranslator;
    const activity = context.activity;
    const log = this.deps.logger.child({ conversationId: activity.conversation?.id });
    const refresh = refreshSchema.safeParse(value.action);
    if (refresh.success) return this.refresh(context, refresh.data.data.signalId);
    const parsed = parseTeamAction(value.action);
    if (!parsed) {
      log.warn({ code: 'TEAM_ACTION_INVALID' }, 'card action refused by its schema');
      return message(t.t('team:notices.badInput'));
    }
    const channelData = (activity.channelData ?? {}) as {
      team?: { id?: string };
      channel?: { id?: string; membershipType?: string };
      tenant?: { id?: string };
    };
    const refusal = await this.refusedPresser(context, channelData);
    if (refusal) {
      // The same code as SignalActions' team check: whoever is not in the team must not see the signal.
      const code = refusal === 'NOT_IN_ROSTER' ? 'NOT_A_MEMBER' : 'TEAM_ACTION_REFUSED';
      log.warn({ code, reason: refusal, teamId: channelData.team?.id ?? null }, 'card action refused');
      return message(t.t('team:refused'));
    }
    const result = await this.deps.actions.act(parsed.signalId, {
      aadObjectId: activity.from?.aadObjectId ?? '',
      ...(activity.from?.name ? { name: activity.from.name } : {}),
      teamId: channelData.team?.id,
      tenantId: channelData.tenant?.id ?? activity.conversation?.tenantId,
    }, parsed.request);
    if (result.ok) return this.card(t, result.signal, parsed.request.action === 'forward' ? 'forwarded' : undefined);
    switch (result.code) {
      case 'NOT_FOUND':
      case 'NOT_A_MEMBER':
        // No card: whoever is not in the linked team must not see the signal's details.
        return message(t.t('team:refused'));
      case 'CONFLICT':
        return result.signal ? this.card(t, result.signal, 'conflict') : message(t.t('team:notices.conflict'));
      case 'ALREADY_CLAIMED':
        return result.signal ? this.card(t, result.signal, 'alreadyClaimed') : message(t.t('team:notices.alreadyClaimed'));
      case 'SIGNAL_CLOSED':
        return result.signal ? this.card(t, result.signal, 'closed') : message(t.t('team:notices.closed'));
      default:
        return result.signal ? this.card(t, result.signal, 'notAllowed') : message(t.t('team:notices.notAllowed'));
    }
  }

  /**
   * Who may press a team card's button (issue 11): someone in a channel conversation of a team
   * (not a personal chat carrying the team's channelData), not in a shared channel (its external
   * members are not the team's), and in the team's roster. SignalActions then checks that the
   * team and tenant are the ones linked to the signal's signaalpunt.
   */
  private async refusedPresser(
    context: TurnContext,
    channelData: { team?: { id?: string }; channel?: { membershipType?: string }; tenant?: { id?: string } },
  ): Promise<string | undefined> {
    const activity = context.activity;
    if (activity.conversation?.conversationType !== 'channel') return 'NOT_A_CHANNEL';
    if (channelData.channel?.membershipType && channelData.channel.membershipType !== 'standard' && channelData.channel.membershipType !== 'private') {
      return 'SHARED_CHANNEL';
    }
    const teamId = channelData.team?.id;
    const tenantId = channelData.tenant?.id ?? activity.conversation?.tenantId;
    const aadObjectId = activity.from?.aadObjectId;
    if (!teamId || !tenantId || !aadObjectId) return 'NO_TEAM_FACTS';
    if (this.deps.isTeamMember && !(await this.deps.isTeamMember(context, teamId, tenantId, aadObjectId))) return 'NOT_IN_ROSTER';
    return undefined;
  }

  /** A card being viewed asks for its current state (the card's `refresh` action). */
  private async refresh(context: TurnContext, signalId: string): Promise<AdaptiveCardInvokeResponse> {
    const activity = context.activity;
    const channelData = (activity.channelData ?? {}) as { team?: { id?: string }; tenant?: { id?: string } };
    const viewed = await this.deps.actions.view(signalId, {
      aadObjectId: activity.from?.aadObjectId ?? '',
      teamId: channelData.team?.id,
      tenantId: channelData.tenant?.id ?? activity.conversation?.tenantId,
    });
    // Not a member (or a card left behind after a forward, which was already updated in place): no card.
    if (!viewed.ok) return message(this.deps.teamTranslator.t('team:refused'));
    return this.card(this.deps.teamTranslator, viewed.signal);
  }

  private card(t: Translator, signal: Signal, notice?: string): AdaptiveCardInvokeResponse {
    const signaalpunten = this.deps.config().signaalpunten.map((s) => ({ id: s.id, name: s.name, active: s.active }));
    const to = signaalpunten.find((s) => s.id === signal.signaalpuntId)?.name ?? signal.signaalpuntId;
    const forwardedAway = notice === 'forwarded';
    const card = renderSignalCard(t, {
      signal,
      signaalpunten,
      showPersonal: !forwardedAway,
      notice: notice ? t.t(`team:notices.${notice}`, { to }) : undefined,
    });
    return { statusCode: 200, type: CARD, value: CardFactory.adaptiveCard(card).content as never };
  }
}

const refreshSchema = z.object({ verb: z.literal('signal.refresh'), data: z.looseObject({ signalId: z.string().min(1).max(100) }) });

function message(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: MESSAGE, value: text as never };
}
