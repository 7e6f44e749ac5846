import { z } from 'zod';
import type { Logger } from '../../ports/logger';
import type { TeamRoster } from '../../ports/roster';
import { BatchedFile, changed, unchanged } from './batched-file';

export const ROSTERS_FILE = 'rosters.json';

/** aadObjectIds are GUIDs; anything blank or absurdly long is not an id and is ignored. */
const MAX_ID_LENGTH = 200;

const rosterSchema = z.looseObject({
  tenantId: z.string().min(1),
  members: z.array(z.string()),
});

/** Teams by team id. Strict at the root (see lowdb-storage). */
const rostersFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  teams: z.record(z.string(), rosterSchema),
});

interface Roster {
  tenantId: string;
  /** aadObjectIds, sorted and unique. */
  members: string[];
}

interface RostersFile {
  schemaVersion: 1;
  teams: Record<string, Roster>;
}

export interface RosterStoreOptions {
  dataDir: string;
  logger: Logger;
}

function cleanIds(ids: readonly string[]): string[] {
  return ids.filter((id) => typeof id === 'string' && id.trim() !== '' && id.length <= MAX_ID_LENGTH).map((id) => id.trim());
}

function sortedUnique(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort();
}

/**
 * `TeamRoster` on `<dataDir>/rosters.json`: per Teams team, its tenant and its members'
 * aadObjectIds (no names). A team belongs to one tenant: a change for the same team id from
 * another tenant replaces what was known instead of merging two tenants' members.
 * Reads use an index of sets that is rebuilt whenever a write has replaced the data.
 */
export class RosterStore implements TeamRoster {
  private index: { data: RostersFile; sets: Map<string, Set<string>> } | undefined;

  private constructor(
    private readonly file: BatchedFile<RostersFile>,
    private readonly logger: Logger,
  ) {}

  /** @throws DataFileError (DATA_FILE_CORRUPT, ...): the file is never modified when opening fails. */
  static async open(options: RosterStoreOptions): Promise<RosterStore> {
    const logger = options.logger.child({ component: 'roster-store' });
    const { file, existed } = await BatchedFile.open<RostersFile>({
      dataDir: options.dataDir,
      fileName: ROSTERS_FILE,
      schema: rostersFileSchema as unknown as z.ZodType<RostersFile>,
      initialData: () => ({ schemaVersion: 1, teams: {} }),
      copy: (d) => ({ ...d, teams: { ...d.teams } }),
      logger,
    });
    logger.info({ existed, teamCount: Object.keys(file.data.teams).length }, 'roster store opened');
    return new RosterStore(file, logger);
  }

  flush(): Promise<void> {
    return this.file.flush();
  }

  checkHealth(): Promise<boolean> {
    return this.file.checkHealth();
  }

  async setMembers(teamId: string, tenantId: string, aadObjectIds: string[]): Promise<void> {
    const members = sortedUnique(cleanIds(aadObjectIds));
    await this.file.mutate((d) => {
      const current = d.teams[teamId];
      if (current && current.tenantId === tenantId && sameList(current.members, members)) return unchanged(undefined);
      d.teams[teamId] = { tenantId, members };
      return changed(undefined);
    });
    this.logger.info({ teamId, memberCount: members.length }, 'team roster replaced');
  }

  async addMembers(teamId: string, tenantId: string, aadObjectIds: string[]): Promise<void> {
    const added = cleanIds(aadObjectIds);
    const tenantChanged = await this.file.mutate((d) => {
      const current = d.teams[teamId];
      const switched = current !== undefined && current.tenantId !== tenantId;
      const base = current && !switched ? current.members : [];
      const members = sortedUnique([...base, ...added]);
      if (current && !switched && members.length === current.members.length) return unchanged(false);
      d.teams[teamId] = { tenantId, members };
      return changed(switched);
    });
    if (tenantChanged) this.logger.warn({ code: 'ROSTER_TENANT_CHANGED', teamId }, 'team seen in another tenant: roster restarted');
    this.logger.info({ teamId, addedCount: added.length }, 'team members added');
  }

  async removeMembers(teamId: string, aadObjectIds: string[]): Promise<void> {
    const removed = new Set(cleanIds(aadObjectIds));
    await this.file.mutate((d) => {
      const current = d.teams[teamId];
      if (!current) return unchanged(undefined);
      const members = current.members.filter((m) => !removed.has(m));
      if (members.length === current.members.length) return unchanged(undefined);
      d.teams[teamId] = { ...current, members };
      return changed(undefined);
    });
    this.logger.info({ teamId, removedCount: removed.size }, 'team members removed');
  }

  async isMember(teamId: string, tenantId: string, aadObjectId: string): Promise<boolean> {
    if (!aadObjectId) return false;
    const roster = this.file.data.teams[teamId];
    if (!roster || roster.tenantId !== tenantId) return false;
    return this.membersOf(teamId)?.has(aadObjectId) ?? false;
  }

  private membersOf(teamId: string): Set<string> | undefined {
    const data = this.file.data;
    if (this.index?.data !== data) this.index = { data, sets: new Map() };
    let set = this.index.sets.get(teamId);
    if (!set) {
      const roster = data.teams[teamId];
      if (!roster) return undefined;
      set = new Set(roster.members);
      this.index.sets.set(teamId, set);
    }
    return set;
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
