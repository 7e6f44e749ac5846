import { SignalStore } from '../../src/adapters/persistence/signal-store';
import type { Signal } from '../../src/domain/signal';
import { draft, memberOf, newTrail, openWorld, personalDataIn, SYNTHETIC, TEAM_VLISSINGEN, type World } from '../helpers/app-fixtures';

const trail = newTrail();
let w: World;

afterEach(async () => {
  await w.close();
});

const anna = memberOf(TEAM_VLISSINGEN, 'aad-anna-0001');
const DAY_MS = 24 * 60 * 60 * 1000;

/** A Vlissingen signal (2 working days) reported at the world's clock. */
async function reported(key: string): Promise<Signal> {
  const result = await w.report.submit(draft(), { submissionKey: key, reporterChatKey: 'chat-a' });
  if (!result.ok) throw new Error(result.code);
  return (await w.store.signals.getByReference(result.reference))!;
}

async function remindersOf(signalId: string): Promise<string[]> {
  return (await w.store.outbox.list())
    .filter((m) => m.kind === 'signal.threadReply' && m.payload.signalId === signalId)
    .map((m) => String(m.payload.day))
    .sort();
}

describe('SignalMaintenance.remindOverdue', () => {
  test('When a signal is not claimed past its deadline, then it gets exactly one reminder per working day, none in the weekend', async () => {
    w = await openWorld({ trail, start: '2026-03-02T09:00:00.000Z' }); // Monday
    const signal = await reported('k1');
    expect(signal.deadline).toBe('2026-03-04');

    const runs: Array<[string, number]> = [
      ['2026-03-04T16:00:00.000Z', 0], // Wednesday: the deadline day itself is not overdue
      ['2026-03-05T07:00:00.000Z', 1], // Thursday morning
      ['2026-03-05T15:00:00.000Z', 0], // Thursday afternoon: already reminded today
      ['2026-03-05T23:30:00.000Z', 1], // 00:30 on Friday in Amsterdam: a new working day
      ['2026-03-06T09:00:00.000Z', 0], // Friday again
      ['2026-03-07T09:00:00.000Z', 0], // Saturday
      ['2026-03-08T09:00:00.000Z', 0], // Sunday
      ['2026-03-09T09:00:00.000Z', 1], // Monday
    ];
    for (const [at, expected] of runs) {
      w.clock.set(at);
      expect([at, await w.maintenance.remindOverdue()]).toEqual([at, expected]);
    }

    expect(await remindersOf(signal.id)).toEqual(['2026-03-05', '2026-03-06', '2026-03-09']);
    const reminders = (await w.store.outbox.list()).filter((m) => m.kind === 'signal.threadReply');
    expect(reminders.map((m) => m.target)).toEqual(Array(3).fill({ kind: 'teamsThread', signaalpuntId: 'GM0718', signalId: signal.id }));
    const stored = (await w.store.signals.get(signal.id))!;
    expect(stored).toMatchObject({ status: 'new', version: 4, lastOverdueReminder: '2026-03-09' });
    expect(stored.history.slice(0, 1)).toEqual(signal.history);
    expect(stored.history.slice(1).map((h) => [h.action, h.by.kind, h.at])).toEqual([
      ['overdueReminder', 'system', '2026-03-05T07:00:00.000Z'],
      ['overdueReminder', 'system', '2026-03-05T23:30:00.000Z'],
      ['overdueReminder', 'system', '2026-03-09T09:00:00.000Z'],
    ]);
    expect(w.logger.lines.filter((l) => l.code === 'OVERDUE_REMINDERS').map((l) => l.count)).toEqual([1, 1, 1]);
  });

  test('When the first overdue day is Koningsdag, then the reminder waits for the next working day', async () => {
    w = await openWorld({ trail, start: '2026-04-22T08:00:00.000Z' }); // Wednesday
    const signal = await reported('k1');
    expect(signal.deadline).toBe('2026-04-24');

    for (const [at, expected] of [
      ['2026-04-25T09:00:00.000Z', 0], // Saturday
      ['2026-04-27T09:00:00.000Z', 0], // Monday, Koningsdag
      ['2026-04-28T09:00:00.000Z', 1], // Tuesday
    ] as const) {
      w.clock.set(at);
      expect([at, await w.maintenance.remindOverdue()]).toEqual([at, expected]);
    }
    expect(await remindersOf(signal.id)).toEqual(['2026-04-28']);
  });

  test('When a signal is claimed (or closed), then it gets no reminder; the unclaimed one next to it does', async () => {
    w = await openWorld({ trail, start: '2026-03-02T09:00:00.000Z' });
    expect(await w.link('GM0718', TEAM_VLISSINGEN)).toBe('LINKED');
    const waiting = await reported('k-waiting');
    const claimed = await reported('k-claimed');
    const closed = await reported('k-closed');
    expect(await w.actions.act(claimed.id, anna, { action: 'claim' })).toMatchObject({ ok: true });
    expect(await w.actions.act(closed.id, anna, { action: 'claim' })).toMatchObject({ ok: true });
    expect(await w.actions.act(closed.id, anna, { action: 'close', outcome: 'contactMade' })).toMatchObject({ ok: true });

    for (const at of ['2026-03-05T09:00:00.000Z', '2026-03-06T09:00:00.000Z']) {
      w.clock.set(at);
      expect(await w.maintenance.remindOverdue()).toBe(1);
    }
    expect(await remindersOf(waiting.id)).toEqual(['2026-03-05', '2026-03-06']);
    expect(await remindersOf(claimed.id)).toEqual([]);
    expect(await remindersOf(closed.id)).toEqual([]);
    expect((await w.store.signals.get(claimed.id))!.history.map((h) => h.action)).toEqual(['created', 'claim']);
  });
});

