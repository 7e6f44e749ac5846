import { z } from 'zod';
import type { Circle } from '../../domain/circles/circle';
import type { Round } from '../../domain/circles/round';
import type { Logger } from '../../ports/logger';
import type { Cipher } from '../../ports/signals';
import type { OutboxMessage } from '../../ports/outbox';
import type {
  ChangeResult,
  CircleChange,
  CircleInvite,
  CircleRepository,
  CircleSchedule,
  FiredEvent,
  RoundChange,
} from '../../ports/circles';
import { BatchedFile, changed, copyOf, unchanged } from './batched-file';
import { chatIndexOf, openCircle, scheduleOf, sealCircle, type StoredCircle } from './circle-sealing';

export const CIRCLES_FILE = 'circles.json';
export const CIRCLE_ROUNDS_FILE = 'circle-rounds.json';

/** Fired-event keys are kept this long: longer than the scheduler ever looks back. */
export const EVENT_RETENTION_DAYS = 7;
/** Rounds are kept this long (weekly overviews need a week; the rest is history). */
export const ROUND_RETENTION_DAYS = 42;


interface CirclesFile {
  schemaVersion: 1;
  circles: Record<string, StoredCircle>;
  invites: Record<string, CircleInvite>;
}

interface RoundsFile {
  schemaVersion: 1;
  /** By `<circleId>/<date>`. */
  rounds: Record<string, Round>;
  events: Record<string, FiredEvent>;
  relay: Record<string, OutboxMessage>;
}

const range = z.object({ from: z.string(), to: z.string() });
const storedCircleSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  startTime: z.string(),
  weekdays: z.array(z.number().int()),
  mode: z.enum(['chain', 'star']),
  windowMinutes: z.number().int(),
  reminderMinutes: z.number().int(),
  ackMinutes: z.number().int(),
  skipHolidays: z.boolean(),
  pauses: z.array(range),
  coordinators: z.array(z.looseObject({ chatKey: z.string(), weekdays: z.array(z.number().int()), backup: z.boolean(), sealed: z.string().regex(/^v[12]:/) })).min(1),
  members: z.array(
    z.looseObject({ id: z.string(), consentAt: z.string(), pauses: z.array(range), chatKey: z.string().optional(), sealed: z.string().regex(/^v[12]:/) }),
  ),
  locale: z.enum(['nl', 'en']),
  scheduleFrom: z.string(),
  version: z.number().int().min(1),
});
const inviteSchema = z.looseObject({
  codeHash: z.string().regex(/^[0-9a-f]{64}$/),
  circleId: z.string(),
  role: z.enum(['member', 'coordinator']),
  expiresAt: z.string(),
});
const circlesFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  circles: z.record(z.string(), storedCircleSchema),
  invites: z.record(z.string(), inviteSchema),
});
const roundsFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  rounds: z.record(
    z.string(),
    z.looseObject({ circleId: z.string(), date: z.string(), status: z.enum(['open', 'closed']), version: z.number().int(), checkins: z.array(z.unknown()), escalations: z.array(z.unknown()), missed: z.array(z.string()) }),
  ),
  events: z.record(z.string(), z.looseObject({ key: z.string(), at: z.string(), outcome: z.string() })),
  relay: z.record(z.string(), z.looseObject({ id: z.string(), idempotencyKey: z.string(), status: z.string() })),
});

export interface CircleStoreOptions {
  dataDir: string;
  cipher: Cipher;
  logger: Logger;
}

const roundKey = (circleId: string, date: string) => `${circleId}/${date}`;

/**
 * Call circles on two lowdb files: `circles.json` (definitions and invites; changes when a
 * coordinator edits) and `circle-rounds.json` (rounds, fired events and messages on their way to
 * the outbox; changes every morning). Names, phone numbers and key holders are AES-256-GCM sealed
 * per member and coordinator; ids, schedules and chat keys are clear, so the scheduler and the
 * chat lookup never decrypt.
 */
export class CircleStore implements CircleRepository {
  /** chat key -> circle ids (coordinators and members), rebuilt from the committed data. */
  private chatIndex = new Map<string, Set<string>>();

  private constructor(
    private readonly circles: BatchedFile<CirclesFile>,
    private readonly rounds: BatchedFile<RoundsFile>,
    private readonly cipher: Cipher,
    private readonly logger: Logger,
  ) {
    this.reindex();
  }

