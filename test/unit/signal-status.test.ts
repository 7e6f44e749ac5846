import type { SignalActor, Signal, SignalAction, SignalStatus } from '../../src/domain/signal';
import { SIGNAL_ACTIONS, SIGNAL_STATUSES } from '../../src/domain/signal';
import {
  ALLOWED_TRANSITIONS,
  TEAM_NOTE_MAX_LENGTH,
  allowedActions,
  transition,
  type TransitionRequest,
} from '../../src/domain/signal-status';

const NOW = new Date('2026-03-10T09:15:00.000Z');
const ANNA: SignalActor = { kind: 'teamMember', id: 'aad-anna' };
const BOB: SignalActor = { kind: 'teamMember', id: 'aad-bob' };

function signal(status: SignalStatus, extra: Partial<Signal> = {}): Signal {
  const claimed = status !== 'new' ? { claimedBy: ANNA, claimedAt: '2026-03-09T10:00:00.000Z' } : {};
  const closed = status === 'closed' ? { closedAt: '2026-03-09T12:00:00.000Z', outcome: 'contactMade' as const } : {};
  return {
    id: 'sig-1',
    version: 3,
    reference: 'SIG-2026-000001',
    createdAt: '2026-03-09T08:00:00.000Z',
    signaalpuntId: 'GM0718',
    status,
    about: 'other',
    informed: true,
    consent: true,
    ageGroup: 'senior75',
    postcode4: '4381',
    signs: [],
    relation: 'neighbour',
    reporterSector: 'homeCare',
    wantsFeedback: true,
    deadline: '2026-03-11',
    history: [{ at: '2026-03-09T08:00:00.000Z', action: 'created', by: { kind: 'reporter' }, toStatus: 'new' }],
    personal: {},
    notes: ['earlier note'],
    ...claimed,
    ...closed,
    ...extra,
  };
}

function request(action: SignalAction, by: SignalActor = BOB): TransitionRequest {
  switch (action) {
    case 'claim':
    case 'release':
      return { action, by };
    case 'note':
      return { action, by, text: 'Called, no answer.' };
    case 'forward':
      return { action, by, to: 'GM0687' };
    case 'close':
      return { action, by, outcome: 'referred' };
  }
}

// Every cell of the table, written out by hand so a change to ALLOWED_TRANSITIONS must change this too.
const EXPECTED: Record<SignalAction, Record<SignalStatus, SignalStatus | string>> = {
  claim: { new: 'claimed', claimed: 'ALREADY_CLAIMED', closed: 'SIGNAL_CLOSED' },
  release: { new: 'TRANSITION_NOT_ALLOWED', claimed: 'new', closed: 'SIGNAL_CLOSED' },
  note: { new: 'new', claimed: 'claimed', closed: 'SIGNAL_CLOSED' },
  forward: { new: 'new', claimed: 'new', closed: 'SIGNAL_CLOSED' },
  close: { new: 'TRANSITION_NOT_ALLOWED', claimed: 'closed', closed: 'SIGNAL_CLOSED' },
};

