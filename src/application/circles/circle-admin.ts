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
import { activeMembers, coordinatorOfDay, noRoundReason, roundTimes, todaysCalls } from '../../domain/circles/schedule';
import { MemoryJoinLimitStore } from '../../ports/join-limits';
import type { Logger } from '../../ports/logger';
import type { OutboxMessage } from '../../ports/outbox';
import { circleForCoordinator, type CircleUseCaseDeps, RETRIES, todayOf } from './circle-access';
import { circleMessage } from './circle-messages';
import type { CircleActor, CircleEdit, CircleSummary, CircleView, CoordinatorDecision, InviteCode, InviteFor, JoinResult } from './circles.types';
import { COORDINATOR_INVITE_HOURS, looksLikeInviteCode, MEMBER_INVITE_HOURS, newInviteCode, normaliseInviteCode } from './invite-codes';
import { JoinLimiter } from './join-limiter';

/**
 * Circle administration: create, list, view, change and remove circles, invite codes, joining
 * with a code, and approving a new coordinator. Today's round is ./circle-rounds.ts.
 */
export class CircleAdministration {
  private readonly logger: Logger;
  private readonly limiter: JoinLimiter;

  constructor(private readonly deps: CircleUseCaseDeps) {
    this.logger = deps.logger.child({ component: 'circles' });
    this.limiter = new JoinLimiter(this.logger, deps.joinLimitStore ?? new MemoryJoinLimitStore(), deps.joinLimits);
  }

  private today(): string {
    return todayOf(this.deps.clock);
  }

  private asCoordinator(actor: CircleActor, circleId: string): Promise<CircleResult<Circle>> {
    return circleForCoordinator(this.deps.store, this.logger, actor, circleId);
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
