import type { CirclePlan } from '../../domain/circles/circle';
import type { Round } from '../../domain/circles/round';
import { decideBackup, decideEvent, eventNeedsRound } from '../../domain/circles/scheduled-event';
import { eventKey, nextOccurrence, SCHEDULED_KINDS, type ScheduledKind } from '../../domain/circles/schedule';
import type { ChangeResult, CircleRepository, FiredEvent, RoundChange } from '../../ports/circles';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import { noopTelemetry, type Telemetry } from '../../ports/telemetry';
import type { OutboxMessage } from '../../ports/outbox';
import type { OutboxRelay } from '../outbox-relay';
import { circleMessage } from './circle-messages';
import { newRound, raise } from './escalations';
import { MinuteIndex } from './minute-index';

/** Events decided and stored per write within one tick. */
export const TICK_CHUNK = 2500;
/** After downtime, events this far back are still looked at (sent late, or recorded as missed). */
export const LOOKBACK_HOURS = 48;

type EntryKind = ScheduledKind | 'ack';

interface Entry {
  at: number;
  circleId: string;
  kind: EntryKind;
  date: string;
  /** The circle's plan generation when planned: a changed circle makes older entries stale. */
  generation: number;
  escalationId?: string;
}

export interface CircleSchedulerDeps {
  store: CircleRepository;
  relay: Pick<OutboxRelay, 'relay'>;
  clock: Clock;
  logger: Logger;
  lookbackHours?: number;
  /** A span and a duration per tick; default off. */
  telemetry?: Telemetry;
}

export interface TickResult {
  /** Events found due (index pops, stale entries not counted). */
  due: number;
  /** Outbox messages queued by this tick. */
  queued: number;
  /** Time to find the due events in the index, ms. */
  findMs: number;
  /** Time to decide and store them, ms. */
  processMs: number;
}

/**
 * The call-circle scheduler. One index (a min-heap of next-run times, not a timer per circle) is
 * built at start from the stored schedules; `tick(now)` pops what is due, decides each event and
 * saves the decisions with their messages in one write.
 *
 * - Exactly once per circle, date and kind: the event key is stored in the same write as the
 *   messages; a key already stored is skipped (two ticks in one minute, a restart, a second pop).
 * - Catch-up: after downtime the index starts `lookbackHours` back; a due event still meaningful
 *   is sent late and marked late, one past its meaning is recorded as missed and the coordinator
 *   is told.
 * - The clock comes from a port: tests move time, nothing waits.
 */
export class CircleScheduler {
  private readonly heap = new MinuteIndex<Entry>();
  private readonly generations = new Map<string, number>();
  /** The clear plans, by circle id (no personal data), refreshed on every change. */
  private readonly plans = new Map<string, CirclePlan>();
  private readonly logger: Logger;
  private running: Promise<TickResult> | undefined;

  constructor(private readonly deps: CircleSchedulerDeps) {
    this.logger = deps.logger.child({ component: 'circle-scheduler' });
  }

  /** Builds the index from the store (and moves messages a crash left behind to the outbox). */
  async start(): Promise<void> {
    const now = this.deps.clock.now();
    const from = new Date(now.getTime() - (this.deps.lookbackHours ?? LOOKBACK_HOURS) * 3_600_000);
    const plans = this.deps.store.schedules();
    const entries: Entry[] = [];
    for (const plan of plans) {
      this.plans.set(plan.id, plan);
      entries.push(...this.plan(plan, from));
    }
    for (const round of await this.deps.store.roundsWithOpenEscalations()) {
      for (const e of round.escalations) {
        if (!e.resolvedAt && !e.acknowledgedAt && !e.backupAlertedAt) entries.push(this.ackEntry(round.circleId, round.date, e.id, e.ackDueAt));
      }
    }
    this.heap.init(entries);
    await this.deps.relay.relay().catch(() => undefined);
    this.logger.info({ code: 'SCHEDULER_STARTED', circleCount: plans.length, entryCount: entries.length }, 'circle scheduler index built');
  }