  /** @throws DataFileError (DATA_FILE_CORRUPT, ...): the files are never modified when opening fails. */
  static async open(options: CircleStoreOptions): Promise<CircleStore> {
    const logger = options.logger.child({ component: 'circle-store' });
    const { file: circles } = await BatchedFile.open<CirclesFile>({
      dataDir: options.dataDir,
      fileName: CIRCLES_FILE,
      schema: circlesFileSchema as unknown as z.ZodType<CirclesFile>,
      initialData: () => ({ schemaVersion: 1, circles: {}, invites: {} }),
      copy: (d) => ({ ...d, circles: { ...d.circles }, invites: { ...d.invites } }),
      logger,
    });
    const { file: rounds } = await BatchedFile.open<RoundsFile>({
      dataDir: options.dataDir,
      fileName: CIRCLE_ROUNDS_FILE,
      schema: roundsFileSchema as unknown as z.ZodType<RoundsFile>,
      initialData: () => ({ schemaVersion: 1, rounds: {}, events: {}, relay: {} }),
      copy: (d) => ({ ...d, rounds: { ...d.rounds }, events: { ...d.events }, relay: { ...d.relay } }),
      logger,
    });
    logger.info(
      { circleCount: Object.keys(circles.data.circles).length, relayCount: Object.keys(rounds.data.relay).length },
      'circle store opened',
    );
    return new CircleStore(circles, rounds, options.cipher, logger);
  }

  flush(): Promise<void> {
    return Promise.all([this.circles.flush(), this.rounds.flush()]).then(() => undefined);
  }

  async checkHealth(): Promise<boolean> {
    return (await this.circles.checkHealth()) && (await this.rounds.checkHealth());
  }

  async change(change: CircleChange): Promise<ChangeResult> {
    const save = change.save ? { ...change.save, stored: sealCircle(this.cipher, change.save.circle) } : undefined;
    const result = await this.circles.mutate<ChangeResult>((d) => {
      if (save) {
        const current = d.circles[save.circle.id];
        if ((current?.version ?? 0) !== save.expectedVersion || save.circle.version !== save.expectedVersion + 1) return unchanged('conflict');
      }
      if (change.remove) {
        const current = d.circles[change.remove.circleId];
        if (!current || current.version !== change.remove.expectedVersion) return unchanged('conflict');
      }
      if (change.useInvite) {
        const invite = d.invites[change.useInvite.codeHash];
        if (!invite || invite.usedAt || invite.expiresAt <= change.useInvite.at) return unchanged('conflict');
        d.invites[invite.codeHash] = { ...invite, usedAt: change.useInvite.at };
      }
      if (save) d.circles[save.circle.id] = save.stored;
      if (change.addInvite) d.invites[change.addInvite.codeHash] = copyOf(change.addInvite);
      if (change.remove) {
        const id = change.remove.circleId;
        delete d.circles[id];
        for (const [hash, invite] of Object.entries(d.invites)) if (invite.circleId === id) delete d.invites[hash];
      }
      // Invites of members who are no longer in the circle go with them.
      if (save) {
        const memberIds = new Set(save.circle.members.map((m) => m.id));
        for (const [hash, invite] of Object.entries(d.invites)) {
          if (invite.circleId === save.circle.id && invite.memberId !== undefined && !memberIds.has(invite.memberId)) delete d.invites[hash];
        }
      }
      return changed('ok');
    });
    if (result === 'ok') {
      this.reindex();
      if (change.remove) await this.eraseRounds(change.remove.circleId);
    }
    return result;
  }

  /**
   * Imports many new circles in one write (moving paper lists in, the benchmark's seed). Circles
   * whose id exists already are refused; returns how many were added.
   */
  async importMany(circles: readonly Circle[]): Promise<number> {
    const sealed = circles.map((c) => sealCircle(this.cipher, c));
    const added = await this.circles.mutate((d) => {
      let n = 0;
      for (const c of sealed) {
        if (d.circles[c.id] || c.version !== 1) continue;
        d.circles[c.id] = c;
        n++;
      }
      return n > 0 ? changed(n) : unchanged(0);
    });
    this.reindex();
    return added;
  }

  async changeRounds(change: RoundChange): Promise<ChangeResult> {
    const [result] = await this.changeRoundsBatch([change]);
    return result ?? 'conflict';
  }

