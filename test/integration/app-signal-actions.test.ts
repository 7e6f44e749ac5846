import type { ActionRequest, TeamActor } from '../../src/application/signal-actions';
import type { Signal } from '../../src/domain/signal';
import {
  canonical,
  draft,
  memberOf,
  newTrail,
  openWorld,
  OTHER_TENANT,
  personalDataIn,
  SYNTHETIC,
  TEAM_ELSEWHERE,
  TEAM_VEERE,
  TEAM_VLISSINGEN,
  type World,
} from '../helpers/app-fixtures';
import type { ReportDraft } from '../../src/application/report-signal.types';

const trail = newTrail();
let w: World;

/** Vlissingen (GM0718) and Veere (GM0717) are linked; Middelburg (GM0687) is not. */
beforeEach(async () => {
  w = await openWorld({ trail });
  expect(await w.link('GM0718', TEAM_VLISSINGEN)).toBe('LINKED');
  expect(await w.link('GM0717', TEAM_VEERE)).toBe('LINKED');
});

afterEach(async () => {
  await w.close();
});

const anna = memberOf(TEAM_VLISSINGEN, 'aad-anna-0001');
const bram = memberOf(TEAM_VLISSINGEN, 'aad-bram-0002');
const vera = memberOf(TEAM_VEERE, 'aad-vera-0003');

let reportCount = 0;

/** A signal for Vlissingen (adults, 4381), reported from chat-a; returns it as stored. */
async function reported(overrides: Partial<ReportDraft> = {}, chatKey: string | null = 'chat-a'): Promise<Signal> {
  reportCount += 1;
  const key = `k-${reportCount}`;
  const result = await w.report.submit(draft(overrides), { submissionKey: key, reporterChatKey: chatKey ?? undefined });
  if (!result.ok) throw new Error(result.code);
  return (await w.store.signals.getByReference(result.reference))!;
}

async function act(signal: Signal, actor: TeamActor, request: ActionRequest) {
  return w.actions.act(signal.id, actor, request);
}

/** Outbox messages about one signal, without the ids and times. */
async function messagesOf(signalId: string) {
  return (await w.store.outbox.list())
    .filter((m) => m.payload.signalId === signalId && m.kind !== 'signal.new')
    .map((m) => ({ kind: m.kind, target: m.target, payload: m.payload }));
}

