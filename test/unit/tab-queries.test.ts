import { TabQueries } from '../../src/application/tab-queries';
import type { SignaalpuntenConfig } from '../../src/domain/routing';
import type { Signal } from '../../src/domain/signal';
import type { SignalFilter, SignalRepository } from '../../src/ports/signals';
import { fakeClock, makeSignal, PERSONAL } from '../helpers/signal-fixtures';

/** An in-memory repository: enough for the read side. */
function memoryRepository(signals: Signal[]): SignalRepository {
  const byId = new Map(signals.map((s) => [s.id, s]));
  const list = async (filter: SignalFilter = {}) =>
    signals.filter((s) => (filter.signaalpuntId === undefined || s.signaalpuntId === filter.signaalpuntId) && (filter.status === undefined || s.status === filter.status));
  return {
    create: async () => undefined,
    update: async () => 'ok',
    nextSequence: async () => 1,
    pendingRelay: () => [],
    relayed: async () => undefined,
    get: async (id) => byId.get(id),
    getByReference: async (ref) => signals.find((s) => s.reference === ref),
    getBySubmissionKey: async (key) => signals.find((s) => s.submissionKey === key),
    list,
    // Like the store: no personal details in a summary.
    summaries: async (filter) => (await list(filter)).map(({ personal: _personal, notes: _notes, ...clear }) => clear),
  };
}

const config: SignaalpuntenConfig = {
  tenantId: 't',
  fallback: 'GM0718',
  signaalpunten: [
    { id: 'GM0718', municipalityCode: 'GM0718', name: 'Vlissingen', postcodes: ['4380-4389'], ageGroups: ['adult'], deadlineWorkingDays: 2, targets: [{ kind: 'teams' }], active: true },
    { id: 'GM0717', municipalityCode: 'GM0717', name: 'Veere', postcodes: ['4350-4359'], ageGroups: ['adult'], deadlineWorkingDays: 2, targets: [{ kind: 'teams' }], active: true },
    { id: 'GM0687', municipalityCode: 'GM0687', name: 'Middelburg', postcodes: ['4330-4339'], ageGroups: ['adult'], deadlineWorkingDays: 2, targets: [{ kind: 'teams' }], active: false },
  ],
};

const anna = { kind: 'teamMember' as const, id: 'aad-anna' };
// "Today" is Friday 6 March 2026 in Amsterdam.
const clock = fakeClock('2026-03-06T10:00:00.000Z');
const SIGNALS = [
  makeSignal({ id: 'new-late', reference: 'SIG-2026-000001', signaalpuntId: 'GM0718', deadline: '2026-03-04', createdAt: '2026-03-02T09:00:00.000Z' }),
  makeSignal({ id: 'new-soon', reference: 'SIG-2026-000002', signaalpuntId: 'GM0718', deadline: '2026-03-09', createdAt: '2026-03-05T09:00:00.000Z' }),
  makeSignal({
    id: 'claimed',
    reference: 'SIG-2026-000003',
    signaalpuntId: 'GM0718',
    status: 'claimed',
    claimedBy: anna,
    claimedAt: '2026-03-03T10:00:00.000Z',
    deadline: '2026-03-05',
    notes: ['Buurvrouw belt terug'],
    history: [
      { at: '2026-03-03T09:00:00.000Z', action: 'created', by: { kind: 'reporter' }, toStatus: 'new' },
      { at: '2026-03-03T10:00:00.000Z', action: 'claim', by: anna, fromStatus: 'new', toStatus: 'claimed' },
      { at: '2026-03-03T11:00:00.000Z', action: 'note', by: anna, fromStatus: 'claimed', toStatus: 'claimed', noteIndex: 0 },
    ],
  }),
  makeSignal({ id: 'closed-1', reference: 'SIG-2026-000004', signaalpuntId: 'GM0718', status: 'closed', closedAt: '2026-03-04T10:00:00.000Z', outcome: 'referred' }),
  makeSignal({ id: 'closed-2', reference: 'SIG-2026-000005', signaalpuntId: 'GM0718', status: 'closed', closedAt: '2026-03-05T10:00:00.000Z', outcome: 'referred' }),
  makeSignal({ id: 'veere', reference: 'SIG-2026-000006', signaalpuntId: 'GM0717', deadline: '2026-03-03' }),
];
const queries = new TabQueries({ signals: memoryRepository(SIGNALS), clock, config: () => config });
const ids = (items: Array<{ id: string }>) => items.map((i) => i.id);

