import { type Circle, type CircleResult, fail, ok } from '../../domain/circles/circle';
import { ESCALATION_OUTCOMES, type CheckinKind, type EscalationOutcome, type Round } from '../../domain/circles/round';
import { activeMembers, calleeOf, noRoundReason } from '../../domain/circles/schedule';
import type { Logger } from '../../ports/logger';
import type { OutboxMessage } from '../../ports/outbox';
import { circleForCoordinator, type CircleUseCaseDeps, RETRIES, todayOf } from './circle-access';
import { circleMessage } from './circle-messages';
import type { AlertNotice, CheckinResult, CircleActor, MemberToday } from './circles.types';
import { dateOfEscalation, newRound, raise } from './escalations';
import { CircleNoticeBuilder } from './notice-builder';

/**
 * Today's round: a member's check-in, a coordinator's "not reached" and "rond", and what happens
 * to an escalation (acknowledged, resolved). Each change is one write with its messages.
 */
export class CircleRounds {
  private readonly logger: Logger;

  constructor(private readonly deps: CircleUseCaseDeps) {
    this.logger = deps.logger.child({ component: 'circles' });
  }

  private today(): string {
    return todayOf(this.deps.clock);
  }

  private asCoordinator(actor: CircleActor, circleId: string): Promise<CircleResult<Circle>> {
    return circleForCoordinator(this.deps.store, this.logger, actor, circleId);
  }

  async memberToday(actor: CircleActor, circleId: string): Promise<CircleResult<MemberToday>> {
    const circle = await this.deps.store.get(circleId);
    const member = circle?.members.find((m) => m.chatKey === actor.chatKey);
    if (!circle || !member) return fail(circle ? 'NOT_A_MEMBER' : 'CIRCLE_NOT_FOUND');
    const date = this.today();
    const round = await this.deps.store.getRound(circleId, date);
    const names = new Map(circle.members.map((m) => [m.id, m.firstName]));
    const callee = calleeOf(circle, date, member.id);
    return ok({
      circleId,
      circleName: circle.name,
      memberId: member.id,
      firstName: member.firstName,
      date,
      roundOpen: noRoundReason(circle, date) === undefined && round?.status !== 'closed',
      ...(callee === undefined ? {} : { callee: callee === 'coordinator' ? 'coordinator' : { memberId: callee, firstName: names.get(callee) ?? '' } }),
      others: activeMembers(circle, date)
        .filter((m) => m.id !== member.id)
        .map((m) => ({ memberId: m.id, firstName: m.firstName })),
    });
  }

  async checkIn(actor: CircleActor, circleId: string, kind: CheckinKind, about?: string): Promise<CircleResult<CheckinResult>> {
    const circle = await this.deps.store.get(circleId);
    const member = circle?.members.find((m) => m.chatKey === actor.chatKey);
    if (!circle || !member) return fail(circle ? 'NOT_A_MEMBER' : 'CIRCLE_NOT_FOUND');
    const aboutSomeone = kind === 'notReached' || kind === 'worried';
    if (aboutSomeone && (about === undefined || about === member.id || !circle.members.some((m) => m.id === about))) {
      return fail('MEMBER_NOT_FOUND');
    }
    const result = await this.changeRound(circle, (round, now) => {
      // Asking for help is never refused, even after the round: the coordinator must hear it.
      if (round.status === 'closed' && kind !== 'needHelp') return fail('ROUND_CLOSED');
      round.checkins.push({ kind, by: member.id, at: now.toISOString(), ...(aboutSomeone ? { about } : {}) });
      if (kind === 'ok') {
        const checkedIn = new Set(round.checkins.filter((c) => c.kind === 'ok').map((c) => c.by));
        const everyone = activeMembers(circle, round.date).every((m) => checkedIn.has(m.id));
        if (everyone && round.escalations.every((e) => e.resolvedAt)) closeRound(round, now);
        return ok({ messages: [], value: { showEmergency: false, roundClosed: round.status === 'closed', coordinatorAlerted: false } });
      }
      const raised = raise(circle, round, {
        reason: kind,
        memberId: kind === 'needHelp' ? member.id : about,
        raisedBy: member.id,
        now,
      });
      return ok({
        messages: raised.messages,
        escalation: raised.isNew ? raised.escalation : undefined,
        value: { showEmergency: kind === 'needHelp', roundClosed: false, coordinatorAlerted: true },
      });
    }, kind === 'needHelp');
    if (result.ok) this.logger.info({ code: 'CIRCLE_CHECKIN', circleId, kind }, 'check-in recorded');
    return result;
  }

