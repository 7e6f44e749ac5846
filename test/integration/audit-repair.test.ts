import fs from 'node:fs';
import { repairAuditTrail } from '../../src/application/audit-repair';
import { draft, memberOf, newTrail, openWorld, TEAM_VLISSINGEN, type World } from '../helpers/app-fixtures';

// Issue 13, item 3: a kill between a change and its audit line lost the line (2-3 signals without
// signal.created and 18-25 status changes without a line per fault run). The change's record
// carries what the line needs; the start-up repair writes the missing lines from it.

let w: World;
afterEach(async () => {
  await w.close();
});

const anna = memberOf(TEAM_VLISSINGEN, 'aad-anna-0001');

/** The audit file loses its last n lines: what a kill right after the changes' writes leaves. */
function dropLastAuditLines(world: World, n: number): void {
  const lines = fs.readFileSync(world.audit.filePath, 'utf8').split('\n').filter(Boolean);
  fs.writeFileSync(world.audit.filePath, lines.slice(0, lines.length - n).map((l) => `${l}\n`).join(''));
}

const repair = (world: World) => repairAuditTrail({ signals: world.store.signals, links: world.links, audit: world.audit, logger: world.logger });

describe('Audit trail repair at start', () => {
  test('When the audit lines of a link, a new signal and its claim and close were lost, then the repair writes them back once, from the records', async () => {
    w = await openWorld({ trail: newTrail() });
    expect(await w.link('GM0718', TEAM_VLISSINGEN)).toBe('LINKED');
    const result = await w.report.submit(draft(), { submissionKey: 'k1', reporterChatKey: 'chat-a' });
    if (!result.ok) throw new Error(result.code);
    const signal = (await w.store.signals.getByReference(result.reference))!;
    await w.actions.act(signal.id, anna, { action: 'claim' });
    await w.actions.act(signal.id, anna, { action: 'close', outcome: 'contactMade' });
    await w.audit.flush();
    const complete = (await w.auditEntries()).map(({ at: _at, ...rest }) => rest);
    dropLastAuditLines(w, 4); // link.saved, signal.created, signal.claim, signal.close

    expect(await repair(w)).toBe(4);
    const repaired = (await w.auditEntries()).map(({ at: _at, detail: _detail, ...rest }) => rest);
    expect(repaired.map((e) => JSON.stringify(e)).sort()).toEqual(complete.map((e) => JSON.stringify({ ...e, actor: e.action === 'link.saved' ? 'unknown' : e.actor })).sort());
    expect((await w.auditEntries()).filter((e) => e.detail === 'recovered')).toHaveLength(4);

    expect(await repair(w)).toBe(0);
  });

  test('When nothing was lost, then the repair writes nothing', async () => {
    w = await openWorld({ trail: newTrail() });
    expect(await w.link('GM0718', TEAM_VLISSINGEN)).toBe('LINKED');
    const result = await w.report.submit(draft(), { submissionKey: 'k1', reporterChatKey: 'chat-a' });
    if (!result.ok) throw new Error(result.code);
    const signal = (await w.store.signals.getByReference(result.reference))!;
    await w.actions.act(signal.id, anna, { action: 'claim' });
    await w.actions.act(signal.id, anna, { action: 'note', text: 'Belt morgen' });
    await w.actions.act(signal.id, anna, { action: 'forward', to: 'GM0654' });
    await w.audit.flush();

    expect(await repair(w)).toBe(0);
  });
});
