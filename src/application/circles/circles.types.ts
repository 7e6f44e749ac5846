import type { Circle, CircleInput, CircleResult, CircleSettings, MemberInput } from '../../domain/circles/circle';

type CircleSettingKey = keyof CircleSettings;
import type { CircleEditCommand } from '../../domain/circles/edit';
import type { CheckinKind, EscalationOutcome, EscalationReason } from '../../domain/circles/round';

/** Who is acting: their personal chat (opaque key) and, for coordinators, the name they gave. */
export interface CircleActor {
  chatKey: string;
  name?: string;
  locale?: 'nl' | 'en';
  /** The Microsoft 365 tenant of the chat (Teams); join attempts are also limited per tenant. */
  tenantId?: string;
}

/** A circle as listed for a chat: what role the chat has in it. */
export interface CircleSummary {
  circleId: string;
  name: string;
  role: 'coordinator' | 'member';
  /** For a member: their own member id. */
  memberId?: string;
  startTime: string;
  memberCount: number;
}

export interface MemberView {
  memberId: string;
  firstName: string;
  /** Shown the Dutch way for Dutch numbers ("06 12345678"). */
  phone: string;
  keyHolder: { name: string; phone: string; relation: string };
  pauses: { from: string; to: string }[];
  /** Paused on the viewed date. */
  pausedToday: boolean;
  inChat: boolean;
}

/** One line of today's order: who calls whom ('coordinator' is the coordinator of the day). */
export interface CallView {
  caller: { memberId: string; firstName: string } | 'coordinator';
  callee: { memberId: string; firstName: string } | 'coordinator';
}

export interface EscalationView {
  escalationId: string;
  reason: EscalationReason;
  member?: { memberId: string; firstName: string; phone: string; keyHolder: { name: string; phone: string; relation: string } };
  raisedAt: string;
  acknowledged: boolean;
  outcome?: EscalationOutcome;
}

/** Everything a coordinator sees of a circle on a date (personal data: coordinators only). */
export interface CircleView extends Pick<Circle, CircleSettingKey | 'pauses'> {
  circleId: string;
  coordinators: { chatKey: string; name: string; weekdays: number[]; backup: boolean; isYou: boolean }[];
  members: MemberView[];
  date: string;
  /** Why there is no round on `date` (weekday, holiday, paused, nobody), or undefined. */
  noRound?: 'weekday' | 'holiday' | 'paused' | 'nobody';
  /** Today's round has not begun (before its reminder, nothing recorded yet). */
  beforeRound: boolean;
  coordinatorOfDay: string;
  calls: CallView[];
  round?: { status: 'open' | 'closed'; checkins: number; escalations: EscalationView[] };
  version: number;
}

/** A change to an existing circle; each is one atomic save (nothing half-saved). */
export type CircleEdit = CircleEditCommand;

export type InviteFor = { role: 'member'; memberId: string } | { role: 'coordinator'; weekdays: number[] };

export interface InviteCode {
  /** Shown once ("ABCD-EF2G-HJKM"); only its HMAC is stored. */
  code: string;
  expiresAt: string;
}

export interface JoinResult {
  circleId: string;
  circleName: string;
  role: 'member' | 'coordinator';
  memberId?: string;
  /** A coordinator code: an existing coordinator must approve first (the creator of a circle never waits). */
  pending?: true;
}

/** An existing coordinator's answer to a new coordinator's request. */
export type CoordinatorDecision = 'approve' | 'refuse';

export interface CheckinResult {
  /** For needHelp: show 112 to the member. */
  showEmergency: boolean;
  /** The round is closed by this check-in (every member said "alles goed"). */
  roundClosed: boolean;
  /** Whether a coordinator was alerted. */
  coordinatorAlerted: boolean;
}

/** What a member's check-in card offers: who they call today (chain mode). */
export interface MemberToday {
  circleId: string;
  circleName: string;
  memberId: string;
  firstName: string;
  date: string;
  roundOpen: boolean;
  /** Undefined in star mode or when paused. */
  callee?: { memberId: string; firstName: string } | 'coordinator';
  /** Everyone in today's order but the member, for "Ik heb ... niet bereikt". */
  others: { memberId: string; firstName: string }[];
}

