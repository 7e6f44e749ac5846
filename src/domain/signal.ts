import type { Sign } from './signs';

/**
 * A signal: what a professional noticed about someone, routed to one signaalpunt.
 * Personal details live apart (`PersonalDetails`) so they can be encrypted at rest, shown only
 * to the linked team, and erased after retention while the rest stays for the figures.
 */
export const AGE_GROUPS = ['young', 'adult', 'senior75'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const RELATIONS = ['customer', 'client', 'patient', 'neighbour', 'family', 'volunteer', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

export const SECTORS = [
  'homeCare',
  'pharmacy',
  'hairdresser',
  'shop',
  'courier',
  'housing',
  'library',
  'neighbourhoodTeam',
  'healthcare',
  'volunteer',
  'private',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

export const SIGNAL_STATUSES = ['new', 'claimed', 'closed'] as const;
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];

export const OUTCOMES = ['contactMade', 'referred', 'notReachable', 'noFollowUpWanted'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const SIGNAL_ACTIONS = ['claim', 'release', 'note', 'forward', 'close'] as const;
export type SignalAction = (typeof SIGNAL_ACTIONS)[number];

/** Whose signal: about someone else, or the reporter about themselves. */
export type About = 'other' | 'self';

/** Everything that identifies a person. Encrypted at rest; erased after retention. */
export interface PersonalDetails {
  personName?: string;
  /** Phone or e-mail of the person, only with their consent. */
  personContact?: string;
  /** Full postcode and house number, when routing needed them. */
  postcode6?: string;
  houseNumber?: string;
  /** Short free text from the reporter (no medical details asked). */
  note?: string;
  reporterName?: string;
  /** Phone or e-mail of the reporter. */
  reporterContact?: string;
  reporterOrganisation?: string;
  /** Team members' display names by aadObjectId, as Teams gave them when they acted (the card says who); erased with the rest. */
  staffNames?: Record<string, string>;
}

/** Who did something: a Teams user (aadObjectId), the reporter, or the system. */
export interface SignalActor {
  kind: 'teamMember' | 'reporter' | 'system' | 'operator';
  /** aadObjectId for team members; never a name. */
  id?: string;
}

export interface HistoryEntry {
  at: string;
  action: SignalAction | 'created' | 'delivered' | 'overdueReminder' | 'personalErased' | 'maxAgeEscalated';
  by: SignalActor;
  fromStatus?: SignalStatus;
  toStatus?: SignalStatus;
  /** For forward: the signaalpunt ids. */
  fromSignaalpunt?: string;
  toSignaalpunt?: string;
  outcome?: Outcome;
  /** Note text is personal (free text): it lives in `notes`, encrypted; the history keeps its index. */
  noteIndex?: number;
}

export interface Signal {
  id: string;
  /** The dialog's submit key: a replayed submit finds this signal instead of making a second one. */
  submissionKey?: string;
  /** Bumped on every change; updates are compare-and-set on it, so two claims cannot both win. */
  version: number;
  /** Shown to people: SIG-2026-000123. */
  reference: string;
  createdAt: string;
  signaalpuntId: string;
  status: SignalStatus;
  claimedBy?: SignalActor;
  about: About;
  informed: boolean;
  consent: boolean;
  ageGroup: AgeGroup;
  /** The 4 digits only: enough for routing and figures, not an address. */
  postcode4: string;
  signs: Sign[];
  relation: Relation;
  reporterSector: Sector;
  wantsFeedback: boolean;
  /** Opaque key of the reporter's chat (a stored conversation reference), for hearing back. */
  reporterChatKey?: string;
  /** Due date (ISO date, Europe/Amsterdam) for the first claim, in working days. */
  deadline: string;
  outcome?: Outcome;
  closedAt?: string;
  claimedAt?: string;
  history: HistoryEntry[];
  personal: PersonalDetails;
  /** Team notes (free text, personal). */
  notes: string[];
  personalErasedAt?: string;
  lastOverdueReminder?: string;
}
