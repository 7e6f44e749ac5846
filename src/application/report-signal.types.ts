import type { AgeGroup } from '../domain/signal';
import type { SignaalpuntContact } from '../domain/routing';
import type { ReportDraft } from './report-draft';

export type { ReportDraft } from './report-draft';

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
