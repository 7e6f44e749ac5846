import { type Circle, formatPhone } from '../../domain/circles/circle';
import { weekFigures } from '../../domain/circles/round';
import { activeMembers, calleeOf, noRoundReason, roundTimes, todaysCalls } from '../../domain/circles/schedule';
import { addDays, localParts } from '../../domain/circles/zoned-time';
import type { CircleRepository } from '../../ports/circles';
import type { OutboxMessage } from '../../ports/outbox';
import type { CircleNotice } from './circle-notices';

/** Why a queued circle message has nothing to say any more (never retried). */
export type NoticeGone = 'CIRCLE_GONE' | 'MEMBER_GONE' | 'ESCALATION_GONE' | 'PAYLOAD_INVALID';

const str = (m: OutboxMessage, key: string): string | undefined => {
  const value = m.payload[key];
  return typeof value === 'string' ? value : undefined;
};

/**
 * Turns a queued circle message (ids only) into what it says, from the circle store at send time.
 * A member erased since the message was queued is not mentioned: the message is dropped.
 */
export class CircleNoticeBuilder {
  constructor(private readonly store: CircleRepository) {}

  async build(message: OutboxMessage): Promise<CircleNotice | NoticeGone> {
    const circleId = str(message, 'circleId');
    if (!circleId) return 'PAYLOAD_INVALID';
    const circle = await this.store.get(circleId);
    if (!circle) return 'CIRCLE_GONE';
    const date = str(message, 'date');
    const late = message.payload.late === true;
    switch (message.kind) {
      case 'circle.reminder':
        return date ? this.reminder(circle, date, late, str(message, 'role'), str(message, 'memberId')) : 'PAYLOAD_INVALID';
      case 'circle.escalation':
      case 'circle.allClear':
        return date ? this.escalation(circle, date, message) : 'PAYLOAD_INVALID';
      case 'circle.missed': {
        const event = str(message, 'event');
        if (!date || (event !== 'reminder' && event !== 'deadline' && event !== 'weekly')) return 'PAYLOAD_INVALID';
        return { kind: 'missed', circleName: circle.name, date, event, time: str(message, 'time') ?? '' };
      }
      case 'circle.notSent': {
        if (!date) return 'PAYLOAD_INVALID';
        const about = circle.members.find((m) => m.id === str(message, 'memberId'));
        return { kind: 'notSent', circleName: circle.name, date, ...(about ? { memberFirstName: about.firstName } : {}) };
      }
      case 'circle.notice': {
        const notice = str(message, 'notice');
        if (notice === 'coordinatorRequest') {
          const candidate = circle.candidates?.find((c) => c.chatKey === str(message, 'chatKey'));
          if (!candidate) return 'MEMBER_GONE'; // decided already: nothing to ask
          return { kind: 'coordinatorRequest', circleId: circle.id, circleName: circle.name, candidateName: candidate.name, candidateKey: candidate.chatKey };
        }
        if (notice === 'coordinatorApproved') return { kind: 'coordinatorApproved', circleId: circle.id, circleName: circle.name };
        if (notice === 'coordinatorRefused') return { kind: 'coordinatorRefused', circleName: circle.name };
        if (notice !== 'coordinatorJoined') return 'PAYLOAD_INVALID';
        const joined = circle.coordinators.find((c) => c.chatKey === str(message, 'chatKey'));
        if (!joined) return 'MEMBER_GONE'; // removed already: nothing to warn about
        return { kind: 'coordinatorJoined', circleId: circle.id, circleName: circle.name, coordinatorName: joined.name };
      }
      case 'circle.weekly': {
        const weekStart = str(message, 'weekStart');
        if (!weekStart) return 'PAYLOAD_INVALID';
        const weekEnd = addDays(weekStart, 6);
        const rounds = await this.store.listRounds(circle.id, weekStart, weekEnd);
        return { kind: 'weekly', circleName: circle.name, weekStart, weekEnd, figures: weekFigures(rounds) };
      }
      default:
        return 'PAYLOAD_INVALID';
    }
  }

  private reminder(circle: Circle, date: string, late: boolean, role: string | undefined, memberId: string | undefined): CircleNotice | NoticeGone {
    const names = new Map(circle.members.map((m) => [m.id, m.firstName]));
    const person = (id: string) => (id === 'coordinator' ? ('coordinator' as const) : { memberId: id, firstName: names.get(id) ?? '' });
    if (role === 'member') {
      const member = circle.members.find((m) => m.id === memberId);
      if (!member?.chatKey) return 'MEMBER_GONE';
      const callee = calleeOf(circle, date, member.id);
      return {
        kind: 'reminder',
        role: 'member',
        startTime: circle.startTime,
        late,
        today: {
          circleId: circle.id,
          circleName: circle.name,
          memberId: member.id,
          firstName: member.firstName,
          date,
          roundOpen: noRoundReason(circle, date) === undefined,
          ...(callee === undefined ? {} : { callee: callee === 'coordinator' ? 'coordinator' : { memberId: callee, firstName: names.get(callee) ?? '' } }),
          others: activeMembers(circle, date)
            .filter((m) => m.id !== member.id)
            .map((m) => ({ memberId: m.id, firstName: m.firstName })),
        },
      };
    }
    const active = new Set(activeMembers(circle, date).map((m) => m.id));
    return {
      kind: 'reminder',
      role: 'coordinator',
      circleId: circle.id,
      circleName: circle.name,
      date,
      startTime: circle.startTime,
      late,
      calls: todaysCalls(circle, date).map((c) => ({ caller: person(c.caller), callee: person(c.callee) })),
      pausedToday: circle.members.filter((m) => !active.has(m.id)).map((m) => m.firstName),
    };
  }

  private async escalation(circle: Circle, date: string, message: OutboxMessage): Promise<CircleNotice | NoticeGone> {
    const round = await this.store.getRound(circle.id, date);
    const escalation = round?.escalations.find((e) => e.id === str(message, 'escalationId'));
    if (!round || !escalation) return 'ESCALATION_GONE';
    const member = escalation.memberId ? circle.members.find((m) => m.id === escalation.memberId) : undefined;
    if (escalation.memberId && !member) return 'MEMBER_GONE';
    if (message.kind === 'circle.allClear') {
      if (!escalation.outcome) return 'ESCALATION_GONE';
      return { kind: 'resolved', circleName: circle.name, outcome: escalation.outcome, ...(member ? { memberFirstName: member.firstName } : {}) };
    }
    const raiser = circle.members.find((m) => m.id === escalation.raisedBy);
    const times = roundTimes(circle, date);
    return {
      kind: 'escalation',
      circleId: circle.id,
      circleName: circle.name,
      escalationId: escalation.id,
      reason: escalation.reason,
      ...(member
        ? { member: { firstName: member.firstName, phone: formatPhone(member.phone), keyHolder: { ...member.keyHolder, phone: formatPhone(member.keyHolder.phone) } } }
        : {}),
      raisedBy: raiser
        ? { firstName: raiser.firstName }
        : escalation.raisedBy !== 'coordinator'
          ? 'scheduler'
          : message.target.kind === 'chat' && escalation.raisedByChat === message.target.chatKey
            ? 'you'
            : 'coordinator',
      ...(escalation.acknowledgedAt ? { acknowledged: true } : {}),
      role: str(message, 'role') === 'backup' ? 'backup' : 'coordinator',
      date,
      startTime: circle.startTime,
      deadline: localParts(times.deadlineAt).time,
      ackMinutes: circle.ackMinutes,
      late: escalation.late === true,
    };
  }
}
