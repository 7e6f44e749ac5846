/**
 * The signal use cases wired to the real stores (signals.json, links.json + the link-code inbox,
 * audit.jsonl) in a temp folder, with a clock that only moves when told and the example
 * signaalpunten from deployment/. The signal use cases come from composeSignals, as in createApp;
 * the bot and the delivery worker are left out.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AesGcmCipher } from '../../src/adapters/crypto/aes-gcm-cipher';
import { hmacCodeHasher } from '../../src/adapters/crypto/code-hmac';
import { FileAuditLog } from '../../src/adapters/persistence/audit-log';
import { InboxLinkStore } from '../../src/adapters/persistence/link-code-inbox';
import { FileLinkStore } from '../../src/adapters/persistence/link-store';
import { OUTBOX_FILE, SIGNALS_DIR, SignalStore } from '../../src/adapters/persistence/signal-store';
import { normaliseLinkCode, type ChannelFacts } from '../../src/application/link-channel';
import type { ReportDraft } from '../../src/application/report-signal.types';
import type { TeamActor } from '../../src/application/signal-actions';
import { composeSignals } from '../../src/compose/compose-signals';
import { loadSignaalpuntenConfig } from '../../src/config/signaalpunten';
import type { SignaalpuntenConfig } from '../../src/domain/routing';
import type { AuditEntry, MunicipalityLookup } from '../../src/ports/signals';
import { memoryLogger } from './dialog-client';
import { fakeClock, tempDir } from './signal-fixtures';

export const EXAMPLE_SIGNAALPUNTEN_FILE = path.resolve(__dirname, '../../deployment/signaalpunten.example.json');

/** The example file, validated the way the bot loads it. */
export function exampleConfig(): SignaalpuntenConfig {
  return loadSignaalpuntenConfig(EXAMPLE_SIGNAALPUNTEN_FILE);
}

/**
 * Synthetic personal data. Each value is distinctive enough to grep for, and none of it may ever
 * show up in the clear on disk, in a log line or in an audit line.
 */
export const SYNTHETIC = {
  personName: 'Jantje Testpersoon',
  personContact: '0612345678',
  reporterName: 'Marietje Melder',
  reporterContact: 'marietje@example.org',
  reporterOrganisation: 'Apotheek De Zeeuwse Pil',
  note: 'woont alleen sinds de verhuizing van haar dochter',
  teamNote: 'Buurvrouw Klaasje belt morgen terug',
  /** A Middelburg address in the shared postcode 4331 (odd numbers of 4331AB). */
  postcode: '4331 AB',
  pc6: '4331AB',
  houseNumber: '17',
} as const;

/** Every synthetic value as it could appear in text (the postcode also compact and lower case). */
export const PERSONAL_VALUES: readonly string[] = [
  SYNTHETIC.personName,
  SYNTHETIC.personContact,
  SYNTHETIC.reporterName,
  SYNTHETIC.reporterContact,
  SYNTHETIC.reporterOrganisation,
  SYNTHETIC.note,
  SYNTHETIC.teamNote,
  SYNTHETIC.postcode,
  SYNTHETIC.pc6,
  // Parts people (and loggers) split names and texts into.
  'Jantje',
  'Testpersoon',
  'Marietje',
  'Klaasje',
  'verhuizing',
];

/** The synthetic values found in a text (case-insensitive): an empty list means nothing leaked. */
export function personalDataIn(text: string): string[] {
  const lower = text.toLowerCase();
  return PERSONAL_VALUES.filter((value) => lower.includes(value.toLowerCase()));
}

/**
 * Messages made in one step share their createdAt, and the store orders those by their random id:
 * compare such lists as bags, in a canonical order.
 */