  /** Re-plans one circle after a change (or forgets it when removed). */
  replan(circleId: string): void {
    const plan = this.deps.store.schedule(circleId);
    const generation = (this.generations.get(circleId) ?? 0) + 1;
    this.generations.set(circleId, generation);
    if (!plan) {
      this.plans.delete(circleId);
      return;
    }
    this.plans.set(circleId, plan);
    // A minute back, so an event due this very minute is not skipped (its key stops a repeat).
    for (const entry of this.plan(plan, new Date(this.deps.clock.now().getTime() - 60_000))) this.heap.push(entry);
  }

  /** Watches an escalation: when nobody acknowledged it by `ackDueAt`, the backup is told. */
  watchEscalation(circleId: string, date: string, escalationId: string, ackDueAt: string): void {
    this.heap.push(this.ackEntry(circleId, date, escalationId, ackDueAt));
  }

  /** Index size (for the benchmark and the health log). */
  get size(): number {
    return this.heap.size();
  }

  /** One tick; ticks never overlap (a second call waits for the first, then runs). */
  tick(now: Date = this.deps.clock.now()): Promise<TickResult> {
    const previous = this.running ?? Promise.resolve(undefined);
    const telemetry = this.deps.telemetry ?? noopTelemetry;
    const run = previous.catch(() => undefined).then(() =>
      telemetry.span('circles.tick', {}, async (span) => {
        const started = performance.now();
        const result = await this.runTick(now);
        span.set({ 'circles.due': result.due, 'circles.queued': result.queued });
        telemetry.record('signaalbot.circles.tick_duration', performance.now() - started);
        return result;
      }),
    );
    this.running = run;
    void run.finally(() => {
      if (this.running === run) this.running = undefined;
    }).catch(() => undefined);
    return run;
  }

  /** Takes what is due at `now` from the index (stale entries of changed circles are dropped). */
  findDue(now: Date): Entry[] {
    return this.heap.takeDue(now.getTime()).filter((e) => e.kind === 'ack' || e.generation === (this.generations.get(e.circleId) ?? 0));
  }

  /** Plans the next occurrence of each popped event (after the find, so the find stays cheap). */
  private planNext(due: readonly Entry[]): void {
    for (const entry of due) {
      if (entry.kind === 'ack') continue;
      const plan = this.plans.get(entry.circleId);
      const next = plan ? nextOccurrence(plan, entry.kind, new Date(entry.at)) : undefined;
      if (next) this.heap.push({ at: next.at.getTime(), circleId: entry.circleId, kind: entry.kind, date: next.date, generation: entry.generation });
    }
  }

  private async runTick(now: Date): Promise<TickResult> {
    const started = performance.now();
    const due = this.findDue(now);
    const found = performance.now();
    this.planNext(due);
    let queued = 0;
    // In chunks, each stored in one write and moved to the outbox, so thousands of circles due in
    // the same minute never hold the event loop for long. Events of one round stay together.
    for (const chunk of chunksByRound(due, TICK_CHUNK)) {
      queued += await this.processChunk(chunk, now);
      if (chunk.length === TICK_CHUNK) await new Promise((resolve) => setImmediate(resolve));
    }
    const result = { due: due.length, queued, findMs: found - started, processMs: performance.now() - found };
    if (due.length > 0) this.logger.info({ code: 'SCHEDULER_TICK', ...result }, 'circle events handled');
    return result;
  }