describe('SignalActions: the workflow by a member of the linked team', () => {
  test('When a member claims, then the signal is claimed, history grows by one, and the card and the reporter are told', async () => {
    const signal = await reported();
    w.clock.advance(15 * 60_000);

    const result = await act(signal, anna, { action: 'claim' });

    expect(result.ok).toBe(true);
    const stored = (await w.store.signals.get(signal.id))!;
    expect(stored).toMatchObject({ status: 'claimed', version: 2, claimedBy: { kind: 'teamMember', id: 'aad-anna-0001' }, claimedAt: '2026-03-02T09:15:00.000Z' });
    expect(stored.history).toEqual([
      signal.history[0],
      { at: '2026-03-02T09:15:00.000Z', action: 'claim', by: { kind: 'teamMember', id: 'aad-anna-0001' }, fromStatus: 'new', toStatus: 'claimed' },
    ]);
    expect(canonical(await messagesOf(signal.id))).toEqual(
      canonical([
        { kind: 'signal.cardUpdate', target: { kind: 'teamsThread', signaalpuntId: 'GM0718', signalId: signal.id }, payload: { signalId: signal.id, version: 2 } },
        { kind: 'reporter.notify', target: { kind: 'reporter', chatKey: 'chat-a' }, payload: { signalId: signal.id, event: 'claimed' } },
      ]),
    );
    expect((await w.auditEntries()).at(-1)).toEqual({
      at: '2026-03-02T09:15:00.000Z',
      action: 'signal.claim',
      actor: 'aad-anna-0001',
      signalId: signal.id,
      signaalpuntId: 'GM0718',
    });
  });

  test('When a member with a display name claims, then the name is kept with the personal details (sealed) for the card, and not in the history or the audit', async () => {
    const signal = await reported();
    await act(signal, { ...anna, name: 'Anna Teamlid' }, { action: 'claim' });
    const stored = (await w.store.signals.get(signal.id))!;
    expect(stored.personal.staffNames).toEqual({ 'aad-anna-0001': 'Anna Teamlid' });
    expect(JSON.stringify(stored.history)).not.toContain('Anna Teamlid');
    expect(JSON.stringify(await w.auditEntries())).not.toContain('Anna Teamlid');
  });

  test('When claim, note, release, claim and close follow each other, then every step appends and never edits earlier history', async () => {
    const signal = await reported();
    const steps: Array<[TeamActor, ActionRequest, Signal['status']]> = [
      [anna, { action: 'claim' }, 'claimed'],
      [anna, { action: 'note', text: SYNTHETIC.teamNote }, 'claimed'],
      [bram, { action: 'release' }, 'new'],
      [bram, { action: 'claim' }, 'claimed'],
      [bram, { action: 'close', outcome: 'contactMade' }, 'closed'],
    ];
    let before = signal;
    for (const [actor, request, status] of steps) {
      w.clock.advance(60_000);
      const result = await act(signal, actor, request);
      expect(result).toMatchObject({ ok: true, signal: { status } });
      const after = (await w.store.signals.get(signal.id))!;
      expect(after.version).toBe(before.version + 1);
      expect(after.history).toHaveLength(before.history.length + 1);
      expect(after.history.slice(0, before.history.length)).toEqual(before.history);
      expect(after.history.at(-1)).toMatchObject({ action: request.action, by: { kind: 'teamMember', id: actor.aadObjectId }, toStatus: status });
      before = after;
    }

    const closed = (await w.store.signals.get(signal.id))!;
    expect(closed).toMatchObject({ status: 'closed', outcome: 'contactMade', closedAt: '2026-03-02T09:05:00.000Z', notes: [SYNTHETIC.teamNote] });
    // The note text lives in the (encrypted) notes; the history keeps only its index.
    expect(closed.history[2]).toEqual({
      at: '2026-03-02T09:02:00.000Z',
      action: 'note',
      by: { kind: 'teamMember', id: 'aad-anna-0001' },
      fromStatus: 'claimed',
      toStatus: 'claimed',
      noteIndex: 0,
    });
    expect(personalDataIn(w.rawSignals())).toEqual([]);

    const messages = await messagesOf(signal.id);
    expect(messages.filter((m) => m.kind === 'signal.cardUpdate').map((m) => m.payload.version)).toEqual([2, 3, 4, 5, 6]);
    // The reporter hears of the claim and the close, once each (a second claim after a release is not news).
    expect(messages.filter((m) => m.kind === 'reporter.notify').map((m) => m.payload.event)).toEqual(['claimed', 'closed']);
    expect((await w.auditEntries()).filter((e) => e.signalId === signal.id).map((e) => e.action)).toEqual([
      'signal.created',
      'signal.claim',
      'signal.note',
      'signal.release',
      'signal.claim',
      'signal.close',
    ]);
  });

  test('When the reporter wants no feedback (or has no chat), then claim and close update the card but send the reporter nothing', async () => {
    for (const signal of [await reported({ wantsFeedback: false }), await reported({}, null)]) {
      expect(await act(signal, anna, { action: 'claim' })).toMatchObject({ ok: true });
      expect(await act(signal, anna, { action: 'close', outcome: 'notReachable' })).toMatchObject({ ok: true });
      expect((await messagesOf(signal.id)).map((m) => m.kind)).toEqual(['signal.cardUpdate', 'signal.cardUpdate']);
    }
    // Proof that the reporter is messaged when there is a chat and feedback is wanted.
    const wanted = await reported();
    await act(wanted, anna, { action: 'claim' });
    expect((await messagesOf(wanted.id)).map((m) => m.kind)).toContain('reporter.notify');
  });

  test('When a note is added or the signal released, then the reporter is not messaged', async () => {
    const signal = await reported();
    const kinds: string[][] = [];
    for (const request of [{ action: 'note', text: 'Eerste poging, niemand thuis' }, { action: 'claim' }, { action: 'release' }] as ActionRequest[]) {
      const before = (await messagesOf(signal.id)).length;
      expect(await act(signal, anna, request)).toMatchObject({ ok: true });
      kinds.push((await messagesOf(signal.id)).slice(before).map((m) => m.kind).sort());
      w.clock.advance(60_000);
    }
    expect(kinds).toEqual([['signal.cardUpdate'], ['reporter.notify', 'signal.cardUpdate'], ['signal.cardUpdate']]);
  });
});

