import { hmacCodeHasher } from '../../src/adapters/crypto/code-hmac';
import { randomBytes } from 'node:crypto';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AesGcmCipher } from '../../src/adapters/crypto/aes-gcm-cipher';
import { FileAuditLog } from '../../src/adapters/persistence/audit-log';
import { InboxLinkStore } from '../../src/adapters/persistence/link-code-inbox';
import { FileLinkStore } from '../../src/adapters/persistence/link-store';
import { SignalStore } from '../../src/adapters/persistence/signal-store';
import { LinkChannel } from '../../src/application/link-channel';
import { ReportSignal } from '../../src/application/report-signal';
import { ConnectorStub } from '../helpers/connector-stub';
import { draft, exampleConfig, EXAMPLE_SIGNAALPUNTEN_FILE } from '../helpers/app-fixtures';
import { memoryLogger } from '../helpers/dialog-client';

/**
 * Issue 13: the built bot (dist/, as `npm start` runs it) on 127.0.0.1 against a connector stub
 * that is slow (50-500 ms) and sometimes throttles (429 with Retry-After, 503), SIGKILLed at
 * random moments while it delivers signals and team members press "claim", then drained.
 *
 * Checks: the bot starts after every kill; every confirmed reference gets its thread; every
 * signal has its signal.created audit line and every claim its signal.claim line. Counts: threads
 * posted twice per kill during delivery, and how many of those repeats say so on the card.
 *
 * Bounded: KILLS rounds of about 1.5 s (FAULT_KILLS overrides; default 100).
 *
 * Not covered here (see the notes of issue 13): kills during the report dialog (signals are
 * filed by the same use case in-process between rounds, not through chat turns) and during
 * linking (the channel is linked once at the start).
 */
const root = path.resolve(__dirname, '../..');
const entry = path.join(root, 'dist/src/main.js');
const KILLS = Number(process.env.FAULT_KILLS ?? 100);
const SIGNALS_PER_ROUND = 3;
const TEAM = { teamId: '19:team-fault@thread.tacv2', channelId: '19:general-fault@thread.tacv2', tenantId: exampleConfig().tenantId };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo));

interface Bot {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

async function startBot(env: Record<string, string>): Promise<Bot> {
  const port = await freePort();
  const child = spawn(process.execPath, [entry], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', PLAYGROUND: '0', NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 15_000;
  while (!out.includes('LISTENING')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`bot did not start (exit ${String(child.exitCode)}):\n${out.slice(-3000)}`);
    }
    await sleep(20);
  }
  return { child, port, output: () => out, exited };
}

function claimInvoke(signalId: string, i: number): Record<string, unknown> {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `invoke-${i}-${Math.random()}`,
    channelId: 'msteams',
    from: { id: '29:member-fault', aadObjectId: '00000000-0000-0000-0000-00000000b001' },
    recipient: { id: '28:bot-fault', name: 'Signaalbot' },
    conversation: { id: `${TEAM.channelId};messageid=1`, conversationType: 'channel', tenantId: TEAM.tenantId, isGroup: true },
    channelData: { team: { id: TEAM.teamId }, channel: { id: TEAM.channelId }, tenant: { id: TEAM.tenantId } },
    value: { action: { type: 'Action.Execute', verb: 'signal.claim', data: { signalId } }, trigger: 'manual' },
  };
}

