import fsp from 'node:fs/promises';
import path from 'node:path';
import { OUTBOX_FILE, SIGNALS_DIR, SignalStore } from '../../src/adapters/persistence/signal-store';
import { OutboxRelay } from '../../src/application/outbox-relay';
import type { ReportDraft } from '../../src/application/report-signal.types';
import type { AgeGroup } from '../../src/domain/signal';
import type { Sign } from '../../src/domain/signs';
import type { OutboxMessage } from '../../src/ports/outbox';
import { canonical, draft, fakeLookup, newTrail, openWorld, personalDataIn, SYNTHETIC, type World, type WorldOptions } from '../helpers/app-fixtures';

const trail = newTrail();
const worlds: World[] = [];

async function world(options: WorldOptions = {}): Promise<World> {
  const w = await openWorld({ trail, ...options });
  worlds.push(w);
  return w;
}

afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

const targetsOf = (messages: OutboxMessage[], signalId: string) =>
  messages
    .filter((m) => m.payload.signalId === signalId)
    .map((m) => ({ kind: m.kind, target: m.target, status: m.status, payload: m.payload }));

describe('ReportSignal.checkPostcode: routing with the example signaalpunten', () => {
  test.each<[string, string | undefined, AgeGroup, string]>([
    ['4381 AB', undefined, 'young', 'Vlissingen, jongeren'],
    ['4381', undefined, 'adult', 'Vlissingen'],
    ['4381ab', undefined, 'senior75', 'Vlissingen'],
    ['4331 AB', '17', 'adult', 'Middelburg'],
    ['4331 AB', '18', 'adult', 'Veere'],
    ['4331 AA', '10', 'senior75', 'Veere'],
    ['4335', undefined, 'adult', 'Middelburg'],
    ['4351', undefined, 'young', 'Veere'],
    // Not covered by anyone: the fallback, never dropped.
    ['9999 ZZ', undefined, 'adult', 'Welzijn Zeeland (regionaal signaalpunt)'],
    // Borsele is in the file but not active yet.
    ['4415', undefined, 'adult', 'Welzijn Zeeland (regionaal signaalpunt)'],
  ])('When postcode %s (house number %s) is checked for age group %s, then it goes to %s', async (postcode, houseNumber, ageGroup, name) => {
    const w = await world();
    expect(await w.report.checkPostcode({ postcode, houseNumber, ageGroup })).toEqual({ kind: 'ok', signaalpuntName: name });
  });

  test.each<[string, string | undefined]>([
    ['4331', undefined],
    ['4331 AB', undefined],
    ['4331', '17'],
  ])('When the shared postcode %s is checked with house number %s, then it asks for the full address', async (postcode, houseNumber) => {
    const w = await world();
    expect(await w.report.checkPostcode({ postcode, houseNumber, ageGroup: 'adult' })).toEqual({ kind: 'needsAddress' });
  });

  test.each<[string, string | undefined]>([
    ['0000 AA', undefined],
    ['12345', undefined],
    ['ABCD EF', undefined],
    ['4381 SA', undefined],
    ['4331 AB', 'nul'],
  ])('When postcode %s (house number %s) is checked, then it is invalid', async (postcode, houseNumber) => {
    const w = await world();
    expect(await w.report.checkPostcode({ postcode, houseNumber, ageGroup: 'adult' })).toEqual({ kind: 'invalid' });
  });
});