  /** Decides a chunk of due events, stores the decisions in one write, relays their messages. */
  private async processChunk(due: readonly Entry[], now: Date): Promise<number> {
    const decisions: { entry: Entry; change: RoundChange; roundKey?: string }[] = [];
    // Several events of one round in one tick (catch-up) share one copy of the round.
    const rounds = new Map<string, { round: Round; expectedVersion: number }>();
    for (const entry of due) {
      const decided = await this.decide(entry, now, rounds);
      if (decided) decisions.push({ entry, ...decided });
    }
    const changes = mergeByRound(decisions, rounds);
    const results: ChangeResult[] = changes.length > 0 ? await this.deps.store.changeRoundsBatch(changes.map((c) => c.change)) : [];
    let queued = 0;
    for (const [i, c] of changes.entries()) {
      const result = results[i];
      if (result === 'ok') {
        queued += c.change.outbox?.length ?? 0;
        this.afterSaved(c.change, now);
      } else if (result === 'conflict') {
        // Someone changed the round meanwhile (a check-in): decide again at the next tick.
        for (const e of c.entries) this.heap.push({ ...e, at: now.getTime() });
      }
    }
    if (queued > 0) await this.deps.relay.relay().catch(() => undefined);
    return queued;
  }

  /** After the save: watch the escalations this tick raised (round not closed by its deadline). */
  private afterSaved(change: RoundChange, now: Date): void {
    for (const { round } of change.rounds ?? []) {
      for (const e of round.escalations) {
        if (e.raisedBy === 'scheduler' && e.raisedAt === now.toISOString() && !e.acknowledgedAt && !e.resolvedAt) {
          this.watchEscalation(round.circleId, round.date, e.id, e.ackDueAt);
        }
      }
    }
  }

  /**
   * One due event: the rules (src/domain/circles/scheduled-event.ts) decide, this turns the
   * decision into messages and the change to save. Events of one round in one tick share the
   * held round, so the second sees what the first changed.
   */
  private async decide(
    entry: Entry,
    now: Date,
    rounds: Map<string, { round: Round; expectedVersion: number }>,
  ): Promise<{ change: RoundChange; roundKey?: string } | undefined> {
    const plan = this.plans.get(entry.circleId);
    if (!plan) return undefined;
    const key = entry.kind === 'ack' ? `circle.ack:${entry.escalationId ?? ''}` : eventKey(entry.circleId, entry.kind, entry.date);
    if (this.deps.store.hasEvent(key)) return undefined;
    const roundKey = `${entry.circleId}/${entry.date}`;
    const held = async (): Promise<{ round: Round; expectedVersion: number }> => {
      let found = rounds.get(roundKey);
      if (!found) {
        const round = (await this.deps.store.getRound(entry.circleId, entry.date)) ?? newRound(plan, entry.date);
        found = { round, expectedVersion: round.version };
        rounds.set(roundKey, found);
      }
      return found;
    };
    const fired = (outcome: FiredEvent['outcome']): FiredEvent[] => [{ key, at: now.toISOString(), outcome }];

    if (entry.kind === 'ack') {
      const round = await held();
      const decision = decideBackup(plan, round.round, entry.escalationId, now);
      if (decision.outcome === 'skipped') return { change: { events: fired('skipped') } };
      round.round = decision.round;
      const escalationId = entry.escalationId ?? '';
      const reason = decision.round.escalations.find((e) => e.id === escalationId)?.reason;
      this.logger.warn({ code: 'CIRCLE_ESCALATION_BACKUP', circleId: plan.id, reason }, 'escalation not acknowledged: backup alerted');
      const payload = { circleId: plan.id, date: round.round.date, escalationId, role: 'backup' };
      const message = circleMessage('circle.escalation', `circle.escalation:${escalationId}:backup`, decision.backup, payload, now);
      return { change: { events: fired('sent'), outbox: [message] }, roundKey };
    }

    const event = { kind: entry.kind, date: entry.date, at: new Date(entry.at) };
    const round = eventNeedsRound(plan, event, now) ? await held() : undefined;
    const decision = decideEvent(plan, event, now, round?.round);
    if (round && 'round' in decision && decision.round) round.round = decision.round;
    const withRound = round && 'round' in decision && decision.round ? { roundKey } : {};
    const late = decision.outcome === 'late';
    const circleId = plan.id;
    if (decision.outcome === 'missed') {
      this.logger.warn({ code: 'CIRCLE_EVENT_MISSED', circleId, kind: entry.kind, lateMs: now.getTime() - entry.at }, 'circle event missed (bot was down)');
      const payload = { circleId, date: entry.date, event: entry.kind, time: decision.time };
      return { change: { events: fired('missed'), outbox: [circleMessage('circle.missed', `circle.missed:${key}`, decision.tell, payload, now)] }, ...withRound };
    }
    if (decision.outcome === 'skipped') return { change: { events: fired('skipped') }, ...withRound };
    if ('escalate' in decision) {
      const raised = raise(plan, decision.round, { reason: decision.escalate, raisedBy: 'scheduler', now, late });
      return { change: { events: fired(decision.outcome), outbox: raised.messages }, ...withRound };
    }
    const { send } = decision;
    const outbox: OutboxMessage[] =
      send.kind === 'reminder'
        ? send.to.map((r) =>
            circleMessage('circle.reminder', key, r.chatKey, { circleId, date: entry.date, role: r.role, ...(r.memberId ? { memberId: r.memberId } : {}), late }, now),
          )
        : send.to.map((chatKey) => circleMessage('circle.weekly', key, chatKey, { circleId, weekStart: send.weekStart, late }, now));
    return { change: { events: fired(decision.outcome), outbox } };
  }