describe('kill -9 at random moments during delivery and card actions', () => {
  let connector: ConnectorStub;
  let dataDir: string;
  const key = randomBytes(32);
  const env = () => ({ DATA_DIR: dataDir, DATA_ENCRYPTION_KEY: key.toString('base64'), SIGNAALPUNTEN_FILE: EXAMPLE_SIGNAALPUNTEN_FILE, OUTBOX_POLL_MS: '50' });

  beforeAll(async () => {
    if (!fs.existsSync(entry)) throw new Error('run `npm run build` first (npm run test:faults does)');
    connector = await new ConnectorStub().start();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalbot-faults-'));
  });
  afterAll(async () => {
    await connector.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Files signals the way the report dialog does, with the bot down (one process per data folder). */
  async function withStores<T>(work: (deps: { report: ReportSignal; linking: LinkChannel; store: SignalStore }) => Promise<T>): Promise<T> {
    const logger = memoryLogger();
    const clock = { now: () => new Date() };
    const store = await SignalStore.open({ dataDir, cipher: new AesGcmCipher(key), logger });
    const fileLinks = await FileLinkStore.open({ dataDir, logger });
    const links = new InboxLinkStore(fileLinks, dataDir);
    const audit = await FileAuditLog.open({ dataDir, logger });
    const report = new ReportSignal({ signals: store.signals, audit, clock, logger, config: exampleConfig });
    const linking = new LinkChannel({ links, outbox: store.outbox, audit, clock, logger, config: exampleConfig, hashCode: hmacCodeHasher(key, 'link-code') });
    try {
      return await work({ report, linking, store });
    } finally {
      await Promise.all([store.flush(), fileLinks.flush(), audit.flush()]);
    }
  }

  test(`When the bot is killed ${KILLS} times while it delivers and takes claims, then it always starts, delivers every reference, and no change lacks its audit line`, async () => {
    const started = Date.now();
    connector.delayMs = () => between(50, 500);
    await withStores(async ({ linking }) => {
      const { code } = await linking.issueCode('GM0718', 'link');
      const outcome = await linking.redeem('link', 'GM0718', code, {
        conversationType: 'channel',
        ...TEAM,
        reference: { serviceUrl: connector.url, channelId: 'msteams', conversation: { id: TEAM.channelId, conversationType: 'channel' }, bot: { id: '28:bot-fault' } },
        actorAadObjectId: 'aad-linker-fault',
      });
      expect(outcome).toBe('LINKED');
    });

    const references: string[] = [];
    const signalIds: string[] = [];
    let acknowledgedClaims = 0;
    for (let round = 0; round < KILLS; round++) {
      await withStores(async ({ report, store }) => {
        for (let i = 0; i < SIGNALS_PER_ROUND; i++) {
          const result = await report.submit(draft(), { submissionKey: `k-${round}-${i}` });
          if (!result.ok) throw new Error(result.code);
          references.push(result.reference);
          signalIds.push((await store.signals.getByReference(result.reference))!.id);
        }
      });
      if (Math.random() < 0.15) connector.failNext(between(1, 3), Math.random() < 0.5 ? 429 : 503, { 'Retry-After': '1' });
      const bot = await startBot(env());
      const presses = Array.from({ length: 2 }, (_, i) => {
        const id = signalIds[between(0, signalIds.length)]!;
        return fetch(`http://127.0.0.1:${bot.port}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ serviceUrl: connector.url, ...claimInvoke(id, i) }),
        })
          .then((res) => {
            if (res.status === 200) acknowledgedClaims++;
          })
          .catch(() => undefined);
      });
      await sleep(between(30, 700));
      bot.child.kill('SIGKILL');
      await bot.exited;
      await Promise.all(presses);
      await sleep(600); // requests Teams still had: answered (and counted) after the kill
    }

    // Drain: a last start that is left to finish.
    connector.delayMs = () => between(10, 50);
    const drain = await startBot(env());
    const threadsOf = () => {
      const count = new Map<string, number>();
      for (const call of connector.created()) {
        const text = JSON.stringify(call.body);
        const ref = /SIG-\d{4}-\d{6}/.exec(text)?.[0];
        if (ref) count.set(ref, (count.get(ref) ?? 0) + 1);
      }
      return count;
    };
    // Teams pacing allows about two new threads a second in one channel: the drain gets the time
    // the references need at that rate, with 90 s at the least.
    const deadline = Date.now() + Math.max(90_000, references.length * 700);
    while (references.some((r) => !threadsOf().has(r))) {
      if (Date.now() > deadline) break;
      await sleep(200);
    }
    await sleep(1500);
    drain.child.kill('SIGTERM');
    await drain.exited;

    const threads = threadsOf();
    const missing = references.filter((r) => !threads.has(r));
    const duplicates = [...threads.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
    const flaggedOf = new Map<string, number>();
    for (const call of connector.created()) {
      const text = JSON.stringify(call.body);
      const ref = /SIG-\d{4}-\d{6}/.exec(text)?.[0];
      if (ref && text.includes('twee keer')) flaggedOf.set(ref, (flaggedOf.get(ref) ?? 0) + 1);
    }
    const flagged = [...flaggedOf.values()].reduce((a, b) => a + b, 0);
    // Every repeat of a thread says it may be one: of n threads of a reference, n-1 at least carry the notice.
    const silentRepeats = [...threads].filter(([ref, n]) => (flaggedOf.get(ref) ?? 0) < n - 1).map(([ref]) => ref);
    const audit = fs.readFileSync(path.join(dataDir, 'audit.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { action: string; signalId?: string });
    const created = new Set(audit.filter((a) => a.action === 'signal.created').map((a) => a.signalId));
    const withoutCreated = signalIds.filter((id) => !created.has(id));
    const claimLines = audit.filter((a) => a.action === 'signal.claim').length;
    const claimed = await withStores(async ({ store }) => (await store.signals.summaries()).filter((s) => s.history.some((h) => h.action === 'claim')).length);

    const report = {
      kills: KILLS,
      seconds: Math.round((Date.now() - started) / 1000),
      confirmedReferences: references.length,
      lost: missing.length,
      duplicateThreads: duplicates,
      duplicatesPerKill: Number((duplicates / KILLS).toFixed(3)),
      threadsSayingMaybeRepeat: flagged,
      silentRepeats: silentRepeats.length,
      acknowledgedClaims,
      claimedSignals: claimed,
      claimAuditLines: claimLines,
      signalsWithoutCreatedAudit: withoutCreated.length,
      quarantined: fs.existsSync(path.join(dataDir, 'quarantine')),
    };
    // The figures for docs/adr/0005 and the issue's note.
    process.stdout.write(`FAULTS ${JSON.stringify(report)}\n`);

    expect(missing).toEqual([]);
    expect(withoutCreated).toEqual([]);
    expect(claimLines).toBeGreaterThanOrEqual(claimed);
    expect(silentRepeats).toEqual([]);
  }, 600_000);
});