describe('ReportSignal with a PDOK lookup fake: asked only when the table cannot decide', () => {
  test('When the table has one answer (Vlissingen 4381, or a listed address in 4331), then the lookup is not asked', async () => {
    const lookup = fakeLookup({ '4381AB': { code: '0717', name: 'Veere' }, '4331AB': { code: '0717', name: 'Veere' } });
    const w = await world({ lookup });

    expect(await w.report.checkPostcode({ postcode: '4381 AB', ageGroup: 'adult' })).toEqual({ kind: 'ok', signaalpuntName: 'Vlissingen' });
    expect(await w.report.checkPostcode({ postcode: '4331 AB', houseNumber: '17', ageGroup: 'adult' })).toEqual({
      kind: 'ok',
      signaalpuntName: 'Middelburg',
    });
    expect(await w.report.checkPostcode({ postcode: '4331', ageGroup: 'adult' })).toEqual({ kind: 'needsAddress' });
    expect(lookup.calls).toEqual([]);
  });

  test('When no signaalpunt covers a full postcode and PDOK knows its municipality, then the signal goes there', async () => {
    const lookup = fakeLookup({ '4460AB': { code: '0717', name: 'Veere' } });
    const w = await world({ lookup });

    const result = await w.report.submit(draft({ postcode: '4460 AB', houseNumber: '5' }), { submissionKey: 'k-lookup' });

    expect(result).toMatchObject({ ok: true, signaalpuntName: 'Veere' });
    expect(lookup.calls).toEqual([{ postcode6: '4460AB', houseNumber: '5' }]);
    expect((await w.store.signals.list()).map((s) => s.signaalpuntId)).toEqual(['GM0717']);
  });

  test('When a shared-postcode address is in no address rule, then PDOK decides between the municipalities', async () => {
    const lookup = fakeLookup({ '4331AD': { code: 'GM0687', name: 'Middelburg' } });
    const w = await world({ lookup });

    expect(await w.report.checkPostcode({ postcode: '4331 AD', houseNumber: '5', ageGroup: 'adult' })).toEqual({
      kind: 'ok',
      signaalpuntName: 'Middelburg',
    });
    expect(lookup.calls).toEqual([{ postcode6: '4331AD', houseNumber: '5' }]);
  });

  test('When PDOK is down, points at an inactive signaalpunt, or knows nothing, then the table decides: the fallback', async () => {
    const down = fakeLookup({}, { down: true });
    const inactive = fakeLookup({ '4454AB': { code: '0654', name: 'Borsele' } });
    const unknown = fakeLookup({});
    for (const lookup of [down, inactive, unknown]) {
      const w = await world({ lookup });
      expect(await w.report.checkPostcode({ postcode: '4454 AB', ageGroup: 'adult' })).toEqual({
        kind: 'ok',
        signaalpuntName: 'Welzijn Zeeland (regionaal signaalpunt)',
      });
      expect(lookup.calls).toHaveLength(1);
    }
  });

  test('When only 4 digits are known, then PDOK is not asked (it needs a full postcode) and the fallback gets the signal', async () => {
    const lookup = fakeLookup({});
    const w = await world({ lookup });
    expect(await w.report.submit(draft({ postcode: '4460' }), { submissionKey: 'k-4' })).toMatchObject({
      ok: true,
      signaalpuntName: 'Welzijn Zeeland (regionaal signaalpunt)',
    });
    expect(lookup.calls).toEqual([]);
  });
});

