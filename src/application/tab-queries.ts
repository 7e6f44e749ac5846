import { computeFigures, isOverdue, type Figures, type Period } from '../domain/figures';
import type { SignaalpuntenConfig } from '../domain/routing';
import type { About, SignalActor, AgeGroup, HistoryEntry, Outcome, PersonalDetails, Relation, Sector, Signal, SignalAction, SignalStatus } from '../domain/signal';
import { allowedActions } from '../domain/signal-status';
import { amsterdamDate } from '../domain/working-days';
import type { Clock } from '../ports/clock';
import type { SignalRepository, SignalSummary } from '../ports/signals';

/** Queue filters. `open` means new or claimed. */
export const QUEUE_STATUSES = ['new', 'claimed', 'closed', 'open'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];
export const QUEUE_MAX_LIMIT = 200;
export const QUEUE_DEFAULT_LIMIT = 50;
/** Longest figures period: two years, enough to compare a year with the one before. */
export const FIGURES_MAX_DAYS = 731;

export interface QueueFilter {
  status?: QueueStatus;
  overdue?: boolean;
  /** 1..QUEUE_MAX_LIMIT (the edge checks it). */
  limit: number;
}

/** A row of the queue: no personal details (those are in the detail only). */
export interface QueueItem {
  id: string;
  reference: string;
  signaalpuntId: string;
  status: SignalStatus;
  version: number;
  ageGroup: AgeGroup;
  createdAt: string;
  /** Amsterdam date ("YYYY-MM-DD") by which the signal should be claimed. */
  deadline: string;
  overdue: boolean;
  claimed: boolean;
  claimedByMe: boolean;
  claimedAt: string | null;
  closedAt: string | null;
}

export interface Queue {
  items: QueueItem[];
  /** How many signals matched before `limit` cut the list. */
  total: number;
}

/** A history line as the tab shows it; a note's text is filled in from the (decrypted) notes. */
export interface HistoryLine {
  at: string;
  action: HistoryEntry['action'];
  by: SignalActor;
  fromStatus: SignalStatus | null;
  toStatus: SignalStatus | null;
  fromSignaalpunt: string | null;
  toSignaalpunt: string | null;
  outcome: Outcome | null;
  /** The note's text for `note` lines; null once personal details are erased. */
  note: string | null;
}

/** Everything the linked team may see of one signal, personal details included. */
export interface SignalDetail extends QueueItem {
  about: About;
  informed: boolean;
  consent: boolean;
  postcode4: string;
  signs: string[];
  relation: Relation;
  reporterSector: Sector;
  wantsFeedback: boolean;
  /** aadObjectId of the claimer (the tab resolves names itself, the server keeps none). */
  claimedBy: string | null;
  outcome: Outcome | null;
  personal: PersonalDetails;
  personalErasedAt: string | null;
  history: HistoryLine[];
  /** What the status table allows now (the tab shows these buttons). */
  allowedActions: SignalAction[];
  /** Active signaalpunten the signal may be forwarded to (empty unless `forward` is allowed). */
  forwardTargets: Array<{ id: string; name: string }>;
}

export interface TabQueriesDeps {
  signals: SignalRepository;
  clock: Clock;
  config: () => SignaalpuntenConfig;
}

/**
 * What the Teams tab reads: the queue, one signal's detail and the figures, always within a scope
 * (the signaalpunten linked to the caller's team; the HTTP edge works that scope out from the
 * token and the roster). A signal outside the scope is "not found", so its existence is not told.
 */
export class TabQueries {
  constructor(private readonly deps: TabQueriesDeps) {}

  async queue(scope: readonly string[], viewer: string, filter: QueueFilter): Promise<Queue> {
    const today = amsterdamDate(this.deps.clock.now());
    const matches = (await this.inScope(scope))
      .filter((s) => matchesStatus(s.status, filter.status))
      .filter((s) => filter.overdue === undefined || isOverdue(s, today) === filter.overdue)
      .map((s) => toItem(s, viewer, today))
      .sort(queueOrder);
    return { items: matches.slice(0, filter.limit), total: matches.length };
  }