  async reportNotReached(
    actor: CircleActor,
    circleId: string,
    memberId: string,
    reason: 'notReached' | 'worried' = 'notReached',
  ): Promise<CircleResult<{ escalationId: string; alertedYou: boolean }>> {
    const circle = await this.asCoordinator(actor, circleId);
    if (!circle.ok) return circle;
    if (!circle.value.members.some((m) => m.id === memberId)) return fail('MEMBER_NOT_FOUND');
    return this.changeRound(circle.value, (round, now) => {
      if (round.status === 'closed') return fail('ROUND_CLOSED');
      round.checkins.push({ kind: reason, by: 'coordinator', about: memberId, at: now.toISOString() });
      // The same rule as for a member's report: it counts as picked up only after "Ik pak het op",
      // so the backup hears of it when nobody does. The alert card is the coordinator's one answer.
      const raised = raise(circle.value, round, { reason, memberId, raisedBy: 'coordinator', raisedByChat: actor.chatKey, now });
      return ok({
        messages: raised.messages,
        escalation: raised.isNew ? raised.escalation : undefined,
        value: { escalationId: raised.escalation.id, alertedYou: raised.isNew && raised.escalation.alerted.includes(actor.chatKey) },
      });
    });
  }

  /**
   * "De cirkel is rond" means everyone was reached: refused while an alert about a member is
   * still open, and before the round's start time.
   */
  async closeRound(actor: CircleActor, circleId: string, date = this.today()): Promise<CircleResult<{ late: boolean }>> {
    const circle = await this.asCoordinator(actor, circleId);
    if (!circle.ok) return circle;
    if (date > this.today()) return fail('NO_ROUND_TODAY');
    return this.changeRound(
      circle.value,
      (round, now) => {
        if (round.status === 'closed') return fail('ROUND_CLOSED');
        if (round.escalations.some((e) => !e.resolvedAt && e.reason !== 'roundNotClosed')) return fail('ROUND_ALERT_OPEN');
        if (now.getTime() < Date.parse(round.startAt)) return fail('ROUND_NOT_STARTED');
        closeRound(round, now);
        return ok({ messages: [], value: { late: round.closedLate === true } });
      },
      false,
      date,
    );
  }

  async alertNotice(actor: CircleActor, circleId: string, escalationId: string): Promise<CircleResult<AlertNotice>> {
    const circle = await this.asCoordinator(actor, circleId);
    if (!circle.ok) return circle;
    const date = dateOfEscalation(circleId, escalationId);
    if (!date) return fail('ESCALATION_NOT_FOUND');
    const message = circleMessage('circle.escalation', `circle.escalation:${escalationId}:view`, actor.chatKey, { circleId, date, escalationId, role: 'coordinator' }, this.deps.clock.now());
    const notice = await new CircleNoticeBuilder(this.deps.store).build(message);
    return typeof notice === 'string' || notice.kind !== 'escalation' ? fail('ESCALATION_NOT_FOUND') : ok(notice);
  }

  async acknowledge(actor: CircleActor, circleId: string, escalationId: string): Promise<CircleResult<void>> {
    return this.onEscalation(actor, circleId, escalationId, (round, escalation, now) => {
      if (escalation.resolvedAt) return fail('ESCALATION_RESOLVED');
      escalation.acknowledgedAt ??= now.toISOString();
      return ok({ messages: [], value: undefined });
    });
  }