describe('SignalMaintenance.eraseExpired', () => {
  test('When a signal was closed longer than the retention ago, then its personal details and notes are erased, on disk too; newer ones are kept', async () => {
    w = await openWorld({ trail, start: '2026-03-02T09:00:00.000Z', retentionDays: 90 });
    expect(await w.link('GM0718', TEAM_VLISSINGEN)).toBe('LINKED');
    const old = await reported('k-old');
    const recent = await reported('k-recent');
    const open = await reported('k-open');
    await w.actions.act(old.id, anna, { action: 'claim' });
    await w.actions.act(old.id, anna, { action: 'note', text: SYNTHETIC.teamNote });
    w.clock.set('2026-03-03T09:00:00.000Z');
    await w.actions.act(old.id, anna, { action: 'close', outcome: 'contactMade' });
    w.clock.set('2026-04-01T09:00:00.000Z');
    await w.actions.act(recent.id, anna, { action: 'claim' });
    await w.actions.act(recent.id, anna, { action: 'note', text: SYNTHETIC.teamNote });
    await w.actions.act(recent.id, anna, { action: 'close', outcome: 'referred' });
    const oldClosed = (await w.store.signals.get(old.id))!;
    const recentClosed = (await w.store.signals.get(recent.id))!;
    expect(oldClosed.personal.personName).toBe(SYNTHETIC.personName);

    // One second short of 90 days after closing: nothing yet.
    const closedAt = Date.parse(oldClosed.closedAt!);
    w.clock.set(new Date(closedAt + 90 * DAY_MS - 1000).toISOString());
    expect(await w.maintenance.eraseExpired()).toBe(0);
    expect((await w.store.signals.get(old.id))!.personal).toEqual(oldClosed.personal);

    w.clock.set(new Date(closedAt + 90 * DAY_MS + 1000).toISOString());
    expect(await w.maintenance.eraseExpired()).toBe(1);

    const erased = (await w.store.signals.get(old.id))!;
    expect(erased.personal).toEqual({});
    expect(erased.notes).toEqual([]);
    expect(erased.personalErasedAt).toBe('2026-06-01T09:00:01.000Z');
    // What the figures need stays.
    for (const key of ['id', 'reference', 'status', 'signs', 'outcome', 'closedAt', 'postcode4', 'ageGroup', 'signaalpuntId', 'reporterSector'] as const) {
      expect([key, erased[key]]).toEqual([key, oldClosed[key]]);
    }
    expect(erased.history.slice(0, oldClosed.history.length)).toEqual(oldClosed.history);
    expect(erased.history.at(-1)).toEqual({ at: '2026-06-01T09:00:01.000Z', action: 'personalErased', by: { kind: 'system' } });
    expect(await w.store.signals.get(recent.id)).toEqual(recentClosed);
    expect((await w.store.signals.get(open.id))!.personal.personName).toBe(SYNTHETIC.personName);

    expect((await w.auditEntries()).at(-1)).toEqual({
      at: '2026-06-01T09:00:01.000Z',
      action: 'signal.personalErased',
      actor: 'system',
      signalId: old.id,
      signaalpuntId: 'GM0718',
    });

    // On disk: decrypt each sealed blob as written. The erased one holds nothing personal; the others still do.
    const stored = w.storedSignals();
    const sealedOf = (id: string) => w.cipher.decrypt(stored[id]!.sealed);
    expect(JSON.parse(sealedOf(old.id))).toEqual({ id: old.id, personal: {}, notes: [] });
    expect(personalDataIn(sealedOf(old.id))).toEqual([]);
    expect(personalDataIn(sealedOf(recent.id))).toEqual(expect.arrayContaining([SYNTHETIC.personName, SYNTHETIC.teamNote, SYNTHETIC.note]));
    for (const { text } of w.files()) expect(personalDataIn(text)).toEqual([]);

    // A fresh process with the same key reads the same.
    await w.store.flush();
    const reopened = await SignalStore.open({ dataDir: w.dir, cipher: w.cipher, logger: w.logger });
    expect((await reopened.signals.get(old.id))!.personal).toEqual({});

    // Once is enough.
    w.clock.advance(DAY_MS);
    expect(await w.maintenance.eraseExpired()).toBe(0);
    expect((await w.auditEntries()).filter((e) => e.action === 'signal.personalErased')).toHaveLength(1);
    expect(w.logger.lines.filter((l) => l.code === 'RETENTION_ERASED').map((l) => l.count)).toEqual([1]);
  });
});

describe('SignalMaintenance: privacy of everything above', () => {
  test('When every test of this file has run, then no log line and no audit line holds the synthetic personal data', () => {
    expect(trail.logs.length).toBeGreaterThan(20);
    expect(trail.audits.join('')).toContain('signal.personalErased');
    expect(personalDataIn(JSON.stringify(trail.logs))).toEqual([]);
    expect(personalDataIn(trail.audits.join('\n'))).toEqual([]);
  });
});
