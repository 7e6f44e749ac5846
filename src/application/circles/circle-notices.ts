import type { EscalationOutcome, EscalationReason, WeekFigures } from '../../domain/circles/round';
import type { CallView, MemberToday } from './circles.types';

/**
 * What a proactive call-circle message says, built at send time from the circle store (the outbox
 * holds ids only). The cards in `cards/circle-notice.ts` turn one of these into a card and text.
 */
export type CircleNotice =
  | {
      kind: 'reminder';
      role: 'coordinator';
      circleId: string;
      circleName: string;
      date: string;
      startTime: string;
      /** Sent after its time because the bot was down. */
      late: boolean;
      calls: CallView[];
      /** Members not taking part today (paused). */
      pausedToday: string[];
    }
  | { kind: 'reminder'; role: 'member'; startTime: string; late: boolean; today: MemberToday }
  | {
      kind: 'escalation';
      circleId: string;
      circleName: string;
      escalationId: string;
      reason: EscalationReason;
      /** The member it is about, with what the coordinator needs to act. */
      member?: { firstName: string; phone: string; keyHolder: { name: string; phone: string; relation: string } };
      /** Who raised it: a member's first name, or the coordinator, or the bot (deadline passed). */
      raisedBy: { firstName: string } | 'coordinator' | 'scheduler';
      /** coordinator: first alert; backup: the coordinator of the day did not acknowledge in time. */
      role: 'coordinator' | 'backup';
      date: string;
      startTime: string;
      deadline: string;
      ackMinutes: number;
      late: boolean;
    }
  | {
      kind: 'resolved';
      circleName: string;
      outcome: EscalationOutcome;
      memberFirstName?: string;
    }
  | { kind: 'coordinatorJoined'; circleId: string; circleName: string; coordinatorName: string }
  | { kind: 'missed'; circleName: string; date: string; event: 'reminder' | 'deadline' | 'weekly'; time: string }
  /** Another circle message could not be delivered; `memberFirstName` when it was to a member. */
  | { kind: 'notSent'; circleName: string; date: string; memberFirstName?: string }
  | { kind: 'weekly'; circleName: string; weekStart: string; weekEnd: string; figures: WeekFigures };