  async resolve(actor: CircleActor, circleId: string, escalationId: string, outcome: EscalationOutcome): Promise<CircleResult<void>> {
    if (!ESCALATION_OUTCOMES.includes(outcome)) return fail('OUTCOME_INVALID');
    return this.onEscalation(actor, circleId, escalationId, (round, escalation, now, circle) => {
      if (escalation.resolvedAt) return fail('ESCALATION_RESOLVED');
      escalation.acknowledgedAt ??= now.toISOString();
      escalation.resolvedAt = now.toISOString();
      escalation.outcome = outcome;
      if (escalation.reason === 'roundNotClosed' && outcome === 'allGood' && round.status === 'open') closeRound(round, now);
      // Everyone who was alerted hears how it ended, and so does the member who raised it.
      const raiser = circle.members.find((m) => m.id === escalation.raisedBy)?.chatKey;
      const told = new Set([...escalation.alerted, ...(raiser ? [raiser] : [])]);
      told.delete(actor.chatKey);
      const messages = [...told].map((chatKey) =>
        circleMessage('circle.allClear', `circle.allClear:${escalation.id}`, chatKey, { circleId, date: round.date, escalationId: escalation.id }, now),
      );
      return ok({ messages, value: undefined });
    });
  }

  private async onEscalation(
    actor: CircleActor,
    circleId: string,
    escalationId: string,
    apply: (round: Round, escalation: Round['escalations'][number], now: Date, circle: Circle) => CircleResult<{ messages: OutboxMessage[]; value: void }>,
  ): Promise<CircleResult<void>> {
    const circle = await this.asCoordinator(actor, circleId);
    if (!circle.ok) return circle;
    const date = dateOfEscalation(circleId, escalationId);
    if (!date) return fail('ESCALATION_NOT_FOUND');
    return this.changeRound(
      circle.value,
      (round, now) => {
        const escalation = round.escalations.find((e) => e.id === escalationId);
        if (!escalation) return fail('ESCALATION_NOT_FOUND');
        return apply(round, escalation, now, circle.value);
      },
      true,
      date,
    );
  }

  /**
   * Reads today's round (or `date`'s), applies a change and saves it with its messages in one
   * write, retrying on a concurrent change. No round on a day the circle does not run, unless
   * `anyDay` (a call for help, an escalation already raised).
   */
  private async changeRound<T>(
    circle: Circle,
    apply: (round: Round, now: Date) => CircleResult<{ messages: OutboxMessage[]; value: T; escalation?: Round['escalations'][number] | undefined }>,
    anyDay = false,
    date = this.today(),
  ): Promise<CircleResult<T>> {
    if (!anyDay && noRoundReason(circle, date) !== undefined) return fail('NO_ROUND_TODAY');
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      const now = this.deps.clock.now();
      const stored = await this.deps.store.getRound(circle.id, date);
      const round = stored ?? newRound(circle, date);
      const expectedVersion = round.version;
      const applied = apply(round, now);
      if (!applied.ok) return applied;
      round.version = expectedVersion + 1;
      const saved = await this.deps.store.changeRounds({ rounds: [{ round, expectedVersion }], outbox: applied.value.messages });
      if (saved !== 'ok') continue;
      const escalation = applied.value.escalation;
      if (escalation) {
        this.logger.info({ code: 'CIRCLE_ESCALATION', circleId: circle.id, reason: escalation.reason }, 'escalation raised');
        if (!escalation.acknowledgedAt) this.deps.onEscalation?.(circle.id, date, escalation.id, escalation.ackDueAt);
      }
      if (applied.value.messages.length > 0) await this.deps.relay.relay().catch(() => undefined);
      return ok(applied.value.value);
    }
    return fail('CONFLICT');
  }
}

function closeRound(round: Round, now: Date): void {
  round.status = 'closed';
  round.closedAt = now.toISOString();
  round.closedLate = now.getTime() > Date.parse(round.deadlineAt);
}
