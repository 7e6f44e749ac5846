import type { SignalActor, Signal } from '../domain/signal';
import type { SignaalpuntenConfig } from '../domain/routing';
import { transition, type TransitionRequest } from '../domain/signal-status';
import { addWorkingDays, amsterdamDate } from '../domain/working-days';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { AuditLog, LinkStore, SignalRepository } from '../ports/signals';
import type { OutboxMessage } from '../ports/outbox';
import { auditActor } from './audit-actor';
import { cardUpdateMessage, newSignalMessages, reporterMessage } from './outbox-messages';
import type { OutboxRelay } from './outbox-relay';

/** Who pressed the button, as the Teams invoke says: checked against the signal's linked channel. */
export interface TeamActor {
  aadObjectId: string;
  /** The display name the channel gives (for "opgepakt door"); kept with the personal details, never logged. */
  name?: string;
  teamId?: string;
  tenantId?: string;
}

export type ActionRequest =
  | { action: 'claim' }
  | { action: 'release' }
  | { action: 'note'; text: string }
  | { action: 'forward'; to: string }
  | { action: 'close'; outcome: 'contactMade' | 'referred' | 'notReachable' | 'noFollowUpWanted' };

export type ActionResult =
  | { ok: true; signal: Signal }
  | { ok: false; code: 'NOT_FOUND' | 'NOT_A_MEMBER' | 'CONFLICT' | 'UNKNOWN_SIGNAALPUNT' | string; signal?: Signal };

export interface SignalActionsDeps {
  signals: SignalRepository;
  links: LinkStore;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  config: () => SignaalpuntenConfig;
  /** Moves what a change staged into the outbox and wakes the delivery worker (ADR 0010); a failure is logged there and retried by the next relay. */
  relay?: Pick<OutboxRelay, 'relay'>;
}

/**
 * The team's actions on a signal (claim, release, note, forward, close), the same for the card
 * and the tab. Only members of the channel linked to the signal's signaalpunt may act.
 */
export class SignalActions {
  /** Refusals written one by one in the current hour; past the cap they are only counted. */
  private refusals = { hour: '', written: 0, counted: 0 };

  constructor(private readonly deps: SignalActionsDeps) {}

  /**
   * The signal as it is now, for a card that refreshes itself when viewed (Teams Universal
   * Actions): any copy of the card, a duplicate thread's included, shows the current state and its
   * buttons act on the one signal. Members of the linked team only; a view is not audited.
   */
  async view(signalId: string, actor: TeamActor): Promise<{ ok: true; signal: Signal } | { ok: false; code: 'NOT_FOUND' | 'NOT_A_MEMBER' }> {
    const signal = await this.deps.signals.get(signalId);
    if (!signal) return { ok: false, code: 'NOT_FOUND' };
    if (!(await this.isMember(signal.signaalpuntId, actor))) return { ok: false, code: 'NOT_A_MEMBER' };
    return { ok: true, signal };
  }

