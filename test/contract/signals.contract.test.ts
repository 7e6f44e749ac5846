import { describeEngines } from './engines';
import { makeMessage, makeSignal, PERSONAL } from '../helpers/signal-fixtures';

describeEngines('Signals and outbox', (engine) => {
  test('When a signal is created with its outbox messages, then both read back after a reopen', async () => {
    const stores = await engine().open();
    await stores.signals.create(makeSignal(), [makeMessage({ id: 'm-1' })]);
    await stores.relay();
    const again = await stores.reopen();
    expect(await again.signals.get('sig-1')).toEqual(makeSignal());
    expect(await again.signals.getByReference('SIG-2026-000123')).toEqual(makeSignal());
    expect((await again.outbox.list()).map((m) => m.id)).toEqual(['m-1']);
  });

  test('When a signal is created and changed, then its messages are staged only until the relay (never on PostgreSQL, where they share its transaction)', async () => {
    const stores = await engine().open();
    await stores.signals.create(makeSignal(), [makeMessage({ id: 'm-1' })]);
    expect(await stores.signals.update(makeSignal({ version: 2, status: 'claimed' }), [makeMessage({ id: 'm-2' })])).toBe('ok');
    const staged = stores.signals.pendingRelay().map((m) => m.id);
    if (engine().name === 'postgres') {
      expect(staged).toEqual([]);
      expect((await stores.outbox.list()).map((m) => m.id)).toEqual(['m-1', 'm-2']);
    } else {
      expect(staged).toEqual(['m-1', 'm-2']);
    }
    await stores.relay();
    expect(stores.signals.pendingRelay()).toEqual([]);
    expect((await stores.outbox.list()).map((m) => m.id)).toEqual(['m-1', 'm-2']);
  });

  test('When a second signal has the same id or reference, then create is refused with SIGNAL_EXISTS', async () => {
    const stores = await engine().open();
    await stores.signals.create(makeSignal(), []);
    await expect(stores.signals.create(makeSignal(), [])).rejects.toMatchObject({ code: 'SIGNAL_EXISTS' });
    await expect(stores.signals.create(makeSignal({ id: 'sig-2' }), [makeMessage({ id: 'm-x' })])).rejects.toMatchObject({ code: 'SIGNAL_EXISTS' });
    expect(await stores.outbox.findByKey('key:m-x')).toBeUndefined();
  });

  test('When two updates start from the same version, then one is ok and the other a conflict, and only the winner queued its message', async () => {
    const stores = await engine().open();
    await stores.signals.create(makeSignal(), []);
    const a = stores.signals.update(makeSignal({ version: 2, status: 'claimed' }), [makeMessage({ id: 'm-a' })]);
    const b = stores.signals.update(makeSignal({ version: 2, status: 'closed' }), [makeMessage({ id: 'm-b' })]);
    const results = await Promise.all([a, b]);
    expect([...results].sort()).toEqual(['conflict', 'ok']);
    const winner = results[0] === 'ok' ? 'm-a' : 'm-b';
    await stores.relay();
    expect((await stores.outbox.list()).map((m) => m.id)).toEqual([winner]);
    await expect(stores.signals.update(makeSignal({ id: 'nope', version: 2 }))).rejects.toMatchObject({ code: 'SIGNAL_NOT_FOUND' });
  });

  test('When signals are listed with filters, then they match and come oldest first, and summaries carry no personal details', async () => {
    const stores = await engine().open();
    await stores.signals.create(makeSignal({ id: 's-2', reference: 'R-2', createdAt: '2026-03-02T10:00:00.000Z', reporterChatKey: 'chat-1' }), []);
    await stores.signals.create(makeSignal({ id: 's-1', reference: 'R-1', createdAt: '2026-03-02T09:00:00.000Z', status: 'closed', closedAt: '2026-03-03T09:00:00.000Z' }), []);
    await stores.signals.create(makeSignal({ id: 's-3', reference: 'R-3', createdAt: '2026-03-02T11:00:00.000Z', signaalpuntId: 'GM0001', submissionKey: 'sub-3' }), []);
    expect((await stores.signals.list()).map((s) => s.id)).toEqual(['s-1', 's-2', 's-3']);
    expect((await stores.signals.list({ signaalpuntId: 'GM0677' })).map((s) => s.id)).toEqual(['s-1', 's-2']);
    expect((await stores.signals.list({ status: 'closed', closedBy: '2026-03-04T00:00:00.000Z' })).map((s) => s.id)).toEqual(['s-1']);
    expect((await stores.signals.list({ reporterChatKey: 'chat-1' })).map((s) => s.id)).toEqual(['s-2']);
    expect((await stores.signals.list({ deadlineBefore: '2026-03-05', personalErased: false })).map((s) => s.id)).toEqual(['s-1', 's-2', 's-3']);
    expect((await stores.signals.getBySubmissionKey('sub-3'))?.id).toBe('s-3');
    const summaries = await stores.signals.summaries();
    expect(summaries).toHaveLength(3);
    expect(JSON.stringify(summaries)).not.toContain(PERSONAL.personName);
  });

  test('When reference numbers are drawn for a year, then they count 1, 2, 3 and survive a reopen', async () => {
    const stores = await engine().open();
    expect(await stores.signals.nextSequence(2026)).toBe(1);
    expect(await stores.signals.nextSequence(2026)).toBe(2);
    expect(await stores.signals.nextSequence(2027)).toBe(1);
    const again = await stores.reopen();
    expect(await again.signals.nextSequence(2026)).toBe(3);
  });

  test('When messages are enqueued twice with the same key, then the outbox holds one; due returns what is due, oldest first', async () => {
    const stores = await engine().open();
    await stores.outbox.enqueue([makeMessage({ id: 'm-2', createdAt: '2026-03-02T09:00:02.000Z' }), makeMessage({ id: 'm-1', createdAt: '2026-03-02T09:00:01.000Z' })]);
    await stores.outbox.enqueue([makeMessage({ id: 'm-3', idempotencyKey: 'key:m-1' })]);
    await stores.outbox.enqueue([makeMessage({ id: 'm-later', nextAttemptAt: '2026-03-02T12:00:00.000Z' })]);
    const due = await stores.outbox.due(new Date('2026-03-02T09:30:00.000Z'), 10);
    expect(due.map((m) => m.id)).toEqual(['m-1', 'm-2']);
    expect((await stores.outbox.findByKey('key:m-1'))?.id).toBe('m-1');
  });

  test('When a message is sent, retried or undeliverable, then its status follows and requeue brings undeliverable ones back', async () => {
    const stores = await engine().open();
    await stores.outbox.enqueue([makeMessage({ id: 'm-1' }), makeMessage({ id: 'm-2' }), makeMessage({ id: 'm-3' })]);
    await stores.outbox.markSent('m-1', new Date('2026-03-02T09:01:00.000Z'), { conversationId: 'conv-1', activityId: 'act-1' });
    await stores.outbox.markRetry('m-2', new Date('2026-03-02T10:00:00.000Z'), 'HTTP_429');
    await stores.outbox.markUndeliverable('m-3', 'HTTP_403');
    await stores.outbox.markRetry('m-1', new Date('2026-03-02T10:00:00.000Z'), 'LATE'); // ignored: sent already
    expect(await stores.outbox.get('m-1')).toMatchObject({ status: 'sent', attempts: 1, sentAt: '2026-03-02T09:01:00.000Z' });
    expect(await stores.outbox.get('m-2')).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP_429', nextAttemptAt: '2026-03-02T10:00:00.000Z' });
    expect(await stores.outbox.get('m-3')).toMatchObject({ status: 'undeliverable', lastError: 'HTTP_403' });
    expect((await stores.outbox.list('pending')).map((m) => m.id)).toEqual(['m-2']);
    expect(await stores.outbox.due(new Date('2026-03-02T09:30:00.000Z'), 10)).toEqual([]);
    expect(await stores.outbox.requeue('GM0677', new Date('2026-03-02T11:00:00.000Z'))).toBe(1);
    expect(await stores.outbox.get('m-3')).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await stores.outbox.cardPosts('sig-1')).toEqual([{ signaalpuntId: 'GM0677', conversationId: 'conv-1', activityId: 'act-1' }]);
    await expect(stores.outbox.markSent('nope', new Date())).rejects.toMatchObject({ code: 'OUTBOX_MESSAGE_NOT_FOUND' });
  });

  test('When a signal.new is marked sent and pruned, then where its card was posted is still known after a reopen', async () => {
    const stores = await engine().open();
    await stores.signals.create(makeSignal(), []);
    await stores.outbox.enqueue([makeMessage({ id: 'm-new', idempotencyKey: 'signal.new:sig-1:GM0677:teams:0' })]);
    await stores.outbox.markSent('m-new', new Date('2026-03-02T09:01:00.000Z'), { conversationId: 'conv-1', activityId: 'act-1' });
    expect(await stores.pruneOutbox(new Date('2026-03-17T09:00:00.000Z'))).toBe(1);
    const again = await stores.reopen();
    expect(await again.outbox.get('m-new')).toBeUndefined();
    // What card updates and thread replies read to find the thread.
    expect(await again.outbox.cardPosts('sig-1')).toEqual([{ signaalpuntId: 'GM0677', conversationId: 'conv-1', activityId: 'act-1' }]);
  });

  test('When a send is marked while an earlier mark is still there, then the message may be a repeat, also after a 429', async () => {
    const stores = await engine().open();
    await stores.outbox.enqueue([makeMessage({ id: 'm-1' }), makeMessage({ id: 'm-2' })]);
    await stores.outbox.markSending('m-1', new Date('2026-03-02T09:00:00.000Z'));
    await stores.outbox.markRetry('m-1', new Date('2026-03-02T09:01:00.000Z'), 'HTTP_429'); // answered: no repeat
    expect((await stores.outbox.get('m-1'))?.mayRepeat).toBeUndefined();
    await stores.outbox.markSending('m-2', new Date('2026-03-02T09:00:00.000Z'));
    const again = await stores.reopen(); // a kill while the request was open
    await again.outbox.markSending('m-2', new Date('2026-03-02T09:02:00.000Z'));
    await again.outbox.markRetry('m-2', new Date('2026-03-02T09:03:00.000Z'), 'HTTP_429');
    expect(await again.outbox.get('m-2')).toMatchObject({ status: 'pending', mayRepeat: true });
    expect((await again.outbox.get('m-2'))?.sendingSince).toBeUndefined();
  });

  test('When signals and messages are stored, then no personal detail is readable in what the engine holds', async () => {
    const stores = await engine().open();
    await stores.signals.create(makeSignal({ notes: ['Notitie Testtekst'] }), [makeMessage({ id: 'm-1' })]);
    const text = await stores.dump();
    expect(text).toContain('SIG-2026-000123');
    for (const value of [PERSONAL.personName, 'Notitie Testtekst', ...Object.values(PERSONAL)]) {
      expect(text).not.toContain(value);
    }
  });
});
