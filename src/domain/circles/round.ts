/**
 * One day's round of a circle, and the escalations it raised. Members are referred to by id only:
 * a round holds no personal data, so it survives a member's erasure without leaking anything.
 */
/** `worried`: reached, but the member sounded confused or unwell (DOMAIN: a reason to act). */
export const CHECKIN_KINDS = ['ok', 'notReached', 'worried', 'needHelp'] as const;
export type CheckinKind = (typeof CHECKIN_KINDS)[number];

export interface Checkin {
  kind: CheckinKind;
  /** Who checked in: a member id, or 'coordinator'. */
  by: string;
  /** For notReached and worried: the member it is about. */
  about?: string;
  at: string;
}

export const ESCALATION_REASONS = ['notReached', 'worried', 'needHelp', 'roundNotClosed'] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

/** How an escalation ended, recorded by the coordinator. */
export const ESCALATION_OUTCOMES = ['allGood', 'keyHolder', 'emergency', 'doctor', 'other'] as const;
export type EscalationOutcome = (typeof ESCALATION_OUTCOMES)[number];

export interface Escalation {
  id: string;
  reason: EscalationReason;
  /** The member it is about; absent for a round nobody closed. */
  memberId?: string;
  raisedAt: string;
  /** A member id, 'coordinator' or 'scheduler'. */
  raisedBy: string;
  /** The chat of the coordinator who raised it (absent before 2026-12 and for members): their alert says "U heeft dit gemeld". */
  raisedByChat?: string;
  /** Chat keys that were alerted; they all hear the outcome. */
  alerted: string[];
  /** When the backup is told if nobody acknowledged. */
  ackDueAt: string;
  acknowledgedAt?: string;
  backupAlertedAt?: string;
  resolvedAt?: string;
  outcome?: EscalationOutcome;
  /** Sent after the deadline had passed (the bot was down): the message says so. */
  late?: boolean;
}

export type RoundStatus = 'open' | 'closed';

export interface Round {
  circleId: string;
  date: string;
  status: RoundStatus;
  startAt: string;
  deadlineAt: string;
  closedAt?: string;
  /** Closed after its deadline. */
  closedLate?: boolean;
  checkins: Checkin[];
  escalations: Escalation[];
  /** Scheduled events that were recorded as missed (the bot was down too long). */
  missed: string[];
  version: number;
}

/** A week's figures for a coordinator's overview. */
export interface WeekFigures {
  rounds: number;
  closed: number;
  closedLate: number;
  notClosed: number;
  escalations: number;
  outcomes: Partial<Record<EscalationOutcome | 'open', number>>;
  missedEvents: number;
}

export function weekFigures(rounds: readonly Round[]): WeekFigures {
  const figures: WeekFigures = { rounds: 0, closed: 0, closedLate: 0, notClosed: 0, escalations: 0, outcomes: {}, missedEvents: 0 };
  for (const r of rounds) {
    figures.rounds += 1;
    if (r.status === 'closed') {
      figures.closed += 1;
      if (r.closedLate) figures.closedLate += 1;
    } else {
      figures.notClosed += 1;
    }
    figures.missedEvents += r.missed.length;
    for (const e of r.escalations) {
      figures.escalations += 1;
      const key = e.outcome ?? 'open';
      figures.outcomes[key] = (figures.outcomes[key] ?? 0) + 1;
    }
  }
  return figures;
}
