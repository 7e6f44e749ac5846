import { randomUUID } from 'node:crypto';
import {
  CIRCLE_LIMITS,
  type Circle,
  type CircleInput,
  type CircleMember,
  type CircleResult,
  fail,
  formatPhone,
  type MemberInput,
  ok,
  validateMember,
  validateMembers,
  validateSettings,
} from '../../domain/circles/circle';
import { applyEdit } from '../../domain/circles/edit';
import { ESCALATION_OUTCOMES, type CheckinKind, type EscalationOutcome, type Round } from '../../domain/circles/round';
import { activeMembers, calleeOf, coordinatorOfDay, noRoundReason, roundTimes, todaysCalls } from '../../domain/circles/schedule';
import { localParts } from '../../domain/circles/zoned-time';
import type { CircleRepository } from '../../ports/circles';
import type { Clock } from '../../ports/clock';
import type { CodeHasher } from '../../ports/codes';
import { type JoinLimitStore, MemoryJoinLimitStore } from '../../ports/join-limits';
import type { Logger } from '../../ports/logger';
import type { OutboxMessage } from '../../ports/signals';
import { circleMessage, type CircleRelay } from './circle-messages';
import type {
  CircleActor,
  AlertNotice,
  CheckinResult,
  CircleEdit,
  CircleSummary,
  CircleView,
  CirclesPort,
  CoordinatorDecision,
  InviteCode,
  InviteFor,
  JoinResult,
  MemberToday,
} from './circles.types';
import { dateOfEscalation, newRound, raise } from './escalations';
import { COORDINATOR_INVITE_HOURS, looksLikeInviteCode, MEMBER_INVITE_HOURS, newInviteCode, normaliseInviteCode } from './invite-codes';
import { JoinLimiter, type JoinLimits } from './join-limiter';
import { CircleNoticeBuilder } from './notice-builder';

/** Compare-and-set retries when two people change the same round or circle at once. */
const RETRIES = 5;

export interface CircleUseCaseDeps {
  store: CircleRepository;
  relay: CircleRelay;
  clock: Clock;
  logger: Logger;
  /** Told after a circle's schedule may have changed (the scheduler re-plans it). */
  onCircleChanged?: (circleId: string) => void;
  /** Told about a new escalation, so the backup is alerted when nobody acknowledges in time. */
  onEscalation?: (circleId: string, date: string, escalationId: string, ackDueAt: string) => void;
  /** HMAC of a normalised invite code under a key derived from the data key (never plain sha256). */
  hashCode: CodeHasher;
  /** Failed-attempt limits for joining (defaults: 5 per chat per hour, 20 per tenant, 60 in all). */
  joinLimits?: JoinLimits;
  /** Where the attempt counters live: the engine's store in the app (durable, shared); memory when absent. */
  joinLimitStore?: JoinLimitStore;
}

/** The call-circle use cases. Personal data stays in the store and the returned views; logs get ids. */
export class Circles implements CirclesPort {
  private readonly logger: Logger;
  private readonly limiter: JoinLimiter;

  constructor(private readonly deps: CircleUseCaseDeps) {
    this.logger = deps.logger.child({ component: 'circles' });
    this.limiter = new JoinLimiter(this.logger, deps.joinLimitStore ?? new MemoryJoinLimitStore(), deps.joinLimits);
  }

  private today(): string {
    return localParts(this.deps.clock.now()).date;
  }

  async create(actor: CircleActor, input: CircleInput, members: MemberInput[]): Promise<CircleResult<{ circleId: string }>> {
    const now = this.deps.clock.now();
    const settings = validateSettings(input);
    if (!settings.ok) return settings;
    const checked: CircleMember[] = [];
    for (const [i, m] of members.entries()) {
      const member = validateMember(m, randomUUID(), now);
      if (!member.ok) return { ...member, field: `members.${i}.${member.field ?? ''}` };
      checked.push(member.value);
    }
    const all = validateMembers(checked);
    if (!all.ok) return all;
    const circle: Circle = {
      id: randomUUID(),
      ...settings.value,
      pauses: [],
      coordinators: [{ chatKey: actor.chatKey, name: actor.name ?? '', weekdays: [], backup: false }],
      members: all.value,
      locale: actor.locale ?? 'nl',
      scheduleFrom: now.toISOString(),
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      version: 1,
    };
    const saved = await this.deps.store.change({ save: { circle, expectedVersion: 0 } });
    if (saved !== 'ok') return fail('CONFLICT');
    this.logger.info({ code: 'CIRCLE_CREATED', circleId: circle.id, memberCount: circle.members.length, mode: circle.mode }, 'circle created');
    this.deps.onCircleChanged?.(circle.id);
    return ok({ circleId: circle.id });
  }