describe('SignalActions: only members of the linked team', () => {
  test.each<[string, TeamActor]>([
    ['a member of another team', memberOf(TEAM_ELSEWHERE, 'aad-eve-0004')],
    ['the Veere team (linked, but to another signaalpunt)', vera],
    ['the right team id in another tenant', { ...anna, tenantId: OTHER_TENANT }],
    ['no tenant', { aadObjectId: 'aad-anna-0001', teamId: TEAM_VLISSINGEN.teamId }],
    ['no team', { aadObjectId: 'aad-anna-0001', tenantId: TEAM_VLISSINGEN.tenantId }],
    ['no aadObjectId', { ...anna, aadObjectId: '' }],
  ])('When %s acts, then NOT_A_MEMBER and nothing changes', async (_who, actor) => {
    const signal = await reported();
    const outboxBefore = await w.store.outbox.list();
    for (const request of [{ action: 'claim' }, { action: 'note', text: 'x' }, { action: 'forward', to: 'GM0717' }] as ActionRequest[]) {
      expect(await act(signal, actor, request)).toEqual({ ok: false, code: 'NOT_A_MEMBER' });
    }
    expect(await w.store.signals.get(signal.id)).toEqual(signal);
    expect(await w.store.outbox.list()).toEqual(outboxBefore);
    expect((await w.auditEntries()).slice(-3).map((e) => e.action)).toEqual(['signal.refused:claim', 'signal.refused:note', 'signal.refused:forward']);
    expect(w.logger.lines.filter((l) => l.code === 'NOT_A_MEMBER')).toHaveLength(3);
  });

  test('When the signaalpunt has no linked channel, then even a plausible team is NOT_A_MEMBER', async () => {
    // Middelburg (GM0687) is not linked in this world.
    const signal = await reported({ postcode: SYNTHETIC.postcode, houseNumber: SYNTHETIC.houseNumber });
    expect(signal.signaalpuntId).toBe('GM0687');
    expect(await act(signal, anna, { action: 'claim' })).toEqual({ ok: false, code: 'NOT_A_MEMBER' });
    expect(await w.store.signals.get(signal.id)).toEqual(signal);
  });

  test('When the link is broken (bot removed from the team), then its members are NOT_A_MEMBER until it is linked again', async () => {
    const signal = await reported();
    await w.linking.markBroken('GM0718', 'BOT_REMOVED');

    expect(await act(signal, anna, { action: 'claim' })).toEqual({ ok: false, code: 'NOT_A_MEMBER' });
    expect(await w.store.signals.get(signal.id)).toEqual(signal);

    expect(await w.link('GM0718', TEAM_VLISSINGEN)).toBe('LINKED');
    expect(await act(signal, anna, { action: 'claim' })).toMatchObject({ ok: true });
  });

  test('When the signal does not exist, then NOT_FOUND', async () => {
    expect(await w.actions.act('no-such-signal', anna, { action: 'claim' })).toEqual({ ok: false, code: 'NOT_FOUND' });
  });
});

describe('SignalActions: the status table and races', () => {
  test('When anything is done to a closed signal, then SIGNAL_CLOSED and nothing changes', async () => {
    const signal = await reported();
    await act(signal, anna, { action: 'claim' });
    await act(signal, anna, { action: 'close', outcome: 'referred' });
    const closed = (await w.store.signals.get(signal.id))!;
    const outboxBefore = await w.store.outbox.list();

    for (const request of [
      { action: 'claim' },
      { action: 'release' },
      { action: 'note', text: 'nog iets' },
      { action: 'forward', to: 'GM0717' },
      { action: 'close', outcome: 'contactMade' },
    ] as ActionRequest[]) {
      expect(await act(signal, bram, request)).toMatchObject({ ok: false, code: 'SIGNAL_CLOSED' });
    }
    expect(await w.store.signals.get(signal.id)).toEqual(closed);
    expect(await w.store.outbox.list()).toEqual(outboxBefore);
  });

  test('When a claimed signal is claimed again, or a new one closed, then the table refuses it', async () => {
    const signal = await reported();
    expect(await act(signal, anna, { action: 'close', outcome: 'contactMade' })).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    expect(await act(signal, anna, { action: 'release' })).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    await act(signal, anna, { action: 'claim' });
    expect(await act(signal, bram, { action: 'claim' })).toMatchObject({ ok: false, code: 'ALREADY_CLAIMED' });
    expect((await w.store.signals.get(signal.id))!.claimedBy).toEqual({ kind: 'teamMember', id: 'aad-anna-0001' });
  });

  test('When two members claim at the same moment, then exactly one wins, the other is told, and history has one claim', async () => {
    const signal = await reported();
    const [a, b] = await Promise.all([act(signal, anna, { action: 'claim' }), act(signal, bram, { action: 'claim' })]);

    const results = [a, b];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const loser = results.find((r) => !r.ok)!;
    expect(['CONFLICT', 'ALREADY_CLAIMED']).toContain(loser.ok ? 'ok' : loser.code);
    // The loser is shown the signal as it now is: claimed by the winner.
    const winner = a.ok ? anna : bram;
    const stored = (await w.store.signals.get(signal.id))!;
    expect(stored.history.filter((h) => h.action === 'claim')).toHaveLength(1);
    expect(stored).toMatchObject({ status: 'claimed', version: 2, claimedBy: { id: winner.aadObjectId } });
    expect(loser.signal).toEqual(stored);
    expect((await messagesOf(signal.id)).map((m) => m.kind).sort()).toEqual(['reporter.notify', 'signal.cardUpdate']);
    expect((await w.auditEntries()).filter((e) => e.action === 'signal.claim')).toHaveLength(1);
  });

  test('When ten members claim at once, then still exactly one claim is stored', async () => {
    const signal = await reported();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => act(signal, memberOf(TEAM_VLISSINGEN, `aad-member-${i}`), { action: 'claim' })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await w.store.signals.get(signal.id))!.history.filter((h) => h.action === 'claim')).toHaveLength(1);
  });
});

