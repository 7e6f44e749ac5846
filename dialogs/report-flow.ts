import { type QuestionKey, QUESTION_KEYS, QUESTIONS, type ReportPart } from '../cards/signals/report-questions';
import type { ProblemKey } from '../cards/signals/report-views';
import { isRequiredField, REPORT_FIELDS, type ReportDraft, type ReportField } from '../src/application/report-draft';
import type { Sign } from '../src/domain/signs';
import type { SignaalpuntContact } from '../src/domain/routing';

/**
 * The order of "Signaal melden" as data: which question comes next given the answers so far,
 * and where a correction from the summary starts and ends. No botbuilder here.
 */

export type Stage = QuestionKey | 'signs' | 'summary' | 'done';

/** Everything the dialog keeps between turns (saved with the dialog stack, so JSON only). */
export interface ReportState {
  /** Made once when the dialog starts: a replayed confirm finds the same signal. */
  submissionKey: string;
  stage: Stage;
  draft: Partial<ReportDraft>;
  /** Signs observed earlier with "Signalen herkennen", offered for reuse. */
  offered: Sign[];
  /** A postcode the port could not place alone: it waits for the house number. */
  pendingPostcode?: string;
  signaalpuntName?: string;
  /** The part reopened from the summary: when it is done, the summary comes back. */
  correcting?: ReportPart;
  /** Set until the first question is asked: it carries the report's intro. */
  intro?: boolean;
  /** Why the current question is asked again. */
  problem?: { key: ProblemKey; vars?: Record<string, number> };
  /** After the confirm: what the port answered. */
  result?: { reference: string; signaalpuntName: string; deadline: string; wantsFeedback?: boolean; contact?: SignaalpuntContact };
}

/** The questions in their order, the signs card right after the offer to reuse earlier signs, then the summary. */
const ORDER: readonly Stage[] = [...QUESTION_KEYS.flatMap((key): Stage[] => (key === 'reuseSigns' ? [key, 'signs'] : [key])), 'summary'];

const partOf = (stage: Stage): ReportPart | undefined => (stage === 'signs' ? 'signs' : isQuestionKey(stage) ? QUESTIONS[stage].part : undefined);
const isQuestionKey = (stage: Stage): stage is QuestionKey => stage in QUESTIONS;

/** Whether a stage is asked in the normal order, given the answers so far. */
function applies(stage: Stage, state: ReportState): boolean {
  const { draft } = state;
  const other = draft.about === 'other';
  switch (stage) {
    case 'informed':
      return other;
    case 'consent':
      // Someone who does not know about the report cannot have agreed to be contacted.
      return other && draft.informed === true;
    case 'noConsent':
      return other && draft.consent === false;
    case 'address':
    case 'houseNumber':
      // Only when the port asks for them (see the postcode answer).
      return false;
    case 'reuseSigns':
      return state.offered.length > 0 && (draft.signs ?? []).length === 0;
    case 'signs':
      return (draft.signs ?? []).length === 0;
    case 'relation':
    case 'reporterOrganisation':
    case 'reporterSector':
      return other;
    case 'personName':
    case 'personContact':
      return other && draft.consent === true;
    default:
      return true;
  }
}

/** The stage after `from`: the next one that applies; during a correction, the summary once the part is done. */
export function nextStage(state: ReportState, from: Stage): Stage {
  const start = ORDER.indexOf(from);
  const next = ORDER.slice(start + 1).find((stage) => applies(stage, state)) ?? 'summary';
  if (state.correcting && partOf(next) !== state.correcting) return 'summary';
  return next;
}

/** Where a correction of `part` starts. */
export function firstStageOf(part: ReportPart, state: ReportState): Stage {
  switch (part) {
    case 'place':
      return 'postcode';
    case 'age':
      return 'ageGroup';
    case 'signs':
      return 'signs';
    case 'note':
      return 'note';
    case 'relation':
      // About oneself there is no relation to change.
      return state.draft.about === 'other' ? 'relation' : 'summary';
    case 'contact':
      return state.draft.about === 'other' && state.draft.consent === true ? 'personName' : 'reporterName';
  }
}

/** Details of the person, kept only when they agreed to be contacted (the schema refuses them otherwise). */
const PERSON_FIELDS: ReadonlySet<ReportField> = new Set(['personName', 'personContact']);

/** The draft for the summary and the port, or undefined while a required answer is missing. Open answers are left out. */
export function completeDraft(state: ReportState): ReportDraft | undefined {
  const d = state.draft;
  const withPerson = d.about === 'other' && d.consent === true;
  const given = (value: unknown) => value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);
  const kept = REPORT_FIELDS.filter((field) => given(d[field]) && (withPerson || !PERSON_FIELDS.has(field)));
  if (REPORT_FIELDS.some((field) => isRequiredField(field) && !kept.includes(field))) return undefined;
  // Every required field is there and every value came through the dialog's checks: the use case checks again.
  return Object.fromEntries(kept.map((field) => [field, d[field]])) as ReportDraft;
}