  async changeRoundsBatch(changes: RoundChange[]): Promise<ChangeResult[]> {
    // Rounds are copied (callers keep theirs); events and messages are new objects the store owns.
    const copies = changes.map((c) => ({ ...c, rounds: c.rounds?.map((r) => ({ round: copyOf(r.round), expectedVersion: r.expectedVersion })) }));
    return this.rounds.mutate((d) => {
      let any = false;
      const results = copies.map((c): ChangeResult => {
        if ((c.events ?? []).some((e) => d.events[e.key])) return 'duplicate';
        for (const { round, expectedVersion } of c.rounds ?? []) {
          const current = d.rounds[roundKey(round.circleId, round.date)];
          if ((current?.version ?? 0) !== expectedVersion || round.version !== expectedVersion + 1) return 'conflict';
        }
        for (const { round } of c.rounds ?? []) d.rounds[roundKey(round.circleId, round.date)] = round;
        for (const e of c.events ?? []) d.events[e.key] = e;
        for (const m of c.outbox ?? []) d.relay[m.id] = m;
        any = true;
        return 'ok';
      });
      return any ? changed(results) : unchanged(results);
    });
  }

  async get(circleId: string): Promise<Circle | undefined> {
    const stored = this.circles.data.circles[circleId];
    return stored ? openCircle(this.cipher, this.logger, stored) : undefined;
  }

  idsForChat(chatKey: string): string[] {
    return [...(this.chatIndex.get(chatKey) ?? [])];
  }

  schedules(): CircleSchedule[] {
    return Object.values(this.circles.data.circles).map((c) => scheduleOf(c));
  }

  schedule(circleId: string): CircleSchedule | undefined {
    const stored = this.circles.data.circles[circleId];
    return stored ? scheduleOf(stored) : undefined;
  }

  async getInvite(codeHash: string): Promise<CircleInvite | undefined> {
    const invite = this.circles.data.invites[codeHash];
    return invite ? copyOf(invite) : undefined;
  }

  async getRound(circleId: string, date: string): Promise<Round | undefined> {
    const round = this.rounds.data.rounds[roundKey(circleId, date)];
    return round ? copyOf(round) : undefined;
  }

  async listRounds(circleId: string, from: string, to: string): Promise<Round[]> {
    return Object.values(this.rounds.data.rounds)
      .filter((r) => r.circleId === circleId && r.date >= from && r.date <= to)
      .sort((a, b) => a.date.localeCompare(b.date))
      .map(copyOf);
  }

  async roundsWithOpenEscalations(): Promise<Round[]> {
    return Object.values(this.rounds.data.rounds)
      .filter((r) => r.escalations.some((e) => !e.resolvedAt))
      .map(copyOf);
  }

  hasEvent(key: string): boolean {
    return this.rounds.data.events[key] !== undefined;
  }

  pendingRelay(): OutboxMessage[] {
    // Not copied: the outbox copies what it enqueues, and nobody edits these.
    return Object.values(this.rounds.data.relay);
  }

  async relayed(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.rounds.mutate((d) => {
      for (const id of ids) delete d.relay[id];
      return changed(undefined);
    });
  }

  /** Forgets fired events and rounds older than their retention (rounds hold no personal data). */
  async prune(now: Date): Promise<{ events: number; rounds: number }> {
    const eventCutoff = new Date(now.getTime() - EVENT_RETENTION_DAYS * 86_400_000).toISOString();
    const roundCutoff = new Date(now.getTime() - ROUND_RETENTION_DAYS * 86_400_000).toISOString().slice(0, 10);
    const result = await this.rounds.mutate((d) => {
      let events = 0;
      let rounds = 0;
      for (const [key, e] of Object.entries(d.events)) if (e.at < eventCutoff) (delete d.events[key], events++);
      for (const [key, r] of Object.entries(d.rounds)) {
        if (r.date < roundCutoff && !r.escalations.some((e) => !e.resolvedAt)) (delete d.rounds[key], rounds++);
      }
      return events + rounds > 0 ? changed({ events, rounds }) : unchanged({ events, rounds });
    });
    if (result.events + result.rounds > 0) this.logger.info({ code: 'CIRCLE_PRUNED', ...result }, 'old circle rounds and events removed');
    return result;
  }

  private async eraseRounds(circleId: string): Promise<void> {
    await this.rounds.mutate((d) => {
      let any = false;
      for (const [key, r] of Object.entries(d.rounds)) if (r.circleId === circleId) (delete d.rounds[key], (any = true));
      return any ? changed(undefined) : unchanged(undefined);
    });
  }

  private reindex(): void {
    this.chatIndex = chatIndexOf(Object.values(this.circles.data.circles));
  }
}