describe('SignalActions: forwarding', () => {
  test('When a claimed signal is forwarded to Veere, then Veere gets a new signal.new per target and a new deadline, and the claim is cleared', async () => {
    const signal = await reported(); // Monday 2 March: Vlissingen's deadline is Wednesday 4 March
    expect(signal.deadline).toBe('2026-03-04');
    await act(signal, anna, { action: 'claim' });
    w.clock.set('2026-03-03T10:00:00.000Z'); // Tuesday; Veere has 3 working days

    const result = await act(signal, anna, { action: 'forward', to: 'GM0717' });

    expect(result.ok).toBe(true);
    const stored = (await w.store.signals.get(signal.id))!;
    expect(stored).toMatchObject({ signaalpuntId: 'GM0717', status: 'new', deadline: '2026-03-06', version: 3 });
    expect(stored.claimedBy).toBeUndefined();
    expect(stored.history.at(-1)).toEqual({
      at: '2026-03-03T10:00:00.000Z',
      action: 'forward',
      by: { kind: 'teamMember', id: 'aad-anna-0001' },
      fromStatus: 'claimed',
      toStatus: 'new',
      fromSignaalpunt: 'GM0718',
      toSignaalpunt: 'GM0717',
    });
    const news = (await w.store.outbox.list()).filter((m) => m.payload.signalId === signal.id && m.kind === 'signal.new');
    expect(canonical(news.map((m) => ({ target: m.target, createdAt: m.createdAt, status: m.status })))).toEqual(
      canonical([
        { target: { kind: 'teams', signaalpuntId: 'GM0718' }, createdAt: '2026-03-02T09:00:00.000Z', status: 'pending' },
        { target: { kind: 'mail', signaalpuntId: 'GM0718', to: 'signaalpunt@vlissingen.example.org' }, createdAt: '2026-03-02T09:00:00.000Z', status: 'pending' },
        { target: { kind: 'webhook', signaalpuntId: 'GM0717', url: 'https://welzijn.veere.example.org/api/signalen' }, createdAt: '2026-03-03T10:00:00.000Z', status: 'pending' },
        { target: { kind: 'mail', signaalpuntId: 'GM0717', to: 'signalen@veere.example.org' }, createdAt: '2026-03-03T10:00:00.000Z', status: 'pending' },
      ]),
    );

    // The signal now belongs to Veere's team, not Vlissingen's.
    expect(await act(signal, bram, { action: 'claim' })).toEqual({ ok: false, code: 'NOT_A_MEMBER' });
    expect(await act(signal, vera, { action: 'claim' })).toMatchObject({ ok: true, signal: { status: 'claimed', signaalpuntId: 'GM0717' } });
  });

  test.each<[string, string, string]>([
    ['an unknown signaalpunt', 'GM9999', 'UNKNOWN_SIGNAALPUNT'],
    ['an inactive signaalpunt (Borsele)', 'GM0654', 'UNKNOWN_SIGNAALPUNT'],
    ['a differently spelled id', 'gm0717', 'UNKNOWN_SIGNAALPUNT'],
    ['its own signaalpunt', 'GM0718', 'FORWARD_SAME_SIGNAALPUNT'],
  ])('When a signal is forwarded to %s, then it is refused and nothing changes', async (_what, to, code) => {
    const signal = await reported();
    const outboxBefore = await w.store.outbox.list();
    expect(await act(signal, anna, { action: 'forward', to })).toMatchObject({ ok: false, code });
    expect(await w.store.signals.get(signal.id)).toEqual(signal);
    expect(await w.store.outbox.list()).toEqual(outboxBefore);
  });
});

describe('SignalActions: privacy of everything above', () => {
  test('When every test of this file has run, then no log line and no audit line holds the synthetic personal data', () => {
    expect(trail.logs.length).toBeGreaterThan(50);
    expect(trail.audits.join('')).toContain('signal.claim');
    expect(personalDataIn(JSON.stringify(trail.logs))).toEqual([]);
    expect(personalDataIn(trail.audits.join('\n'))).toEqual([]);
  });
});