export function canonical<T>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** A draft with every personal field filled, with consent, for an adult in Vlissingen (4381). */
export function draft(overrides: Partial<ReportDraft> = {}): ReportDraft {
  return {
    about: 'other',
    informed: true,
    consent: true,
    postcode: '4381 AB',
    ageGroup: 'adult',
    signs: ['fewContacts', 'curtainsClosed'],
    note: SYNTHETIC.note,
    relation: 'customer',
    personName: SYNTHETIC.personName,
    personContact: SYNTHETIC.personContact,
    reporterName: SYNTHETIC.reporterName,
    reporterOrganisation: SYNTHETIC.reporterOrganisation,
    reporterSector: 'pharmacy',
    reporterContact: SYNTHETIC.reporterContact,
    wantsFeedback: true,
    ...overrides,
  };
}

/** A Teams team with its General channel, as the channel data of an activity names them. */
export interface TeamFixture {
  teamId: string;
  channelId: string;
  tenantId: string;
}

export const TENANT = exampleConfig().tenantId;
export const OTHER_TENANT = '99999999-9999-9999-9999-999999999999';

export const TEAM_VLISSINGEN: TeamFixture = {
  teamId: '19:team-vlissingen@thread.tacv2',
  channelId: '19:general-vlissingen@thread.tacv2',
  tenantId: TENANT,
};
export const TEAM_VEERE: TeamFixture = {
  teamId: '19:team-veere@thread.tacv2',
  channelId: '19:general-veere@thread.tacv2',
  tenantId: TENANT,
};
export const TEAM_ELSEWHERE: TeamFixture = {
  teamId: '19:team-elsewhere@thread.tacv2',
  channelId: '19:general-elsewhere@thread.tacv2',
  tenantId: TENANT,
};

/** What the bot hands LinkChannel.redeem for a command typed in a team channel. */
export function channelFacts(team: TeamFixture, overrides: Partial<ChannelFacts> = {}): ChannelFacts {
  return {
    conversationType: 'channel',
    teamId: team.teamId,
    channelId: team.channelId,
    tenantId: team.tenantId,
    reference: { conversation: { id: team.channelId, conversationType: 'channel' }, serviceUrl: 'https://smba.example.invalid/emea/' },
    actorAadObjectId: 'aad-linker-0001',
    ...overrides,
  };
}

/** Who pressed a card button, as the Teams invoke says. */
export function memberOf(team: TeamFixture, aadObjectId = 'aad-member-0001'): TeamActor {
  return { aadObjectId, teamId: team.teamId, tenantId: team.tenantId };
}

/** A PDOK stand-in that answers from a table (by pc6) and records what it was asked. */
export function fakeLookup(
  answers: Record<string, { code: string; name: string }> = {},
  options: { down?: boolean } = {},
): MunicipalityLookup & { calls: Array<{ postcode6: string; houseNumber?: string }> } {
  const calls: Array<{ postcode6: string; houseNumber?: string }> = [];
  return {
    calls,
    async lookup(postcode6, houseNumber) {
      calls.push(houseNumber === undefined ? { postcode6 } : { postcode6, houseNumber });
      if (options.down) throw new Error('ECONNREFUSED 127.0.0.1:9');
      return answers[postcode6];
    },
  };
}

/** Log lines and audit files collected over several worlds, for a privacy check at the end. */
export interface Trail {
  logs: Array<Record<string, unknown>>;
  audits: string[];
}

export function newTrail(): Trail {
  return { logs: [], audits: [] };
}

export interface WorldOptions {
  /** Start of the fixed clock (default: Monday 2 March 2026, 10:00 in Amsterdam). */
  start?: string;
  config?: SignaalpuntenConfig;
  lookup?: MunicipalityLookup;
  retentionDays?: number;
  /** `close()` adds this world's log lines to `trail.logs` and its audit file's text to `trail.audits`. */
  trail?: Trail;
}

export type World = Awaited<ReturnType<typeof openWorld>>;