describe('ReportSignal.submit: storing and queueing', () => {
  test('When three signals are reported, then they get SIG-2026-000001, 000002 and 000003 and go to the routed signaalpunt', async () => {
    const w = await world();

    const first = await w.report.submit(draft({ ageGroup: 'young' }), { submissionKey: 'k1', reporterChatKey: 'chat-a' });
    const second = await w.report.submit(draft({ ageGroup: 'adult' }), { submissionKey: 'k2', reporterChatKey: 'chat-a' });
    // A shared postcode without an address cannot be placed: the fallback gets it, it is not dropped.
    const third = await w.report.submit(draft({ postcode: '4331' }), { submissionKey: 'k3' });

    // Each answer carries the signaalpunt's contact from the configuration, for the reporter (issue 14).
    expect(first).toEqual({
      ok: true,
      reference: 'SIG-2026-000001',
      signaalpuntName: 'Vlissingen, jongeren',
      deadline: '2026-03-04',
      contact: { phone: '0118 000 002', url: 'https://jeugd.vlissingen.example.org' },
    });
    expect(second).toEqual({
      ok: true,
      reference: 'SIG-2026-000002',
      signaalpuntName: 'Vlissingen',
      deadline: '2026-03-04',
      contact: { phone: '0118 000 001', email: 'signaalpunt@vlissingen.example.org' },
    });
    expect(third).toEqual({
      ok: true,
      reference: 'SIG-2026-000003',
      signaalpuntName: 'Welzijn Zeeland (regionaal signaalpunt)',
      deadline: '2026-03-05',
      contact: { phone: '0118 000 006', url: 'https://welzijn.zeeland.example.org' },
    });
    const stored = (await w.store.signals.list()).sort((a, b) => a.reference.localeCompare(b.reference));
    expect(stored.map((s) => [s.reference, s.signaalpuntId, s.status, s.postcode4, s.version])).toEqual([
      ['SIG-2026-000001', 'GM0718-jeugd', 'new', '4381', 1],
      ['SIG-2026-000002', 'GM0718', 'new', '4381', 1],
      ['SIG-2026-000003', 'zeeland-welzijn', 'new', '4331', 1],
    ]);
    expect(stored[0]!.history).toEqual([
      { at: '2026-03-02T09:00:00.000Z', action: 'created', by: { kind: 'reporter' }, toStatus: 'new', toSignaalpunt: 'GM0718-jeugd' },
    ]);
    expect(w.wakes.count).toBe(3);
    const audit = await w.auditEntries();
    expect(audit.map((e) => [e.action, e.signaalpuntId])).toEqual([
      ['signal.created', 'GM0718-jeugd'],
      ['signal.created', 'GM0718'],
      ['signal.created', 'zeeland-welzijn'],
    ]);
  });

  test('When five signals are reported at the same moment, then each gets its own number', async () => {
    const w = await world();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => w.report.submit(draft(), { submissionKey: `k-par-${i}` })),
    );
    const references = results.map((r) => (r.ok ? r.reference : r.code)).sort();
    expect(references).toEqual(['SIG-2026-000001', 'SIG-2026-000002', 'SIG-2026-000003', 'SIG-2026-000004', 'SIG-2026-000005']);
    expect(await w.store.signals.list()).toHaveLength(5);
  });

  test('When the year turns in Amsterdam (still the old year in UTC), then the reference has the new year and starts at 000001', async () => {
    const w = await world({ start: '2026-12-31T22:59:00.000Z' });
    expect(await w.report.submit(draft(), { submissionKey: 'k-old' })).toMatchObject({ reference: 'SIG-2026-000001' });
    w.clock.set('2026-12-31T23:30:00.000Z'); // 00:30 on 1 January 2027 in Amsterdam
    expect(await w.report.submit(draft(), { submissionKey: 'k-new' })).toMatchObject({ reference: 'SIG-2027-000001' });
  });

  test.each<[string, string, string, string]>([
    // Friday 6 March 2026, 10:00 in Amsterdam: the weekend does not count.
    ['a Friday (weekend)', '2026-03-06T09:00:00.000Z', '4381 AB', '2026-03-10'],
    // Friday 24 April 2026: Monday 27 April is Koningsdag.
    ['a Friday before Koningsdag', '2026-04-24T08:00:00.000Z', '4381 AB', '2026-04-29'],
    // Veere has 3 working days.
    ['a Friday before Koningsdag, at Veere', '2026-04-24T08:00:00.000Z', '4351', '2026-04-30'],
    // Thursday 2 April 2026: Goede Vrijdag counts, Monday 6 April is 2e Paasdag.
    ['the Thursday before Easter', '2026-04-02T08:00:00.000Z', '4381 AB', '2026-04-07'],
    // 00:30 on Friday 24 April in Amsterdam is still Thursday in UTC: the Amsterdam date counts.
    ['just after midnight in Amsterdam', '2026-04-23T22:30:00.000Z', '4381 AB', '2026-04-29'],
  ])('When a signal is reported on %s, then the deadline is in working days: %#', async (_when, start, postcode, deadline) => {
    const w = await world({ start });
    const result = await w.report.submit(draft({ postcode }), { submissionKey: 'k-deadline' });
    expect(result).toMatchObject({ ok: true, deadline });
    expect((await w.store.signals.list())[0]!.deadline).toBe(deadline);
  });

  test('When a signal is stored, then the outbox holds one signal.new per target of its signaalpunt, with ids only', async () => {
    const w = await world();
    const cases: Array<[Partial<ReportDraft>, unknown[]]> = [
      [
        { ageGroup: 'young' },
        [
          { kind: 'teams', signaalpuntId: 'GM0718-jeugd' },
          { kind: 'webhook', signaalpuntId: 'GM0718-jeugd', url: 'https://jeugd.vlissingen.example.org/signalen' },
        ],
      ],
      [
        { ageGroup: 'adult' },
        [
          { kind: 'teams', signaalpuntId: 'GM0718' },
          { kind: 'mail', signaalpuntId: 'GM0718', to: 'signaalpunt@vlissingen.example.org' },
        ],
      ],
      [
        { postcode: '4351' },
        [
          { kind: 'webhook', signaalpuntId: 'GM0717', url: 'https://welzijn.veere.example.org/api/signalen' },
          { kind: 'mail', signaalpuntId: 'GM0717', to: 'signalen@veere.example.org' },
        ],
      ],
      [
        { postcode: '9999' },
        [
          { kind: 'teams', signaalpuntId: 'zeeland-welzijn' },
          { kind: 'mail', signaalpuntId: 'zeeland-welzijn', to: 'signaalpunt@welzijn-zeeland.example.org' },
        ],
      ],
    ];
    let n = 0;
    for (const [overrides, targets] of cases) {
      n += 1;
      await w.report.submit(draft(overrides), { submissionKey: `k-targets-${n}` });
      const signal = await w.store.signals.getByReference(`SIG-2026-00000${n}`);
      const messages = targetsOf(await w.store.outbox.list(), signal!.id);
      expect(canonical(messages)).toEqual(
        canonical(targets.map((target) => ({ kind: 'signal.new', target, status: 'pending', payload: { signalId: signal!.id } }))),
      );
    }
    expect(await w.store.outbox.list()).toHaveLength(8);
    expect(personalDataIn(JSON.stringify(await w.store.outbox.list()))).toEqual([]);
  });

  test('When a signal with every personal field is stored, then none of it is readable in its signal file, but the store gives it back', async () => {
    const w = await world();
    const result = await w.report.submit(draft({ postcode: SYNTHETIC.postcode, houseNumber: SYNTHETIC.houseNumber }), {
      submissionKey: 'k-privacy',
      reporterChatKey: 'chat-a',
    });
    expect(result).toMatchObject({ ok: true, signaalpuntName: 'Middelburg' });

    const raw = w.rawSignals();
    const id = (await w.store.signals.list())[0]!.id;
    expect(w.files().map((f) => f.name)).toContain(`${SIGNALS_DIR}/${id}.a.json`);
    expect(raw).toContain('SIG-2026-000001');
    expect(personalDataIn(raw)).toEqual([]);
    // What lists and figures need stays in the clear: only the 4 digits of the postcode.
    expect(w.storedSignals()).toMatchObject({ [id]: { postcode4: '4331', status: 'new' } });

    const [stored] = await w.store.signals.list();
    expect(stored!.personal).toEqual({
      personName: SYNTHETIC.personName,
      personContact: SYNTHETIC.personContact,
      postcode6: SYNTHETIC.pc6,
      houseNumber: SYNTHETIC.houseNumber,
      note: SYNTHETIC.note,
      reporterName: SYNTHETIC.reporterName,
      reporterContact: SYNTHETIC.reporterContact,
      reporterOrganisation: SYNTHETIC.reporterOrganisation,
    });
  });

  test('When person details are sent without consent, then DRAFT_INVALID names consent and nothing is stored', async () => {
    const w = await world();
    for (const extra of [{ personName: SYNTHETIC.personName }, { personContact: SYNTHETIC.personContact }]) {
      const result = await w.report.submit(draft({ consent: false, personName: undefined, personContact: undefined, ...extra }), {
        submissionKey: 'k-no-consent',
      });
      expect(result).toEqual({ ok: false, code: 'DRAFT_INVALID', fields: ['consent'] });
    }
    expect(await w.store.signals.list()).toEqual([]);
    expect(await w.store.outbox.list()).toEqual([]);
    expect(personalDataIn(w.rawSignals())).toEqual([]);

    // Without consent and without the person's details, the signal is taken, and its number is the first.
    const ok = await w.report.submit(draft({ consent: false, personName: undefined, personContact: undefined }), { submissionKey: 'k-ok' });
    expect(ok).toMatchObject({ ok: true, reference: 'SIG-2026-000001' });
    const [stored] = await w.store.signals.list();
    expect(stored!.consent).toBe(false);
    expect(stored!.personal.personName).toBeUndefined();
    expect(stored!.personal.personContact).toBeUndefined();
  });

  test('When a report without name arrives with a full address anyway, then only the 4 digits are kept and routed, without PDOK', async () => {
    const lookup = fakeLookup({ '4331AC': { code: 'GM0687', name: 'Middelburg' } });
    const w = await world({ lookup });
    // 4331 is shared by Middelburg and Veere: without name the address may not decide, the fallback does.
    expect(await w.report.checkPostcode({ postcode: '4331', ageGroup: 'adult', withoutAddress: true })).toEqual({
      kind: 'ok',
      signaalpuntName: 'Welzijn Zeeland (regionaal signaalpunt)',
    });
    const result = await w.report.submit(draft({ consent: false, personName: undefined, personContact: undefined, postcode: '4331 AC', houseNumber: '3' }), {
      submissionKey: 'k-without-name',
    });
    expect(result).toMatchObject({ ok: true, signaalpuntName: 'Welzijn Zeeland (regionaal signaalpunt)' });
    const [stored] = await w.store.signals.list();
    expect(stored!.postcode4).toBe('4331');
    expect(stored!.personal.postcode6).toBeUndefined();
    expect(stored!.personal.houseNumber).toBeUndefined();
    expect(lookup.calls).toEqual([]);
    // One municipality's 4 digits still route as usual.
    expect(await w.report.checkPostcode({ postcode: '4381', ageGroup: 'adult', withoutAddress: true })).toEqual({ kind: 'ok', signaalpuntName: 'Vlissingen' });
  });

  test('When the same submit arrives twice, then there is one signal, one set of messages, and the same reference', async () => {
    const w = await world();
    const first = await w.report.submit(draft(), { submissionKey: 'k-replay', reporterChatKey: 'chat-a' });
    w.clock.advance(60_000);
    const second = await w.report.submit(draft(), { submissionKey: 'k-replay', reporterChatKey: 'chat-a' });

    expect(second).toEqual(first);
    expect(first).toMatchObject({ ok: true, reference: 'SIG-2026-000001' });
    expect(await w.store.signals.list()).toHaveLength(1);
    expect(await w.store.outbox.list()).toHaveLength(2);
    expect((await w.auditEntries()).filter((e) => e.action === 'signal.created')).toHaveLength(1);
    // The next real signal still gets the next number.
    expect(await w.report.submit(draft(), { submissionKey: 'k-other' })).toMatchObject({ reference: 'SIG-2026-000002' });
  });

  test.each<[string, Partial<ReportDraft> | Record<string, unknown>, string[]]>([
    ['a note over 500 characters', { note: 'x'.repeat(501) }, ['note']],
    ['an unknown sign', { signs: ['fewContacts', 'notASign' as Sign] }, ['signs']],
    ['no signs', { signs: [] }, ['signs']],
    ['an unknown age group', { ageGroup: 'toddler' as AgeGroup }, ['ageGroup']],
    ['a note too long and an unknown sign', { note: 'x'.repeat(501), signs: ['notASign' as Sign] }, ['signs', 'note']],
    ['a field the schema does not know', { bsn: '123456782' }, ['draft']],
  ])('When the draft has %s, then DRAFT_INVALID names the fields and nothing is stored', async (_what, overrides, fields) => {
    const w = await world();
    const result = await w.report.submit({ ...draft(), ...overrides } as ReportDraft, { submissionKey: 'k-invalid' });
    expect(result).toEqual({ ok: false, code: 'DRAFT_INVALID', fields: expect.arrayContaining(fields) });
    expect(result.ok ? [] : [...result.fields].sort()).toEqual([...fields].sort());
    expect(await w.store.signals.list()).toEqual([]);
    expect(await w.store.outbox.list()).toEqual([]);
    expect(w.logger.lines.filter((l) => l.code === 'DRAFT_INVALID')).toHaveLength(1);
  });

  test('When a note is exactly 500 characters, then it is taken', async () => {
    const w = await world();
    expect(await w.report.submit(draft({ note: 'y'.repeat(500) }), { submissionKey: 'k-500' })).toMatchObject({ ok: true });
  });
});