describe('the status table', () => {
  const cells = SIGNAL_ACTIONS.flatMap((action) => SIGNAL_STATUSES.map((status) => [action, status] as const));

  test.each(cells)('When %s is asked on a %s signal, then the table decides as expected', (action, status) => {
    const before = signal(status);
    const frozen = JSON.stringify(before);
    const result = transition(before, request(action), NOW);
    const expected = EXPECTED[action][status];
    expect(JSON.stringify(before)).toBe(frozen); // the input is never changed
    if ((SIGNAL_STATUSES as readonly string[]).includes(expected)) {
      if (!result.ok) throw new Error(`refused with ${result.code}`);
      expect(result.signal.status).toBe(expected);
      expect(result.signal.version).toBe(before.version + 1);
      expect(result.signal.history).toHaveLength(before.history.length + 1);
      expect(result.signal.history.slice(0, -1)).toEqual(before.history);
      expect(result.signal.history.at(-1)).toMatchObject({
        at: NOW.toISOString(),
        action,
        by: BOB,
        fromStatus: status,
        toStatus: expected,
      });
    } else {
      expect(result).toEqual({ ok: false, code: expected });
    }
  });

  test('When the data table is read, then it matches the expected cells exactly', () => {
    for (const action of SIGNAL_ACTIONS) {
      for (const status of SIGNAL_STATUSES) {
        const expected = EXPECTED[action][status];
        const allowed = (SIGNAL_STATUSES as readonly string[]).includes(expected);
        expect(ALLOWED_TRANSITIONS[action][status]).toBe(allowed ? expected : undefined);
      }
    }
  });

  test('When buttons are chosen for a status, then only allowed actions are offered', () => {
    expect(allowedActions('new')).toEqual(['claim', 'note', 'forward']);
    expect(allowedActions('claimed')).toEqual(['release', 'note', 'forward', 'close']);
    expect(allowedActions('closed')).toEqual([]);
  });

  test('When an unknown action arrives (a forged payload), then it is not allowed', () => {
    const forged = { action: 'reopen', by: BOB } as unknown as TransitionRequest;
    expect(transition(signal('closed'), forged, NOW)).toEqual({ ok: false, code: 'SIGNAL_CLOSED' });
    expect(transition(signal('new'), forged, NOW)).toEqual({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
  });
});

describe('what each action changes', () => {
  test('When a new signal is claimed, then claimedBy and claimedAt are set', () => {
    const result = transition(signal('new'), request('claim'), NOW);
    expect(result.ok && result.signal).toMatchObject({ status: 'claimed', claimedBy: BOB, claimedAt: NOW.toISOString() });
  });

  test('When another team member releases a claim, then it is allowed and the claim is cleared', () => {
    const result = transition(signal('claimed'), request('release', BOB), NOW);
    if (!result.ok) throw new Error(result.code);
    expect(result.signal.claimedBy).toBeUndefined();
    expect(result.signal.claimedAt).toBeUndefined();
    expect('claimedBy' in result.signal).toBe(false);
    expect(result.signal.history.at(-1)?.by).toEqual(BOB);
  });

  test('When a note is added, then the text goes to notes and the history keeps only its index', () => {
    const result = transition(signal('claimed'), { action: 'note', by: BOB, text: '  Visited, will call back.  ' }, NOW);
    if (!result.ok) throw new Error(result.code);
    expect(result.signal.notes).toEqual(['earlier note', 'Visited, will call back.']);
    const entry = result.signal.history.at(-1)!;
    expect(entry.noteIndex).toBe(1);
    expect(JSON.stringify(entry)).not.toContain('Visited');
    expect(result.signal.status).toBe('claimed');
  });

  test.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['x'.repeat(TEAM_NOTE_MAX_LENGTH + 1), 'too long'],
  ])('When a note is %j (%s), then it is NOTE_INVALID', (text) => {
    expect(transition(signal('new'), { action: 'note', by: BOB, text }, NOW)).toEqual({ ok: false, code: 'NOTE_INVALID' });
  });

  test('When a note has 1000 emoji, then it fits (characters are counted, not UTF-16 units)', () => {
    const text = '😀'.repeat(TEAM_NOTE_MAX_LENGTH);
    expect(transition(signal('new'), { action: 'note', by: BOB, text }, NOW).ok).toBe(true);
  });

  test('When a claimed signal is forwarded, then it is new at the other signaalpunt without a claim', () => {
    const before = signal('claimed', { lastOverdueReminder: '2026-03-10' });
    const result = transition(before, { action: 'forward', by: BOB, to: 'GM0687', deadline: '2026-03-12' }, NOW);
    if (!result.ok) throw new Error(result.code);
    expect(result.signal).toMatchObject({ status: 'new', signaalpuntId: 'GM0687', deadline: '2026-03-12' });
    expect(result.signal.claimedBy).toBeUndefined();
    expect(result.signal.lastOverdueReminder).toBeUndefined();
    expect(result.signal.history.at(-1)).toMatchObject({ fromSignaalpunt: 'GM0718', toSignaalpunt: 'GM0687' });
  });

  test('When forwarded without a new deadline, then the deadline stays', () => {
    const result = transition(signal('new'), request('forward'), NOW);
    expect(result.ok && result.signal.deadline).toBe('2026-03-11');
  });

  test('When forwarded to the same signaalpunt or to nothing, then it is refused', () => {
    expect(transition(signal('new'), { action: 'forward', by: BOB, to: 'GM0718' }, NOW)).toEqual({
      ok: false,
      code: 'FORWARD_SAME_SIGNAALPUNT',
    });
    expect(transition(signal('new'), { action: 'forward', by: BOB, to: ' ' }, NOW)).toEqual({
      ok: false,
      code: 'FORWARD_SAME_SIGNAALPUNT',
    });
  });

  test('When a claimed signal is closed with an outcome, then outcome and closedAt are set', () => {
    const result = transition(signal('claimed'), request('close'), NOW);
    expect(result.ok && result.signal).toMatchObject({ status: 'closed', outcome: 'referred', closedAt: NOW.toISOString() });
    expect(result.ok && result.signal.history.at(-1)?.outcome).toBe('referred');
  });

  test('When closing without a known outcome, then it is OUTCOME_REQUIRED', () => {
    const forged = { action: 'close', by: BOB, outcome: 'solved' } as unknown as TransitionRequest;
    expect(transition(signal('claimed'), forged, NOW)).toEqual({ ok: false, code: 'OUTCOME_REQUIRED' });
  });

  test('When the system or an id-less member tries to claim, then ACTOR_NOT_ALLOWED', () => {
    expect(transition(signal('new'), request('claim', { kind: 'system' }), NOW)).toEqual({ ok: false, code: 'ACTOR_NOT_ALLOWED' });
    expect(transition(signal('new'), request('claim', { kind: 'teamMember' }), NOW)).toEqual({ ok: false, code: 'ACTOR_NOT_ALLOWED' });
  });

  test('When an operator forwards or releases, then it is allowed; closing is not', () => {
    const operator: SignalActor = { kind: 'operator', id: 'ops' };
    expect(transition(signal('new'), request('forward', operator), NOW).ok).toBe(true);
    expect(transition(signal('claimed'), request('release', operator), NOW).ok).toBe(true);
    expect(transition(signal('claimed'), request('close', operator), NOW)).toEqual({ ok: false, code: 'ACTOR_NOT_ALLOWED' });
  });

  test('When two actions follow each other, then history grows and earlier entries stay identical', () => {
    const first = transition(signal('new'), request('claim'), NOW);
    if (!first.ok) throw new Error(first.code);
    const second = transition(first.signal, request('close'), new Date('2026-03-11T10:00:00Z'));
    if (!second.ok) throw new Error(second.code);
    expect(second.signal.version).toBe(5);
    expect(second.signal.history.map((h) => h.action)).toEqual(['created', 'claim', 'close']);
    expect(second.signal.history[1]).toEqual(first.signal.history[1]);
  });
});