  async act(signalId: string, actor: TeamActor, request: ActionRequest): Promise<ActionResult> {
    const log = this.deps.logger.child({ signalId, action: request.action });
    const signal = await this.deps.signals.get(signalId);
    if (!signal) return { ok: false, code: 'NOT_FOUND' };
    if (!(await this.isMember(signal.signaalpuntId, actor))) {
      log.warn({ code: 'NOT_A_MEMBER', teamId: actor.teamId ?? null }, 'action refused: not the linked team');
      await this.auditRefusal(signal, actor, `refused:${request.action}`);
      return { ok: false, code: 'NOT_A_MEMBER' };
    }
    const config = this.deps.config();
    if (request.action === 'forward' && !config.signaalpunten.some((s) => s.id === request.to && s.active)) {
      return { ok: false, code: 'UNKNOWN_SIGNAALPUNT', signal };
    }
    const now = this.deps.clock.now();
    const by: SignalActor = { kind: 'teamMember', id: actor.aadObjectId };
    const receiving = request.action === 'forward' ? config.signaalpunten.find((s) => s.id === request.to) : undefined;
    const transitionRequest: TransitionRequest =
      request.action === 'forward'
        ? { ...request, by, deadline: addWorkingDays(amsterdamDate(now), receiving?.deadlineWorkingDays ?? 2) }
        : { ...request, by };
    const changed = transition(signal, transitionRequest, now);
    if (!changed.ok) {
      log.info({ code: changed.code }, 'action refused by the status table');
      return { ok: false, code: changed.code, signal };
    }
    // Notes are the team's own working notes: a forward leaves them behind (the receiving team
    // gets the person's and reporter's details, which it needs, not what team A wrote about them).
    const kept = request.action === 'forward' ? { ...changed.signal, notes: [] } : changed.signal;
    const staffName = actor.name?.trim().slice(0, 100);
    const next =
      staffName && actor.aadObjectId && !kept.personalErasedAt
        ? { ...kept, personal: { ...kept.personal, staffNames: { ...kept.personal.staffNames, [actor.aadObjectId]: staffName } } }
        : kept;
    const messages: OutboxMessage[] = [cardUpdateMessage(next, now)];
    if (request.action === 'claim') pushDefined(messages, reporterMessage(next, 'claimed', now));
    if (request.action === 'close') pushDefined(messages, reporterMessage(next, 'closed', now));
    if (request.action === 'forward') messages.push(...newSignalMessages(next, receiving?.targets ?? [{ kind: 'teams' }], now));
    // Compare-and-set: when two people claim at the same moment, one wins and the other is told.
    const saved = await this.deps.signals.update(next, messages);
    if (saved === 'conflict') {
      log.info({ code: 'CONFLICT' }, 'action lost a race');
      return { ok: false, code: 'CONFLICT', signal: await this.deps.signals.get(signalId) };
    }
    await this.audit(next, actor, request.action);
    log.info({ code: 'SIGNAL_ACTION', status: next.status }, 'signal changed');
    await this.deps.relay?.relay().catch(() => undefined);
    return { ok: true, signal: next };
  }

  private async isMember(signaalpuntId: string, actor: TeamActor): Promise<boolean> {
    const link = await this.deps.links.getLink(signaalpuntId);
    if (!link || link.broken) return false;
    return Boolean(actor.aadObjectId) && actor.teamId === link.teamId && actor.tenantId === link.tenantId;
  }

  /**
   * A refused action is evidence, but an attacker can cause any number of them: the first
   * REFUSALS_PER_HOUR of an hour are written one by one, the rest are counted and written as one
   * `signal.refused.counted` line when the hour turns (and refused actions are also logged).
   */
  private async auditRefusal(signal: Signal, actor: TeamActor, action: string): Promise<void> {
    const now = this.deps.clock.now();
    const hour = now.toISOString().slice(0, 13);
    if (hour !== this.refusals.hour) {
      const { counted, hour: previous } = this.refusals;
      this.refusals = { hour, written: 0, counted: 0 };
      if (counted > 0) {
        await this.deps.audit.append({ at: now.toISOString(), action: 'signal.refused.counted', actor: 'system', detail: `count=${counted},hour=${previous}` });
      }
    }
    if (this.refusals.written >= REFUSALS_PER_HOUR) {
      this.refusals.counted++;
      return;
    }
    this.refusals.written++;
    await this.audit(signal, actor, action);
  }

  private async audit(signal: Signal, actor: TeamActor, action: string): Promise<void> {
    await this.deps.audit.append({
      at: this.deps.clock.now().toISOString(),
      action: `signal.${action}`,
      actor: auditActor(actor.aadObjectId),
      signalId: signal.id,
      signaalpuntId: signal.signaalpuntId,
    });
  }
}

const REFUSALS_PER_HOUR = 50;

function pushDefined<T>(list: T[], item: T | undefined): void {
  if (item) list.push(item);
}