describe('ReportSignal.submit: while outbox.json cannot be written (ADR 0010)', () => {
  test('When the outbox write fails, then the reporter is still told the reference, and after a kill the start-up relay queues the team card, once', async () => {
    const w = await world();
    const realRename = fsp.rename.bind(fsp);
    const blocker = jest.spyOn(fsp, 'rename').mockImplementation(async (from, to) => {
      if (path.basename(String(to)) === OUTBOX_FILE) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
      return realRename(from, to);
    });
    const result = await w.report.submit(draft(), { submissionKey: 'k-full', reporterChatKey: 'chat-a' });
    blocker.mockRestore();
    expect(result).toMatchObject({ ok: true, reference: 'SIG-2026-000001' });
    expect(await w.store.outbox.list()).toEqual([]);
    expect(w.logger.lines.some((l) => l.code === 'OUTBOX_RELAY_FAILED')).toBe(true);

    // kill -9 and start: a new store on the same folder, and the relay the app runs before its worker.
    const restarted = await SignalStore.open({ dataDir: w.dir, cipher: w.cipher, logger: w.logger });
    const relay = new OutboxRelay({ sources: [restarted.signals], outbox: restarted.outbox, logger: w.logger });
    const moved = await relay.relay();
    const signal = (await restarted.signals.getByReference('SIG-2026-000001'))!;
    const queued = await restarted.outbox.list();
    expect(queued.map((m) => m.target.kind)).toContain('teams');
    expect(queued.every((m) => m.kind === 'signal.new' && m.payload.signalId === signal.id && m.status === 'pending')).toBe(true);
    expect(queued).toHaveLength(moved);
    expect(await relay.relay()).toBe(0);
    await restarted.flush();
  });
});

