import { z } from 'zod';
import type { JoinCounter, JoinLimitStore, JoinScope } from '../../ports/join-limits';
import type { Logger } from '../../ports/logger';
import { BatchedFile, changed } from './batched-file';

export const JOIN_LIMITS_FILE = 'join-limits.json';
/** Counters kept at most; past it the ones that expire first go (the global one always stays fresh). */
const MAX_COUNTERS = 20_000;

const entrySchema = z.strictObject({
  counter: z.strictObject({ failures: z.array(z.number()).max(1000), lockedUntil: z.number(), strikes: z.number().int().min(0) }),
  expiresAt: z.number(),
});
const fileSchema = z.strictObject({ schemaVersion: z.literal(1), counters: z.record(z.string(), entrySchema) });
type JoinLimitsFile = z.output<typeof fileSchema>;

/**
 * The join limiter's counters in `<dataDir>/join-limits.json` (lowdb engine): a restart does not
 * reset them. Expired counters are dropped on every write, so the file stays small.
 */
export class FileJoinLimitStore implements JoinLimitStore {
  private constructor(
    private readonly file: BatchedFile<JoinLimitsFile>,
    private readonly now: () => number,
  ) {}

  static async open(options: { dataDir: string; logger: Logger; now?: () => number }): Promise<FileJoinLimitStore> {
    const { file } = await BatchedFile.open<JoinLimitsFile>({
      dataDir: options.dataDir,
      fileName: JOIN_LIMITS_FILE,
      schema: fileSchema,
      initialData: () => ({ schemaVersion: 1, counters: {} }),
      copy: (d) => ({ ...d, counters: { ...d.counters } }),
      logger: options.logger.child({ component: 'join-limit-store' }),
    });
    return new FileJoinLimitStore(file, options.now ?? Date.now);
  }

  flush(): Promise<void> {
    return this.file.flush();
  }

  async get(scope: JoinScope, key: string): Promise<JoinCounter | undefined> {
    return this.file.data.counters[`${scope}|${key}`]?.counter;
  }

  modify(scope: JoinScope, key: string, change: (current: JoinCounter | undefined) => { counter: JoinCounter | undefined; expiresAt: number }): Promise<JoinCounter | undefined> {
    const id = `${scope}|${key}`;
    return this.file.mutate((d) => {
      const next = change(d.counters[id]?.counter);
      if (next.counter) d.counters[id] = { counter: next.counter, expiresAt: next.expiresAt };
      else delete d.counters[id];
      const now = this.now();
      for (const [k, v] of Object.entries(d.counters)) if (v.expiresAt < now) delete d.counters[k];
      const entries = Object.entries(d.counters);
      if (entries.length > MAX_COUNTERS) {
        entries.sort((a, b) => a[1].expiresAt - b[1].expiresAt);
        for (const [k] of entries.slice(0, entries.length - MAX_COUNTERS)) if (k !== 'global|*') delete d.counters[k];
      }
      return changed(next.counter);
    });
  }
}