  private plan(plan: CirclePlan, after: Date): Entry[] {
    const generation = this.generations.get(plan.id) ?? 0;
    const out: Entry[] = [];
    for (const kind of SCHEDULED_KINDS) {
      const next = nextOccurrence(plan, kind, after);
      if (next) out.push({ at: next.at.getTime(), circleId: plan.id, kind, date: next.date, generation });
    }
    return out;
  }

  private ackEntry(circleId: string, date: string, escalationId: string, ackDueAt: string): Entry {
    return { at: Date.parse(ackDueAt), circleId, kind: 'ack', date, generation: 0, escalationId };
  }
}

/** Events due in one tick, at most `size` a chunk, never splitting the events of one round. */
function chunksByRound(due: readonly Entry[], size: number): Entry[][] {
  const byRound = new Map<string, Entry[]>();
  for (const e of due) {
    const key = `${e.circleId}/${e.date}`;
    const list = byRound.get(key);
    if (list) list.push(e);
    else byRound.set(key, [e]);
  }
  const chunks: Entry[][] = [];
  let current: Entry[] = [];
  for (const group of byRound.values()) {
    if (current.length > 0 && current.length + group.length > size) {
      chunks.push(current);
      current = [];
    }
    current.push(...group);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** One change per round (a round's events and messages together), plus one per round-less event. */
function mergeByRound(
  decisions: { entry: Entry; change: RoundChange; roundKey?: string }[],
  rounds: Map<string, { round: Round; expectedVersion: number }>,
): { change: RoundChange; entries: Entry[] }[] {
  const byRound = new Map<string, { change: RoundChange; entries: Entry[] }>();
  const out: { change: RoundChange; entries: Entry[] }[] = [];
  for (const d of decisions) {
    if (!d.roundKey) {
      out.push({ change: d.change, entries: [d.entry] });
      continue;
    }
    let merged = byRound.get(d.roundKey);
    if (!merged) {
      const held = rounds.get(d.roundKey);
      if (!held) continue;
      merged = {
        change: { rounds: [{ round: { ...held.round, version: held.expectedVersion + 1 }, expectedVersion: held.expectedVersion }], events: [], outbox: [] },
        entries: [],
      };
      byRound.set(d.roundKey, merged);
      out.push(merged);
    }
    merged.change.events!.push(...(d.change.events ?? []));
    merged.change.outbox!.push(...(d.change.outbox ?? []));
    merged.entries.push(d.entry);
  }
  return out;
}
