/**
 * The status workflow of a signal: one table of allowed changes and one `transition()` that every
 * change goes through (anchor: Amsterdam Signalen's workflow.py). It returns a new signal with
 * `version + 1` and one more history entry; it never edits the history or the given signal.
 *
 * Decisions:
 * - Any member of the signaalpunt's team may release a claimed signal, not only the claimer: the
 *   claimer may be ill or on leave, and the team must be able to hand the signal on. The history
 *   records who released it. Who counts as a team member is checked at the edge (linked channel).
 * - Every action on a closed signal is refused with SIGNAL_CLOSED (clearer to people than
 *   TRANSITION_NOT_ALLOWED); a claim on a claimed signal with ALREADY_CLAIMED.
 * - Closing needs a claim first: someone has to own the outcome.
 * - Forwarding puts the signal back to `new` at the other signaalpunt: the claim, the claim time
 *   and the overdue-reminder mark belong to the old team and are cleared.
 */
import { OUTCOMES, type SignalActor, type HistoryEntry, type Outcome, type Signal, type SignalAction, type SignalStatus } from './signal';
import type { DomainFailure } from './errors';

/** For each action, the statuses it may start from and the status it leads to. Nothing else is allowed. */
export const ALLOWED_TRANSITIONS: Readonly<Record<SignalAction, Readonly<Partial<Record<SignalStatus, SignalStatus>>>>> = {
  claim: { new: 'claimed' },
  release: { claimed: 'new' },
  note: { new: 'new', claimed: 'claimed' },
  forward: { new: 'new', claimed: 'new' },
  close: { claimed: 'closed' },
};

/** Who may take each action. Operators may release and forward (e.g. after a broken channel link). */
export const ALLOWED_ACTORS: Readonly<Record<SignalAction, readonly SignalActor['kind'][]>> = {
  claim: ['teamMember'],
  release: ['teamMember', 'operator'],
  note: ['teamMember'],
  forward: ['teamMember', 'operator'],
  close: ['teamMember'],
};

/** The longest note a team writes on a signal (not the reporter's note: REPORT_LIMITS.note). */
export const TEAM_NOTE_MAX_LENGTH = 1000;

export type TransitionRequest =
  | { action: 'claim'; by: SignalActor }
  | { action: 'release'; by: SignalActor }
  | { action: 'note'; by: SignalActor; text: string }
  | {
      action: 'forward';
      by: SignalActor;
      /** Id of the receiving signaalpunt. Whether it exists and is active is checked against the config by the caller. */
      to: string;
      /** The new deadline (from the receiving signaalpunt's working days); unchanged when left out. */
      deadline?: string;
    }
  | { action: 'close'; by: SignalActor; outcome: Outcome };

export type TransitionResult = { ok: true; signal: Signal } | DomainFailure;

/** The actions the table allows from a status, in table order (for showing buttons on a card). */
export function allowedActions(status: SignalStatus): SignalAction[] {
  return (Object.keys(ALLOWED_TRANSITIONS) as SignalAction[]).filter((a) => ALLOWED_TRANSITIONS[a][status] !== undefined);
}

/** Counts characters as people see them (an emoji is one), not UTF-16 code units. */
function characterCount(text: string): number {
  return [...text].length;
}

function actorAllowed(action: SignalAction, by: SignalActor): boolean {
  if (!ALLOWED_ACTORS[action].includes(by.kind)) return false;
  // The history says who did it by id (a Teams aadObjectId), never by name.
  return by.kind !== 'teamMember' || (typeof by.id === 'string' && by.id.trim() !== '');
}

/** Applies one action to a signal, if the status table allows it. Pure: `now` is the clock. */
export function transition(signal: Signal, request: TransitionRequest, now: Date): TransitionResult {
  const { action } = request;
  const toStatus = ALLOWED_TRANSITIONS[action]?.[signal.status];
  if (toStatus === undefined) {
    if (signal.status === 'closed') return { ok: false, code: 'SIGNAL_CLOSED' };
    if (action === 'claim' && signal.status === 'claimed') return { ok: false, code: 'ALREADY_CLAIMED' };
    return { ok: false, code: 'TRANSITION_NOT_ALLOWED' };
  }
  if (!actorAllowed(action, request.by)) return { ok: false, code: 'ACTOR_NOT_ALLOWED' };

  const at = now.toISOString();
  const entry: HistoryEntry = { at, action, by: { ...request.by }, fromStatus: signal.status, toStatus };
  const base: Signal = { ...signal, status: toStatus, version: signal.version + 1 };

  switch (request.action) {
    case 'claim':
      return done({ ...base, claimedBy: { ...request.by }, claimedAt: at }, entry);
    case 'release':
      return done(withoutClaim(base), entry);
    case 'note': {
      const text = typeof request.text === 'string' ? request.text.trim() : '';
      const length = characterCount(text);
      if (length < 1 || length > TEAM_NOTE_MAX_LENGTH) return { ok: false, code: 'NOTE_INVALID' };
      return done({ ...base, notes: [...signal.notes, text] }, { ...entry, noteIndex: signal.notes.length });
    }
    case 'forward': {
      const to = typeof request.to === 'string' ? request.to.trim() : '';
      if (to === '' || to === signal.signaalpuntId) return { ok: false, code: 'FORWARD_SAME_SIGNAALPUNT' };
      const { lastOverdueReminder: _reminded, ...rest } = withoutClaim(base);
      const moved: Signal = { ...rest, signaalpuntId: to, ...(request.deadline ? { deadline: request.deadline } : {}) };
      return done(moved, { ...entry, fromSignaalpunt: signal.signaalpuntId, toSignaalpunt: to });
    }
    case 'close':
      if (!(OUTCOMES as readonly string[]).includes(request.outcome)) return { ok: false, code: 'OUTCOME_REQUIRED' };
      return done({ ...base, outcome: request.outcome, closedAt: at }, { ...entry, outcome: request.outcome });
  }
}

function withoutClaim(signal: Signal): Signal {
  const { claimedBy: _by, claimedAt: _at, ...rest } = signal;
  return rest;
}

function done(signal: Signal, entry: HistoryEntry): TransitionResult {
  return { ok: true, signal: { ...signal, history: [...signal.history, entry] } };
}
