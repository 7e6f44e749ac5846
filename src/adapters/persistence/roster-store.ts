import { z } from 'zod';
import type { Logger } from '../../ports/logger';
import type { RosterOptions, TeamRoster } from '../../ports/roster';
import { BatchedFile, changed, unchanged } from './batched-file';

export const ROSTERS_FILE = 'rosters.json';

/** aadObjectIds are GUIDs; anything blank or absurdly long is not an id and is ignored. */
const MAX_ID_LENGTH = 200;

/** Before issue 11: members as plain aadObjectIds, never expiring. Read once, then rewritten. */
const legacyFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  teams: z.record(z.string(), z.looseObject({ tenantId: z.string().min(1), members: z.array(z.string()) })),
});

/** Teams by team id; members as keyed HMACs with when they were last seen. Strict at the root. */
const rostersFileSchema = z.strictObject({
  schemaVersion: z.literal(2),
  teams: z.record(z.string(), z.looseObject({ tenantId: z.string().min(1), seen: z.record(z.string(), z.string()) })),
});

interface Roster {
  tenantId: string;
  /** HMAC of an aadObjectId -> last seen (ISO). */
  seen: Record<string, string>;
}

interface RostersFile {
  schemaVersion: 2;
  teams: Record<string, Roster>;
}

type AnyRostersFile = RostersFile | z.output<typeof legacyFileSchema>;

export interface RosterStoreOptions extends RosterOptions {
  dataDir: string;
  logger: Logger;
}

export function cleanIds(ids: readonly string[]): string[] {
  return ids.filter((id) => typeof id === 'string' && id.trim() !== '' && id.length <= MAX_ID_LENGTH).map((id) => id.trim());
}

/** Entries seen since `cutoff` (ISO) only. */
export function fresh(seen: Record<string, string>, cutoff: string): Record<string, string> {
  return Object.fromEntries(Object.entries(seen).filter(([, at]) => at > cutoff));
}

/**
 * `TeamRoster` on `<dataDir>/rosters.json`: per Teams team, its tenant and, per member, an
 * HMAC-SHA256 of the aadObjectId (key derived from the data key) with when it was last seen.
 * No ids in the clear, no names. An entry not seen again (a roster read, a conversationUpdate, a
 * live check) within the TTL no longer counts and is dropped on the next write or prune. A team
 * belongs to one tenant: a change from another tenant restarts its roster.
 */
export class RosterStore implements TeamRoster {
  private constructor(
    private readonly file: BatchedFile<AnyRostersFile>,
    private readonly logger: Logger,
    private readonly options: RosterOptions,
  ) {}

  /** @throws DataFileError (DATA_FILE_CORRUPT, ...): the file is never modified when opening fails. */
  static async open(options: RosterStoreOptions): Promise<RosterStore> {
    const logger = options.logger.child({ component: 'roster-store' });
    const { file, existed } = await BatchedFile.open<AnyRostersFile>({
      dataDir: options.dataDir,
      fileName: ROSTERS_FILE,
      schema: z.union([rostersFileSchema, legacyFileSchema]) as unknown as z.ZodType<AnyRostersFile>,
      initialData: () => ({ schemaVersion: 2, teams: {} }),
      copy: (d) => ({ ...d, teams: { ...d.teams } }) as AnyRostersFile,
      logger,
    });
    const store = new RosterStore(file, logger, options);
    await store.migrate();
    logger.info({ existed, teamCount: Object.keys(file.data.teams).length }, 'roster store opened');
    return store;
  }

  /** A file from before issue 11: every plain id becomes its HMAC, seen now. */
  private async migrate(): Promise<void> {
    if (this.file.data.schemaVersion === 2) return;
    const now = this.options.now().toISOString();
    const count = await this.file.mutate((d) => {
      if (d.schemaVersion === 2) return unchanged(0);
      const teams: Record<string, Roster> = {};
      for (const [teamId, roster] of Object.entries(d.teams)) {
        teams[teamId] = { tenantId: roster.tenantId, seen: Object.fromEntries(cleanIds(roster.members).map((id) => [this.options.hashId(id), now])) };
      }
      Object.assign(d, { schemaVersion: 2, teams });
      return changed(Object.keys(teams).length);
    });
    this.logger.warn({ code: 'ROSTER_MIGRATED', teamCount: count }, 'team rosters rewritten: member ids are now keyed hashes that expire');
  }