describe('ReportSignal.statusForReporter', () => {
  test("When a reporter asks for the status, then they see only their own signals, and another reporter's reference shows nothing", async () => {
    const w = await world();
    await w.report.submit(draft(), { submissionKey: 'a1', reporterChatKey: 'chat-a' });
    await w.report.submit(draft(), { submissionKey: 'b1', reporterChatKey: 'chat-b' });
    await w.report.submit(draft(), { submissionKey: 'none' });
    w.clock.advance(3_600_000);
    await w.report.submit(draft({ ageGroup: 'young' }), { submissionKey: 'a2', reporterChatKey: 'chat-a' });

    expect(await w.report.statusForReporter('chat-a')).toEqual([
      { reference: 'SIG-2026-000001', status: 'new', createdAt: '2026-03-02T09:00:00.000Z' },
      { reference: 'SIG-2026-000004', status: 'new', createdAt: '2026-03-02T10:00:00.000Z' },
    ]);
    expect(await w.report.statusForReporter('chat-a', 'sig-2026-000004')).toEqual([
      { reference: 'SIG-2026-000004', status: 'new', createdAt: '2026-03-02T10:00:00.000Z' },
    ]);
    expect(await w.report.statusForReporter('chat-a', 'SIG-2026-000002')).toEqual([]);
    expect(await w.report.statusForReporter('chat-b')).toEqual([
      { reference: 'SIG-2026-000002', status: 'new', createdAt: '2026-03-02T09:00:00.000Z' },
    ]);
    expect(await w.report.statusForReporter('chat-c')).toEqual([]);
  });
});

describe('ReportSignal: privacy of everything above', () => {
  test('When every test of this file has run, then no log line and no audit line holds the synthetic personal data', () => {
    expect(trail.logs.length).toBeGreaterThan(20);
    expect(trail.audits.join('').length).toBeGreaterThan(0);
    expect(personalDataIn(JSON.stringify(trail.logs))).toEqual([]);
    expect(personalDataIn(trail.audits.join('\n'))).toEqual([]);
  });
});
