import { draft, memberOf, newTrail, openWorld, TEAM_VEERE, TEAM_VLISSINGEN, type World } from '../helpers/app-fixtures';

/**
 * Review L7: forwarding a signal carried team A's internal notes to team B. The person's and the
 * reporter's details do travel (team B needs them to act); the notes are team A's own.
 */
const NOTE = 'Intern: buurvrouw Trijntje belde, dochter Geertje weet ervan';
const trail = newTrail();
let w: World;

beforeEach(async () => {
  w = await openWorld({ trail });
  expect(await w.link('GM0718', TEAM_VLISSINGEN)).toBe('LINKED');
  expect(await w.link('GM0717', TEAM_VEERE)).toBe('LINKED');
});
afterEach(async () => {
  await w.close();
});

describe('Forwarding keeps the old team internal notes behind', () => {
  it('When team A writes a note and forwards the signal to team B, then team B does not get the note', async () => {
    const anna = memberOf(TEAM_VLISSINGEN, 'aad-anna-0001');
    const vera = memberOf(TEAM_VEERE, 'aad-vera-0003');
    const reported = await w.report.submit(draft(), { submissionKey: 'fw-1', reporterChatKey: 'chat-a' });
    if (!reported.ok) throw new Error(reported.code);
    const signal = (await w.store.signals.getByReference(reported.reference))!;
    expect((await w.actions.act(signal.id, anna, { action: 'claim' })).ok).toBe(true);
    expect((await w.actions.act(signal.id, anna, { action: 'note', text: NOTE })).ok).toBe(true);
    expect((await w.store.signals.get(signal.id))!.notes.join('\n')).toContain('Trijntje');

    const forwarded = await w.actions.act(signal.id, anna, { action: 'forward', to: 'GM0717' });
    expect(forwarded.ok).toBe(true);
    const stored = (await w.store.signals.get(signal.id))!;
    expect(stored.signaalpuntId).toBe('GM0717');
    expect(JSON.stringify(stored.notes)).not.toContain('Trijntje');
    expect(stored.personal.personName).toBe(signal.personal.personName); // the details team B needs still travel
    // What team B's card is made from, and what it answers to team B, has no note.
    const seenByB = await w.actions.act(signal.id, vera, { action: 'claim' });
    expect(seenByB.ok).toBe(true);
    expect(JSON.stringify(seenByB.ok && seenByB.signal)).not.toContain('Geertje');
  });
});
