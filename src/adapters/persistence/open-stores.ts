import type { Storage } from 'botbuilder';
import { type Config, projectRoot } from '../../config/config';
import type { Circle } from '../../domain/circles/circle';
import type { CircleRepository } from '../../ports/circles';
import type { JoinLimitStore } from '../../ports/join-limits';
import type { Logger } from '../../ports/logger';
import type { RosterOptions, TeamRoster } from '../../ports/roster';
import type { AuditLog, Cipher, LinkStore, SignalRepository } from '../../ports/signals';
import type { Outbox } from '../../ports/outbox';
import { FileAuditLog } from './audit-log';
import { CircleStore } from './circle-store';
import { FileJoinLimitStore } from './join-limit-store';
import { InboxLinkStore } from './link-code-inbox';
import { FileLinkStore } from './link-store';
import { LowdbStorage } from './lowdb-storage';
import { azureTokenSource, openPostgresStores } from './postgres/open-postgres';
import { StoredOutbox } from './outbox-store';
import { RosterStore } from './roster-store';
import { SignalStore } from './signal-store';

/** The stores of one engine behind the ports. */
export interface Stores {
  /** Bot state before encryption (EncryptedStorage goes on top). */
  storage: Storage;
  signals: SignalRepository;
  outbox: Outbox;
  links: LinkStore;
  audit: AuditLog;
  roster: TeamRoster;
  /** The circle join limiter's counters (durable, shared by instances on PostgreSQL). */
  joinLimits: JoinLimitStore;
  circles: CircleRepository & { prune(now: Date): Promise<unknown>; importMany(circles: readonly Circle[]): Promise<number> };
  /**
   * Runs the circle tick here when this instance leads it (always, on lowdb); `rebuild` first
   * when another instance changed circles or escalations since the last tick.
   */
  runTick(tick: () => Promise<unknown>, rebuild: () => Promise<void>): Promise<unknown>;
  /** Removes what is past its retention (circle events and rounds; on PostgreSQL also sent outbox messages). */
  prune(now: Date): Promise<unknown>;
  checkHealth(): Promise<boolean>;
  /** Flushes and closes (shutdown). */
  close(): Promise<void>;
}

/** Opens every store on PostgreSQL when DATABASE_URL is set, else on lowdb files in DATA_DIR. */
/** `roster`: how member ids are hashed and how long they count (both engines). */
export async function openStores(config: Config, cipher: Cipher, logger: Logger, roster: RosterOptions): Promise<Stores> {
  if (config.database) {
    const db = config.database;
    const pg = await openPostgresStores({
      url: db.url,
      schema: db.schema,
      ssl: db.ssl,
      poolMax: db.poolMax,
      ...(db.auth === 'azure-managed-identity' ? { tokenSource: azureTokenSource() } : {}),
      root: projectRoot(),
      cipher,
      logger,
      roster,
    });
    let led = false;
    return {
      ...pg,
      prune: (now) => Promise.all([pg.circles.prune(now), pg.outbox.prune(now), pg.roster.prune()]),
      async runTick(tick, rebuild) {
        if (!(await pg.tickLead.holds())) {
          led = false;
          return undefined;
        }
        // A new leader, or circles changed on another instance: the index is read from the database again.
        if ((await pg.circles.refresh()) || !led) await rebuild();
        led = true;
        return tick();
      },
    };
  }
  const lowdbStorage = await LowdbStorage.open({ dataDir: config.dataDir, logger });
  // The outbox on its own (ADR 0010 step 5): it keeps card posts itself and needs no signal store.
  const outbox = await StoredOutbox.openStore(config.dataDir, logger);
  const signalStore = await SignalStore.open({ dataDir: config.dataDir, cipher, logger, outbox });
  const links = new InboxLinkStore(await FileLinkStore.open({ dataDir: config.dataDir, logger }), config.dataDir);
  const audit = await FileAuditLog.open({ dataDir: config.dataDir, logger });
  const rosters = await RosterStore.open({ dataDir: config.dataDir, logger, ...roster });
  const joinLimits = await FileJoinLimitStore.open({ dataDir: config.dataDir, logger, now: () => roster.now().getTime() });
  const circles = await CircleStore.open({ dataDir: config.dataDir, cipher, logger });
  return {
    storage: lowdbStorage,
    signals: signalStore.signals,
    outbox,
    links,
    audit,
    roster: rosters,
    joinLimits,
    circles,
    runTick: (tick) => tick(),
    prune: (now) => Promise.all([circles.prune(now), rosters.prune()]),
    checkHealth: async () =>
      (await lowdbStorage.checkHealth()) && (await signalStore.checkHealth()) && (await rosters.checkHealth()) && (await circles.checkHealth()),
    async close() {
      await Promise.all([lowdbStorage.flush(), signalStore.flush(), links.flush(), rosters.flush(), joinLimits.flush(), circles.flush(), audit.flush()]);
    },
  };
}