  async listFor(chatKey: string): Promise<CircleSummary[]> {
    const out: CircleSummary[] = [];
    for (const id of this.deps.store.idsForChat(chatKey)) {
      const plan = this.deps.store.schedule(id);
      if (!plan) continue;
      const member = plan.members.find((m) => m.chatKey === chatKey);
      const isCoordinator = plan.coordinators.some((c) => c.chatKey === chatKey);
      out.push({
        circleId: id,
        name: plan.name,
        role: isCoordinator ? 'coordinator' : 'member',
        ...(member && !isCoordinator ? { memberId: member.id } : {}),
        startTime: plan.startTime,
        memberCount: plan.members.length,
      });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  async view(actor: CircleActor, circleId: string, date = this.today()): Promise<CircleResult<CircleView>> {
    const circle = await this.asCoordinator(actor, circleId);
    if (!circle.ok) return circle;
    return ok(await this.viewOf(circle.value, actor, date));
  }

  async edit(actor: CircleActor, circleId: string, edit: CircleEdit): Promise<CircleResult<CircleView>> {
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      const circle = await this.asCoordinator(actor, circleId);
      if (!circle.ok) return circle;
      const next = applyEdit(circle.value, edit, { now: this.deps.clock.now(), today: this.today(), newId: randomUUID });
      if (!next.ok) return next;
      const saved = await this.deps.store.change({ save: { circle: next.value, expectedVersion: circle.value.version } });
      if (saved !== 'ok') continue;
      this.logger.info({ code: 'CIRCLE_EDITED', circleId, edit: edit.kind }, 'circle changed');
      this.deps.onCircleChanged?.(circleId);
      return ok(await this.viewOf(next.value, actor, this.today()));
    }
    return fail('CONFLICT');
  }

  async remove(actor: CircleActor, circleId: string): Promise<CircleResult<void>> {
    const circle = await this.asCoordinator(actor, circleId);
    if (!circle.ok) return circle;
    const removed = await this.deps.store.change({ remove: { circleId, expectedVersion: circle.value.version } });
    if (removed !== 'ok') return fail('CONFLICT');
    this.logger.info({ code: 'CIRCLE_REMOVED', circleId }, 'circle removed and its personal data erased');
    this.deps.onCircleChanged?.(circleId);
    return ok(undefined);
  }

  async invite(actor: CircleActor, circleId: string, invite: InviteFor): Promise<CircleResult<InviteCode>> {
    const circle = await this.asCoordinator(actor, circleId);
    if (!circle.ok) return circle;
    if (invite.role === 'member' && !circle.value.members.some((m) => m.id === invite.memberId)) return fail('MEMBER_NOT_FOUND');
    if (invite.role === 'coordinator' && invite.weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) return fail('WEEKDAYS_EMPTY');
    const now = this.deps.clock.now();
    const code = newInviteCode();
    const hours = invite.role === 'coordinator' ? COORDINATOR_INVITE_HOURS : MEMBER_INVITE_HOURS;
    const expiresAt = new Date(now.getTime() + hours * 3_600_000).toISOString();
    await this.deps.store.change({
      addInvite: {
        codeHash: this.deps.hashCode(normaliseInviteCode(code)),
        circleId,
        role: invite.role,
        ...(invite.role === 'member' ? { memberId: invite.memberId } : { weekdays: [...new Set(invite.weekdays)].sort() }),
        createdBy: actor.chatKey,
        expiresAt,
      },
    });
    this.logger.info({ code: 'CIRCLE_INVITE_ISSUED', circleId, role: invite.role }, 'invite code issued');
    return ok({ code, expiresAt });
  }

  /**
   * Joins with a code. Wrong, used and expired codes count against the chat, its tenant and the
   * whole bot; past a limit the attempt is refused (JOIN_LOCKED) before any look-up. A right code
   * forgets the chat's own mistakes, so two typos never lock a person out.
   */
  async join(actor: CircleActor, typed: string): Promise<CircleResult<JoinResult>> {
    if (await this.limiter.locked(actor.chatKey, actor.tenantId, this.deps.clock.now())) return fail('JOIN_LOCKED');
    const result = await this.tryJoin(actor, normaliseInviteCode(typed));
    if (result.ok) await this.limiter.succeeded(actor.chatKey);
    else if (result.code === 'INVITE_UNKNOWN' || result.code === 'INVITE_USED' || result.code === 'INVITE_EXPIRED') {
      await this.limiter.failed(actor.chatKey, actor.tenantId, this.deps.clock.now());
    }
    return result;
  }

  private async tryJoin(actor: CircleActor, code: string): Promise<CircleResult<JoinResult>> {
    if (!looksLikeInviteCode(code)) return fail('INVITE_UNKNOWN');
    const codeHash = this.deps.hashCode(code);
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      const now = this.deps.clock.now();
      const invite = await this.deps.store.getInvite(codeHash);
      if (!invite) return fail('INVITE_UNKNOWN');
      if (invite.usedAt) return fail('INVITE_USED');
      if (invite.expiresAt <= now.toISOString()) return fail('INVITE_EXPIRED');
      const circle = await this.deps.store.get(invite.circleId);
      if (!circle) return fail('INVITE_UNKNOWN');
      let next: Circle;
      if (invite.role === 'member') {
        const member = circle.members.find((m) => m.id === invite.memberId);
        if (!member) return fail('INVITE_UNKNOWN');
        if (circle.members.some((m) => m.chatKey === actor.chatKey && m.id !== member.id)) return fail('ALREADY_IN_CIRCLE');
        next = { ...circle, members: circle.members.map((m) => (m.id === member.id ? { ...m, chatKey: actor.chatKey } : m)) };
      } else {
        // A coordinator code makes a candidate, not a coordinator: an existing coordinator approves first (issue 11).
        if (circle.coordinators.some((c) => c.chatKey === actor.chatKey)) return fail('ALREADY_IN_CIRCLE');
        const waiting = circle.candidates ?? [];
        if (waiting.some((c) => c.chatKey === actor.chatKey)) return fail('APPROVAL_PENDING');
        if (circle.coordinators.length + waiting.length >= CIRCLE_LIMITS.coordinatorsMax) return fail('TOO_MANY_COORDINATORS');
        next = {
          ...circle,
          candidates: [...waiting, { chatKey: actor.chatKey, name: actor.name ?? '', weekdays: invite.weekdays ?? [], requestedAt: now.toISOString() }],
        };
      }
      next = { ...next, updatedAt: now.toISOString(), version: circle.version + 1 };
      const saved = await this.deps.store.change({ save: { circle: next, expectedVersion: circle.version }, useInvite: { codeHash, at: now.toISOString() } });
      if (saved !== 'ok') continue; // used at the same moment, or the circle changed: look again
      if (invite.role === 'coordinator') {
        this.logger.info({ code: 'CIRCLE_COORDINATOR_REQUESTED', circleId: circle.id }, 'coordinator code used: waiting for approval');
        await this.tellCoordinators(circle, 'coordinatorRequest', actor.chatKey, now);
        return ok({ circleId: circle.id, circleName: circle.name, role: 'coordinator', pending: true });
      }
      this.logger.info({ code: 'CIRCLE_JOINED', circleId: circle.id, role: invite.role }, 'joined a circle with an invite code');
      this.deps.onCircleChanged?.(circle.id);
      return ok({ circleId: circle.id, circleName: circle.name, role: invite.role, ...(invite.memberId ? { memberId: invite.memberId } : {}) });
    }
    return fail('CONFLICT');
  }

