import type { EscalationOutcome, WeekFigures } from '../../domain/circles/round';
import type { AlertNotice, CallView, MemberToday } from './circles.types';

/**
 * What a proactive call-circle message says, built at send time from the circle store (the outbox
 * holds ids only). The cards in `cards/circles/circle-notice.ts` turn one of these into a card and text.
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
  | AlertNotice
  | {
      kind: 'resolved';
      circleName: string;
      outcome: EscalationOutcome;
      memberFirstName?: string;
    }
  | { kind: 'coordinatorJoined'; circleId: string; circleName: string; coordinatorName: string }
  /** To each coordinator: someone used a coordinator code and waits for Goedkeuren / Weigeren. */
  | { kind: 'coordinatorRequest'; circleId: string; circleName: string; candidateName: string; candidateKey: string }
  /** To the candidate: the answer. */
  | { kind: 'coordinatorApproved'; circleId: string; circleName: string }
  | { kind: 'coordinatorRefused'; circleName: string }
  | { kind: 'missed'; circleName: string; date: string; event: 'reminder' | 'deadline' | 'weekly'; time: string }
  /** Another circle message could not be delivered; `memberFirstName` when it was to a member. */
  | { kind: 'notSent'; circleName: string; date: string; memberFirstName?: string }
  | { kind: 'weekly'; circleName: string; weekStart: string; weekEnd: string; figures: WeekFigures };