  async detail(scope: readonly string[], viewer: string, signalId: string): Promise<SignalDetail | undefined> {
    const signal = await this.deps.signals.get(signalId);
    return signal && scope.includes(signal.signaalpuntId) ? this.toDetail(signal, viewer) : undefined;
  }

  /** True when the signal exists and belongs to the scope. */
  async inScopeSignal(scope: readonly string[], signalId: string): Promise<boolean> {
    const signal = await this.deps.signals.get(signalId);
    return signal !== undefined && scope.includes(signal.signaalpuntId);
  }

  toDetail(signal: Signal, viewer: string): SignalDetail {
    const today = amsterdamDate(this.deps.clock.now());
    const actions = allowedActions(signal.status);
    const forwardTargets = actions.includes('forward')
      ? this.deps
          .config()
          .signaalpunten.filter((s) => s.active && s.id !== signal.signaalpuntId)
          .map((s) => ({ id: s.id, name: s.name }))
      : [];
    return {
      ...toItem(signal, viewer, today),
      about: signal.about,
      informed: signal.informed,
      consent: signal.consent,
      postcode4: signal.postcode4,
      signs: [...signal.signs],
      relation: signal.relation,
      reporterSector: signal.reporterSector,
      wantsFeedback: signal.wantsFeedback,
      claimedBy: signal.claimedBy?.id ?? null,
      outcome: signal.outcome ?? null,
      personal: { ...signal.personal },
      personalErasedAt: signal.personalErasedAt ?? null,
      history: signal.history.map((h) => ({
        at: h.at,
        action: h.action,
        by: { ...h.by },
        fromStatus: h.fromStatus ?? null,
        toStatus: h.toStatus ?? null,
        fromSignaalpunt: h.fromSignaalpunt ?? null,
        toSignaalpunt: h.toSignaalpunt ?? null,
        outcome: h.outcome ?? null,
        note: h.noteIndex === undefined ? null : (signal.notes[h.noteIndex] ?? null),
      })),
      allowedActions: actions,
      forwardTargets,
    };
  }

  /** Figures over the scope's signals created in the period. No personal details go in or out. */
  async figures(scope: readonly string[], period: Period): Promise<Figures> {
    return computeFigures(await this.inScope(scope), period, this.deps.clock.now());
  }

  /** The name of a signaalpunt in the config (its id when it is no longer configured). */
  signaalpuntName(id: string): string {
    return this.deps.config().signaalpunten.find((s) => s.id === id)?.name ?? id;
  }

  /** The queue and the figures show no personal details, so nothing is decrypted for them. */
  private async inScope(scope: readonly string[]): Promise<SignalSummary[]> {
    const lists = await Promise.all([...new Set(scope)].map((signaalpuntId) => this.deps.signals.summaries({ signaalpuntId })));
    return lists.flat();
  }
}

function matchesStatus(status: SignalStatus, wanted: QueueStatus | undefined): boolean {
  if (wanted === undefined) return true;
  if (wanted === 'open') return status !== 'closed';
  return status === wanted;
}

function toItem(signal: SignalSummary, viewer: string, today: string): QueueItem {
  return {
    id: signal.id,
    reference: signal.reference,
    signaalpuntId: signal.signaalpuntId,
    status: signal.status,
    version: signal.version,
    ageGroup: signal.ageGroup,
    createdAt: signal.createdAt,
    deadline: signal.deadline,
    overdue: isOverdue(signal, today),
    claimed: signal.status === 'claimed',
    claimedByMe: signal.status === 'claimed' && viewer !== '' && signal.claimedBy?.id === viewer,
    claimedAt: signal.claimedAt ?? null,
    closedAt: signal.closedAt ?? null,
  };
}

/** Open before closed; overdue first; then the nearest deadline, oldest first. Closed: latest closed first. */
function queueOrder(a: QueueItem, b: QueueItem): number {
  const closed = Number(a.status === 'closed') - Number(b.status === 'closed');
  if (closed !== 0) return closed;
  if (a.status === 'closed') return compare(b.closedAt ?? '', a.closedAt ?? '') || compare(a.reference, b.reference);
  return Number(b.overdue) - Number(a.overdue) || compare(a.deadline, b.deadline) || compare(a.createdAt, b.createdAt) || compare(a.reference, b.reference);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