  /**
   * Every coordinator already in the circle gets a card to approve or refuse the new one (a code
   * may have been passed on or guessed). Queued after the join's own write.
   */
  private async tellCoordinators(circle: Circle, notice: 'coordinatorRequest', newChatKey: string, now: Date): Promise<void> {
    const messages = circle.coordinators.map((c) =>
      circleMessage('circle.notice', `circle.${notice}:${circle.id}:${newChatKey}:${now.toISOString()}`, c.chatKey, { circleId: circle.id, notice, chatKey: newChatKey }, now),
    );
    await this.queueNotices(circle.id, messages);
  }

  private async queueNotices(circleId: string, messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const saved = await this.deps.store.changeRounds({ outbox: messages }).catch(() => 'conflict' as const);
    if (saved !== 'ok') {
      this.logger.error({ code: 'CIRCLE_COORDINATOR_NOTICE_FAILED', circleId }, 'a message about a new coordinator could not be queued');
      return;
    }
    await this.deps.relay.relay().catch(() => undefined);
  }

  async decideCoordinator(actor: CircleActor, circleId: string, candidateChatKey: string, decision: CoordinatorDecision): Promise<CircleResult<{ candidateName: string }>> {
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      // Only a coordinator decides; a candidate is none, so nobody approves themselves.
      const circle = await this.asCoordinator(actor, circleId);
      if (!circle.ok) return circle;
      const waiting = circle.value.candidates ?? [];
      const candidate = waiting.find((c) => c.chatKey === candidateChatKey);
      if (!candidate) return fail('CANDIDATE_NOT_FOUND');
      const now = this.deps.clock.now();
      const { candidates: _candidates, ...rest } = circle.value;
      const others = waiting.filter((c) => c.chatKey !== candidateChatKey);
      let next: Circle = { ...rest, ...(others.length > 0 ? { candidates: others } : {}), updatedAt: now.toISOString(), version: circle.value.version + 1 };
      if (decision === 'approve') {
        if (circle.value.coordinators.length >= CIRCLE_LIMITS.coordinatorsMax) return fail('TOO_MANY_COORDINATORS');
        next = { ...next, coordinators: [...next.coordinators, { chatKey: candidate.chatKey, name: candidate.name, weekdays: candidate.weekdays, backup: false }] };
      }
      const saved = await this.deps.store.change({ save: { circle: next, expectedVersion: circle.value.version } });
      if (saved !== 'ok') continue;
      const notice = decision === 'approve' ? 'coordinatorApproved' : 'coordinatorRefused';
      this.logger.info({ code: decision === 'approve' ? 'CIRCLE_COORDINATOR_APPROVED' : 'CIRCLE_COORDINATOR_REFUSED', circleId }, 'new coordinator decided');
      await this.queueNotices(circleId, [
        circleMessage('circle.notice', `circle.${notice}:${circleId}:${candidate.chatKey}:${now.toISOString()}`, candidate.chatKey, { circleId, notice }, now),
      ]);
      if (decision === 'approve') this.deps.onCircleChanged?.(circleId);
      return ok({ candidateName: candidate.name });
    }
    return fail('CONFLICT');
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