export async function openWorld(options: WorldOptions = {}) {
  const { dir, cleanup } = tempDir('app');
  const trail = options.trail ?? newTrail();
  const logger = memoryLogger();
  const clock = fakeClock(options.start ?? '2026-03-02T09:00:00.000Z');
  let config = options.config ?? exampleConfig();
  const spConfig = () => config;
  const key = randomBytes(32);
  const cipher = new AesGcmCipher(key);

  const store = await SignalStore.open({ dataDir: dir, cipher, logger });
  const fileLinks = await FileLinkStore.open({ dataDir: dir, logger });
  const links = new InboxLinkStore(fileLinks, dir);
  const audit = await FileAuditLog.open({ dataDir: dir, logger });
  const wakes = { count: 0 };
  const linkHash = hmacCodeHasher(key, 'link-code');
  // The use cases as createApp composes them; the worker's wake only counts here.
  const { report, actions, links: linking, maintenance } = composeSignals({
    stores: { signals: store.signals, outbox: store.outbox, links, audit },
    clock,
    logger,
    config: spConfig,
    linkHash,
    wake: () => {
      wakes.count += 1;
    },
    settings: { retentionDays: options.retentionDays ?? 90 },
    lookup: options.lookup,
  });

  let closed = false;
  const auditText = () => (fs.existsSync(audit.filePath) ? fs.readFileSync(audit.filePath, 'utf8') : '');

  return {
    dir,
    key,
    /** What the stores keep for a typed link code (HMAC under this world's data key). */
    linkHash: (code: string) => linkHash(normaliseLinkCode(code)),
    cipher,
    clock,
    logger,
    trail,
    wakes,
    store,
    fileLinks,
    links,
    audit,
    report,
    actions,
    linking,
    maintenance,
    setConfig(next: SignaalpuntenConfig) {
      config = next;
    },
    /** The signal store's files as they are on disk (every signal file, then outbox.json), as text. */
    rawSignals(): string {
      const signalsDir = path.join(dir, SIGNALS_DIR);
      const names = fs.existsSync(signalsDir) ? fs.readdirSync(signalsDir).sort() : [];
      const outbox = path.join(dir, OUTBOX_FILE);
      return [...names.map((name) => path.join(signalsDir, name)), ...(fs.existsSync(outbox) ? [outbox] : [])]
        .map((file) => fs.readFileSync(file, 'utf8'))
        .join('\n');
    },
    /** The stored form of each signal (clear fields and the sealed blob), read from its file. */
    storedSignals(): Record<string, Record<string, unknown> & { sealed: string }> {
      const signalsDir = path.join(dir, SIGNALS_DIR);
      const names = fs.existsSync(signalsDir) ? fs.readdirSync(signalsDir).filter((name) => name.endsWith('.json')) : [];
      // Each signal has two slots; the one with the higher sequence number is its current version.
      const newest = new Map<string, { seq: number; signal: Record<string, unknown> & { sealed: string } }>();
      for (const name of names) {
        const slot = JSON.parse(fs.readFileSync(path.join(signalsDir, name), 'utf8')) as { seq: number; record: { signal: Record<string, unknown> & { sealed: string; id: string } } };
        const id = slot.record.signal.id;
        if ((newest.get(id)?.seq ?? 0) < slot.seq) newest.set(id, { seq: slot.seq, signal: slot.record.signal });
      }
      return Object.fromEntries([...newest].map(([id, { signal }]) => [id, signal]));
    },
    auditText,
    async auditEntries(): Promise<AuditEntry[]> {
      await audit.flush();
      return audit.list();
    },
    /** Every file in the data folder, name and text. */
    files(): Array<{ name: string; text: string }> {
      if (!fs.existsSync(dir)) return [];
      return fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => {
          const full = path.join(entry.parentPath, entry.name);
          return { name: path.relative(dir, full), text: fs.readFileSync(full, 'utf8') };
        });
    },
    /** Issues a link code (the app's way) and redeems it in the team's channel. */
    async link(signaalpuntId: string, team: TeamFixture): Promise<string> {
      const { code } = await linking.issueCode(signaalpuntId, 'link');
      return linking.redeem('link', signaalpuntId, code, channelFacts(team));
    },
    /** Flushes, hands logs and audit text to the trail, removes the folder. A second call does nothing. */
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.all([store.flush(), fileLinks.flush(), audit.flush()]);
      trail.logs.push(...logger.lines);
      trail.audits.push(auditText());
      cleanup();
    },
  };
}
