import type { About, AgeGroup, Relation, Sector } from '../domain/signal';
import type { Sign } from '../domain/signs';
import type { SignaalpuntContact } from '../domain/routing';

/**
 * What the report dialog collects. The use case validates it again (zod) before storing:
 * the dialog is one client of many.
 */
export interface ReportDraft {
  about: About;
  informed: boolean;
  /** The person agrees to be contacted. Without it, no name or contact of the person is kept. */
  consent: boolean;
  /** As typed: "1234 AB" or "1234". */
  postcode: string;
  houseNumber?: string;
  ageGroup: AgeGroup;
  signs: Sign[];
  note?: string;
  relation: Relation;
  personName?: string;
  personContact?: string;
  reporterName?: string;
  reporterOrganisation?: string;
  reporterSector: Sector;
  reporterContact?: string;
  wantsFeedback: boolean;
}

export type PostcodeCheck =
  | { kind: 'ok'; signaalpuntName: string }
  /** The 4 digits are shared by two municipalities: ask the full postcode and house number. */
  | { kind: 'needsAddress' }
  | { kind: 'invalid' };

/** A report about someone else without their consent: "Melden zonder naam" (only the 4 digits of the postcode). */
export const isWithoutName = (draft: Pick<Partial<ReportDraft>, 'about' | 'consent'>): boolean => draft.about === 'other' && draft.consent === false;

export type SubmitResult =
  /** `contact`: how the reporter reaches the signaalpunt, when the configuration gives it. */
  | { ok: true; reference: string; signaalpuntName: string; deadline: string; contact?: SignaalpuntContact }
  | { ok: false; code: 'DRAFT_INVALID'; fields: string[] }
  /** The reporter's chat filed `reportsPerDay` signals today already (issue 11). */
  | { ok: false; code: 'DAILY_LIMIT'; fields: [] };

export interface SignalStatusLine {
  reference: string;
  status: 'new' | 'claimed' | 'closed';
  createdAt: string;
}

/** The use cases the report dialog calls (implemented in src/application/report-signal.ts). */
export interface ReportSignalPort {
  /** `withoutAddress`: a report without name; a shared postcode is then placed without asking the address. */
  checkPostcode(input: { postcode: string; houseNumber?: string; ageGroup: AgeGroup; withoutAddress?: boolean }): Promise<PostcodeCheck>;
  /** Days after closing after which names, contact details and the note are erased (told to the reporter). */
  readonly retentionDays: number;
  /**
   * Stores the signal (personal details encrypted) and queues its delivery before answering.
   * The same `submissionKey` twice returns the first signal's reference: one signal, not two.
   */
  submit(draft: ReportDraft, context: { submissionKey: string; reporterChatKey?: string }): Promise<SubmitResult>;
  /** The reporter's own signals only (by their chat key). */
  statusForReporter(reporterChatKey: string, reference?: string): Promise<SignalStatusLine[]>;
}