  private async asCoordinator(actor: CircleActor, circleId: string): Promise<CircleResult<Circle>> {
    const circle = await this.deps.store.get(circleId);
    if (!circle) return fail('CIRCLE_NOT_FOUND');
    if (!circle.coordinators.some((c) => c.chatKey === actor.chatKey)) {
      this.logger.warn({ code: 'CIRCLE_NOT_COORDINATOR', circleId }, 'circle asked for by someone who does not coordinate it');
      return fail('NOT_A_COORDINATOR');
    }
    return ok(circle);
  }

  private async viewOf(circle: Circle, actor: CircleActor, date: string): Promise<CircleView> {
    const round = await this.deps.store.getRound(circle.id, date);
    const byId = new Map(circle.members.map((m) => [m.id, m]));
    const person = (id: string | 'coordinator') => {
      if (id === 'coordinator') return 'coordinator' as const;
      return { memberId: id, firstName: byId.get(id)?.firstName ?? '' };
    };
    const active = new Set(activeMembers(circle, date).map((m) => m.id));
    const noRound = noRoundReason(circle, date);
    return {
      circleId: circle.id,
      name: circle.name,
      startTime: circle.startTime,
      weekdays: circle.weekdays,
      mode: circle.mode,
      windowMinutes: circle.windowMinutes,
      reminderMinutes: circle.reminderMinutes,
      ackMinutes: circle.ackMinutes,
      skipHolidays: circle.skipHolidays,
      pauses: circle.pauses,
      coordinators: circle.coordinators.map((c) => ({ chatKey: c.chatKey, name: c.name, weekdays: c.weekdays, backup: c.backup, isYou: c.chatKey === actor.chatKey })),
      members: circle.members.map((m) => ({
        memberId: m.id,
        firstName: m.firstName,
        phone: formatPhone(m.phone),
        keyHolder: { ...m.keyHolder, phone: formatPhone(m.keyHolder.phone) },
        pauses: m.pauses,
        pausedToday: !active.has(m.id),
        inChat: m.chatKey !== undefined,
      })),
      date,
      ...(noRound ? { noRound } : {}),
      beforeRound: !noRound && !round && this.deps.clock.now().getTime() < roundTimes(circle, date).reminderAt.getTime(),
      coordinatorOfDay: coordinatorOfDay(circle, date).chatKey,
      calls: noRound ? [] : todaysCalls(circle, date).map((c) => ({ caller: person(c.caller), callee: person(c.callee) })),
      ...(round
        ? {
            round: {
              status: round.status,
              checkins: round.checkins.filter((c) => c.by !== 'coordinator').length,
              escalations: round.escalations.map((e) => {
                const m = e.memberId ? byId.get(e.memberId) : undefined;
                return {
                  escalationId: e.id,
                  reason: e.reason,
                  raisedAt: e.raisedAt,
                  acknowledged: e.acknowledgedAt !== undefined,
                  ...(e.outcome ? { outcome: e.outcome } : {}),
                  ...(m
                    ? { member: { memberId: m.id, firstName: m.firstName, phone: formatPhone(m.phone), keyHolder: { ...m.keyHolder, phone: formatPhone(m.keyHolder.phone) } } }
                    : {}),
                };
              }),
            },
          }
        : {}),
      version: circle.version,
    };
  }
}

function closeRound(round: Round, now: Date): void {
  round.status = 'closed';
  round.closedAt = now.toISOString();
  round.closedLate = now.getTime() > Date.parse(round.deadlineAt);
}