/** The call-circle use cases the dialogs call (implemented in ./circles.ts). */
export interface CirclesPort {
  /** Creates a circle with its members in one save; the actor becomes its first coordinator. */
  create(actor: CircleActor, input: CircleInput, members: MemberInput[]): Promise<CircleResult<{ circleId: string }>>;
  /** Circles where this chat is a coordinator or a member. */
  listFor(chatKey: string): Promise<CircleSummary[]>;
  /** Coordinators only. `date` defaults to today (Amsterdam). */
  view(actor: CircleActor, circleId: string, date?: string): Promise<CircleResult<CircleView>>;
  edit(actor: CircleActor, circleId: string, edit: CircleEdit): Promise<CircleResult<CircleView>>;
  /** Deletes the circle and erases all its personal data. */
  remove(actor: CircleActor, circleId: string): Promise<CircleResult<void>>;
  invite(actor: CircleActor, circleId: string, invite: InviteFor): Promise<CircleResult<InviteCode>>;
  join(actor: CircleActor, code: string): Promise<CircleResult<JoinResult>>;
  /**
   * An existing coordinator approves or refuses someone who redeemed a coordinator code; the
   * candidate is told either way. Anyone else (the candidate too) gets NOT_A_COORDINATOR.
   */
  decideCoordinator(actor: CircleActor, circleId: string, candidateChatKey: string, decision: CoordinatorDecision): Promise<CircleResult<{ candidateName: string }>>;
  /** A member's own view of today's round (for the check-in card). */
  memberToday(actor: CircleActor, circleId: string): Promise<CircleResult<MemberToday>>;
  /** "Alles goed", "Ik heb <naam> niet bereikt" (about), "Ik heb hulp nodig". */
  checkIn(actor: CircleActor, circleId: string, kind: CheckinKind, about?: string): Promise<CircleResult<CheckinResult>>;
  /** A coordinator reports a member not reached (star mode, or told by phone). */
  /** `alertedYou`: the reporter is the coordinator of the day, whose alert card is the answer. */
  reportNotReached(actor: CircleActor, circleId: string, memberId: string, reason?: 'notReached' | 'worried'): Promise<CircleResult<{ escalationId: string; alertedYou: boolean }>>;
  /** An alert as the coordinator sees it now (to update the alert card in place after "Ik pak het op"). */
  alertNotice(actor: CircleActor, circleId: string, escalationId: string): Promise<CircleResult<AlertNotice>>;
  /** The coordinator says the circle is "rond" today (or on `date`, today or earlier, from a reminder card). */
  closeRound(actor: CircleActor, circleId: string, date?: string): Promise<CircleResult<{ late: boolean }>>;
  acknowledge(actor: CircleActor, circleId: string, escalationId: string): Promise<CircleResult<void>>;
  resolve(actor: CircleActor, circleId: string, escalationId: string, outcome: EscalationOutcome): Promise<CircleResult<void>>;
}

/** An alert (escalation) as its card shows it; see CircleNotice. */
export interface AlertNotice {
  kind: 'escalation';
  circleId: string;
  circleName: string;
  escalationId: string;
  reason: EscalationReason;
  /** The member it is about, with what the coordinator needs to act. */
  member?: { firstName: string; phone: string; keyHolder: { name: string; phone: string; relation: string } };
  /** Who raised it: a member's first name, or the coordinator, or the bot (deadline passed). */
  raisedBy: { firstName: string } | 'coordinator' | 'scheduler' | 'you';
  /** Someone pressed "Ik pak het op". */
  acknowledged?: boolean;
  /** coordinator: first alert; backup: the coordinator of the day did not acknowledge in time. */
  role: 'coordinator' | 'backup';
  date: string;
  startTime: string;
  deadline: string;
  ackMinutes: number;
  late: boolean;
}
