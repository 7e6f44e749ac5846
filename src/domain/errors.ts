/**
 * Stable error codes of the domain. Expected failures are returned as values carrying one of these
 * codes; the edge (dialogs, cards, HTTP) turns a code into a user message from the locale files.
 * Add codes here (and to the locale files) rather than inventing strings elsewhere.
 */
export const DOMAIN_ERROR_CODES = [
  /** The status table does not allow this action from the signal's current status. */
  'TRANSITION_NOT_ALLOWED',
  /** Someone else (or you) already claimed the signal. */
  'ALREADY_CLAIMED',
  /** The signal is closed: nothing changes it any more. */
  'SIGNAL_CLOSED',
  /** This kind of actor may not take this action (e.g. the system claiming a signal). */
  'ACTOR_NOT_ALLOWED',
  /** A note must be 1 to 1000 characters. */
  'NOTE_INVALID',
  /** Closing needs one of the known outcomes. */
  'OUTCOME_REQUIRED',
  /** Forwarding needs another signaalpunt than the current one. */
  'FORWARD_SAME_SIGNAALPUNT',
  'POSTCODE_INVALID',
  'HOUSE_NUMBER_INVALID',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** The failure half of a domain result. */
export interface DomainFailure<C extends DomainErrorCode = DomainErrorCode> {
  ok: false;
  code: C;
}
