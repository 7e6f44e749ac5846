import type { Circle } from '../domain/circles/circle';
import type { Round } from '../domain/circles/round';
import type { OutboxMessage, StagedMessages } from './outbox';

/** A one-time code to join a circle; only its HMAC-SHA256 (key derived from the data key) is stored. */
export interface CircleInvite {
  codeHash: string;
  circleId: string;
  role: 'member' | 'coordinator';
  memberId?: string;
  weekdays?: number[];
  createdBy: string;
  expiresAt: string;
  usedAt?: string;
}

/** The schedule of a circle without personal data: what the scheduler's index is built from. */
export type CircleSchedule = Omit<Circle, 'members' | 'coordinators' | 'candidates'> & {
  members: Omit<Circle['members'][number], 'firstName' | 'phone' | 'keyHolder'>[];
  coordinators: Omit<Circle['coordinators'][number], 'name'>[];
};

/** A change to circle definitions (and invites), saved in one write or not at all. */
export interface CircleChange {
  /** The new state; `expectedVersion` 0 creates. A version mismatch refuses the whole change. */
  save?: { circle: Circle; expectedVersion: number };
  /** Deletes the circle with its invites and rounds (erasure). */
  remove?: { circleId: string; expectedVersion: number };
  addInvite?: CircleInvite;
  /** Marks an invite used; refused (conflict) when it is unknown, used or expired at `at`. */
  useInvite?: { codeHash: string; at: string };
}

/** What a scheduled event came to; kept (a few days) so the same event never fires twice. */
export interface FiredEvent {
  key: string;
  at: string;
  outcome: 'sent' | 'late' | 'missed' | 'skipped';
}

/** A change to rounds, saved in one write together with the events and the messages it causes. */
export interface RoundChange {
  /** Rounds to save; `expectedVersion` 0 creates. Any mismatch refuses the whole change. */
  rounds?: { round: Round; expectedVersion: number }[];
  /** Event keys to record; when one is already recorded the whole change is a duplicate. */
  events?: FiredEvent[];
  /**
   * Messages for the delivery outbox (the store keeps these objects: do not change them after).
   * They are stored with the change (so they can never be lost
   * between two writes) and then moved to the outbox, whose idempotency keys drop a repeat.
   */
  outbox?: OutboxMessage[];
}

export type ChangeResult = 'ok' | 'conflict' | 'duplicate';

/** Call circles, with personal data sealed at rest by the implementation. */
export interface CircleRepository extends StagedMessages {
  change(change: CircleChange): Promise<ChangeResult>;
  changeRounds(change: RoundChange): Promise<ChangeResult>;
  /** Many independent round changes in one write (a scheduler tick); each is accepted or refused alone. */
  changeRoundsBatch(changes: RoundChange[]): Promise<ChangeResult[]>;
  get(circleId: string): Promise<Circle | undefined>;
  /** Circle ids where a chat is a coordinator or a member (no decryption). */
  idsForChat(chatKey: string): string[];
  /** All schedules, for the scheduler's index (no decryption). */
  schedules(): CircleSchedule[];
  schedule(circleId: string): CircleSchedule | undefined;
  getInvite(codeHash: string): Promise<CircleInvite | undefined>;
  getRound(circleId: string, date: string): Promise<Round | undefined>;
  /** Rounds of a circle with dates in [from, to], oldest first. */
  listRounds(circleId: string, from: string, to: string): Promise<Round[]>;
  /** Rounds with an escalation nobody resolved yet (for the scheduler's acknowledgement checks). */
  roundsWithOpenEscalations(): Promise<Round[]>;
  hasEvent(key: string): boolean;
}