describe('TabQueries.queue', () => {
  test('When the whole queue is asked, then it holds only the scope, overdue first, then by deadline, closed last and latest first', async () => {
    const queue = await queries.queue(['GM0718'], 'aad-anna', { limit: 50 });
    expect(ids(queue.items)).toEqual(['new-late', 'claimed', 'new-soon', 'closed-2', 'closed-1']);
    expect(queue.total).toBe(5);
  });

  test('When a queue row is read, then it has no personal details or notes', async () => {
    const queue = await queries.queue(['GM0718'], 'aad-anna', { limit: 50 });
    const text = JSON.stringify(queue);
    for (const value of [...Object.values(PERSONAL), 'Buurvrouw', '4331']) expect(text).not.toContain(value);
    expect(queue.items[1]).toEqual({
      id: 'claimed',
      reference: 'SIG-2026-000003',
      signaalpuntId: 'GM0718',
      status: 'claimed',
      version: 1,
      ageGroup: 'senior75',
      createdAt: '2026-03-02T09:00:00.000Z',
      deadline: '2026-03-05',
      overdue: false,
      claimed: true,
      claimedByMe: true,
      claimedAt: '2026-03-03T10:00:00.000Z',
      closedAt: null,
    });
  });

  test.each([
    [{ status: 'new' as const }, ['new-late', 'new-soon']],
    [{ status: 'claimed' as const }, ['claimed']],
    [{ status: 'closed' as const }, ['closed-2', 'closed-1']],
    [{ status: 'open' as const }, ['new-late', 'claimed', 'new-soon']],
    [{ overdue: true }, ['new-late']],
    [{ overdue: false, status: 'new' as const }, ['new-soon']],
  ])('When filtered by %j, then the queue is %j', async (filter, expected) => {
    expect(ids((await queries.queue(['GM0718'], 'x', { limit: 50, ...filter })).items)).toEqual(expected);
  });

  test('When the limit is smaller than the matches, then the list is cut and total tells how many there were', async () => {
    const queue = await queries.queue(['GM0718', 'GM0717'], 'x', { limit: 2 });
    expect(ids(queue.items)).toEqual(['veere', 'new-late']);
    expect(queue.total).toBe(6);
  });

  test('When the scope is empty, then the queue is empty', async () => {
    expect(await queries.queue([], 'x', { limit: 50 })).toEqual({ items: [], total: 0 });
  });
});

describe('TabQueries.detail', () => {
  test('When a signal of the scope is asked, then it has personal details, history with note texts, actions and forward targets', async () => {
    const detail = await queries.detail(['GM0718'], 'aad-bram', 'claimed');
    expect(detail).toMatchObject({
      id: 'claimed',
      claimedBy: 'aad-anna',
      claimedByMe: false,
      personal: PERSONAL,
      postcode4: '4331',
      allowedActions: ['release', 'note', 'forward', 'close'],
      forwardTargets: [{ id: 'GM0717', name: 'Veere' }],
    });
    expect(detail?.history.map((h) => [h.action, h.note])).toEqual([
      ['created', null],
      ['claim', null],
      ['note', 'Buurvrouw belt terug'],
    ]);
  });

  test('When a signal outside the scope or an unknown id is asked, then there is no detail', async () => {
    expect(await queries.detail(['GM0718'], 'x', 'veere')).toBeUndefined();
    expect(await queries.detail(['GM0718'], 'x', 'nope')).toBeUndefined();
    expect(await queries.inScopeSignal(['GM0718'], 'veere')).toBe(false);
    expect(await queries.inScopeSignal(['GM0717'], 'veere')).toBe(true);
  });

  test('When a signal is closed, then no action is allowed and there is nowhere to forward it', async () => {
    expect(await queries.detail(['GM0718'], 'x', 'closed-1')).toMatchObject({ allowedActions: [], forwardTargets: [], outcome: 'referred' });
  });

  test('When figures are asked, then they are over the scope only', async () => {
    const figures = await queries.figures(['GM0717'], { from: '2026-03-01', to: '2026-03-06' });
    expect(figures.total).toBe(1);
    expect(queries.signaalpuntName('GM0717')).toBe('Veere');
    expect(queries.signaalpuntName('GONE')).toBe('GONE');
  });
});