  private get data(): RostersFile {
    return this.file.data as RostersFile;
  }

  private cutoff(): string {
    return new Date(this.options.now().getTime() - this.options.ttlMs).toISOString();
  }

  flush(): Promise<void> {
    return this.file.flush();
  }

  checkHealth(): Promise<boolean> {
    return this.file.checkHealth();
  }

  async setMembers(teamId: string, tenantId: string, aadObjectIds: string[]): Promise<void> {
    const now = this.options.now().toISOString();
    const seen = Object.fromEntries(cleanIds(aadObjectIds).map((id) => [this.options.hashId(id), now]));
    await this.file.mutate((d) => {
      (d as RostersFile).teams[teamId] = { tenantId, seen };
      return changed(undefined);
    });
    this.logger.info({ teamId, memberCount: Object.keys(seen).length }, 'team roster replaced');
  }

  async addMembers(teamId: string, tenantId: string, aadObjectIds: string[]): Promise<void> {
    const added = cleanIds(aadObjectIds);
    const now = this.options.now().toISOString();
    const cutoff = this.cutoff();
    const tenantChanged = await this.file.mutate((d) => {
      const current = (d as RostersFile).teams[teamId];
      const switched = current !== undefined && current.tenantId !== tenantId;
      const seen = current && !switched ? fresh(current.seen, cutoff) : {};
      for (const id of added) seen[this.options.hashId(id)] = now;
      (d as RostersFile).teams[teamId] = { tenantId, seen };
      return changed(switched);
    });
    if (tenantChanged) this.logger.warn({ code: 'ROSTER_TENANT_CHANGED', teamId }, 'team seen in another tenant: roster restarted');
    this.logger.info({ teamId, addedCount: added.length }, 'team members added');
  }

  async removeMembers(teamId: string, aadObjectIds: string[]): Promise<void> {
    const removed = new Set(cleanIds(aadObjectIds).map((id) => this.options.hashId(id)));
    await this.file.mutate((d) => {
      const current = (d as RostersFile).teams[teamId];
      if (!current) return unchanged(undefined);
      const seen = Object.fromEntries(Object.entries(current.seen).filter(([hash]) => !removed.has(hash)));
      if (Object.keys(seen).length === Object.keys(current.seen).length) return unchanged(undefined);
      (d as RostersFile).teams[teamId] = { ...current, seen };
      return changed(undefined);
    });
    this.logger.info({ teamId, removedCount: removed.size }, 'team members removed');
  }

  async isMember(teamId: string, tenantId: string, aadObjectId: string): Promise<boolean> {
    if (!aadObjectId) return false;
    const roster = this.data.teams[teamId];
    if (!roster || roster.tenantId !== tenantId) return false;
    const at = roster.seen[this.options.hashId(aadObjectId.trim())];
    return at !== undefined && at > this.cutoff();
  }

  /** Drops entries past the TTL, and teams left without any. */
  async prune(): Promise<number> {
    const cutoff = this.cutoff();
    const dropped = await this.file.mutate((d) => {
      let count = 0;
      const teams = (d as RostersFile).teams;
      for (const [teamId, roster] of Object.entries(teams)) {
        const seen = fresh(roster.seen, cutoff);
        const gone = Object.keys(roster.seen).length - Object.keys(seen).length;
        if (gone === 0) continue;
        count += gone;
        if (Object.keys(seen).length === 0) delete teams[teamId];
        else teams[teamId] = { ...roster, seen };
      }
      return count > 0 ? changed(count) : unchanged(0);
    });
    if (dropped > 0) this.logger.info({ code: 'ROSTER_PRUNED', count: dropped }, 'expired team roster entries removed');
    return dropped;
  }
}
