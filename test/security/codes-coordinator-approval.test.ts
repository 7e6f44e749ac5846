import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCardAction } from '../../cards/actions';
import { renderCircleNotice } from '../../cards/circles/circle-notice';
import { CircleNoticeBuilder } from '../../src/application/circles/notice-builder';
import { createTranslations } from '../../src/i18n/i18n';
import type { OutboxMessage } from '../../src/ports/outbox';
import { BACKUP, circleInput, COORDINATOR, member, openCircleWorld, type CircleWorld } from '../helpers/circle-fixtures';

/**
 * Issue 11 (H1, last part): a coordinator code makes a candidate, not a coordinator. An existing
 * coordinator approves (Goedkeuren) or refuses (Weigeren); until then the candidate sees no member
 * data and changes nothing. Buttons pressed by anyone but a coordinator, or forged, are refused.
 * Synthetic people only.
 */

const translations = createTranslations({ strict: true });
let world: CircleWorld;

beforeEach(async () => {
  world = await openCircleWorld('2027-03-01T07:00:00.000Z');
});
afterEach(() => world.close());

async function circleWithCandidate(): Promise<string> {
  const made = await world.circles.create(COORDINATOR, circleInput(), [member(1), member(2)]);
  if (!made.ok) throw new Error(made.code);
  const invite = await world.circles.invite(COORDINATOR, made.value.circleId, { role: 'coordinator', weekdays: [2] });
  if (!invite.ok) throw new Error(invite.code);
  const joined = await world.circles.join(BACKUP, invite.value.code);
  expect(joined).toEqual({ ok: true, value: { circleId: made.value.circleId, circleName: 'Belcirkel Testwijk', role: 'coordinator', pending: true } });
  return made.value.circleId;
}

async function notices(kind: string): Promise<OutboxMessage[]> {
  return (await world.signals.outbox.list()).filter((m) => m.kind === 'circle.notice' && m.payload.notice === kind);
}

describe('A new coordinator must be approved by an existing one', () => {
  it('When a coordinator code is redeemed, then the new one sees no member data and cannot change the circle until approved', async () => {
    const circleId = await circleWithCandidate();
    expect(await world.circles.view(BACKUP, circleId)).toEqual({ ok: false, code: 'NOT_A_COORDINATOR' });
    expect(await world.circles.edit(BACKUP, circleId, { kind: 'pauseCircle', from: '2027-03-02', to: '2027-03-03' } as never)).toMatchObject({ ok: false, code: 'NOT_A_COORDINATOR' });
    expect(await world.circles.remove(BACKUP, circleId)).toEqual({ ok: false, code: 'NOT_A_COORDINATOR' });
    expect(await world.circles.invite(BACKUP, circleId, { role: 'coordinator', weekdays: [] })).toEqual({ ok: false, code: 'NOT_A_COORDINATOR' });
    expect(await world.circles.listFor(BACKUP.chatKey)).toEqual([]);
    const view = await world.circles.view(COORDINATOR, circleId);
    expect(view.ok && view.value.coordinators.map((c) => c.chatKey)).toEqual([COORDINATOR.chatKey]);
    // The scheduler does not count them either: no reminder or alert goes to a candidate.
    expect(world.store.schedule(circleId)?.coordinators.map((c) => c.chatKey)).toEqual([COORDINATOR.chatKey]);
    // The candidate's name is sealed at rest like a coordinator's.
    await world.store.flush();
    expect(readFileSync(path.join(world.dir, 'circles.json'), 'utf8')).not.toContain(BACKUP.name);
  });

  it('When a coordinator code is redeemed, then each existing coordinator gets a card with Goedkeuren and Weigeren (nl) or Approve and Refuse (en)', async () => {
    const circleId = await circleWithCandidate();
    const [request, ...more] = await notices('coordinatorRequest');
    expect(more).toEqual([]);
    expect(request?.target).toMatchObject({ kind: 'chat', chatKey: COORDINATOR.chatKey });
    const notice = await new CircleNoticeBuilder(world.store).build(request!);
    expect(notice).toEqual({ kind: 'coordinatorRequest', circleId, circleName: 'Belcirkel Testwijk', candidateName: BACKUP.name, candidateKey: BACKUP.chatKey });
    for (const [locale, yes, no] of [['nl', 'Goedkeuren', 'Weigeren'], ['en', 'Approve', 'Refuse']] as const) {
      const rendered = renderCircleNotice(translations.forLocale(locale), notice as never, true);
      const actions = JSON.stringify(rendered.card);
      expect(actions).toContain(yes);
      expect(actions).toContain(no);
      const data = [...actions.matchAll(/"data":(\{[^}]*\})/g)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
      const decisions = data.filter((d) => d.verb === 'circle.approve');
      expect(decisions).toEqual([
        { verb: 'circle.approve', circleId, candidate: BACKUP.chatKey, decision: 'approve' },
        { verb: 'circle.approve', circleId, candidate: BACKUP.chatKey, decision: 'refuse' },
      ]);
      for (const d of decisions) expect(parseCardAction(d).ok).toBe(true);
    }
  });

  it('When an existing coordinator approves, then the new one is a coordinator and is told politely', async () => {
    const circleId = await circleWithCandidate();
    expect(await world.circles.decideCoordinator(COORDINATOR, circleId, BACKUP.chatKey, 'approve')).toEqual({ ok: true, value: { candidateName: BACKUP.name } });
    const view = await world.circles.view(BACKUP, circleId);
    expect(view.ok && view.value.coordinators.map((c) => [c.chatKey, c.weekdays])).toEqual([
      [COORDINATOR.chatKey, []],
      [BACKUP.chatKey, [2]],
    ]);
    const [told] = await notices('coordinatorApproved');
    expect(told?.target).toMatchObject({ chatKey: BACKUP.chatKey });
    const notice = await new CircleNoticeBuilder(world.store).build(told!);
    expect(renderCircleNotice(translations.forLocale('nl'), notice as never, false).text).toContain('u bent nu coördinator');
    // A second press (another coordinator, or the same card again) changes nothing.
    expect(await world.circles.decideCoordinator(COORDINATOR, circleId, BACKUP.chatKey, 'refuse')).toEqual({ ok: false, code: 'CANDIDATE_NOT_FOUND' });
  });

  it('When an existing coordinator refuses, then the candidate is not in the circle, their name is gone, and they are told politely', async () => {
    const circleId = await circleWithCandidate();
    expect(await world.circles.decideCoordinator(COORDINATOR, circleId, BACKUP.chatKey, 'refuse')).toMatchObject({ ok: true });
    expect(await world.circles.view(BACKUP, circleId)).toEqual({ ok: false, code: 'NOT_A_COORDINATOR' });
    expect((await world.store.get(circleId))?.candidates ?? []).toEqual([]);
    const [told] = await notices('coordinatorRefused');
    expect(told?.target).toMatchObject({ chatKey: BACKUP.chatKey });
    const notice = await new CircleNoticeBuilder(world.store).build(told!);
    const text = renderCircleNotice(translations.forLocale('nl'), notice as never, false).text;
    expect(text).toContain('niet goedgekeurd');
    expect(text).not.toContain('Testlid');
  });

  it('When the candidate or a stranger presses Goedkeuren, then it is refused; a forged button does not parse', async () => {
    const circleId = await circleWithCandidate();
    expect(await world.circles.decideCoordinator(BACKUP, circleId, BACKUP.chatKey, 'approve')).toEqual({ ok: false, code: 'NOT_A_COORDINATOR' });
    expect(await world.circles.decideCoordinator({ chatKey: 'chat-stranger-0099' }, circleId, BACKUP.chatKey, 'approve')).toEqual({ ok: false, code: 'NOT_A_COORDINATOR' });
    expect(await world.circles.view(BACKUP, circleId)).toEqual({ ok: false, code: 'NOT_A_COORDINATOR' });
    const good = { verb: 'circle.approve', circleId, candidate: BACKUP.chatKey, decision: 'approve' };
    expect(parseCardAction(good).ok).toBe(true);
    expect(parseCardAction({ ...good, decision: 'promote' }).ok).toBe(false);
    expect(parseCardAction({ ...good, asCoordinator: true }).ok).toBe(false);
    expect(parseCardAction({ ...good, candidate: '<script>' }).ok).toBe(false);
  });

  it('When someone creates a circle, then they are its coordinator at once; a second use of a code while waiting is told it is pending', async () => {
    const made = await world.circles.create(COORDINATOR, circleInput(), [member(1)]);
    expect(made.ok && (await world.circles.view(COORDINATOR, made.value.circleId)).ok).toBe(true);
    const circleId = made.ok ? made.value.circleId : '';
    const first = await world.circles.invite(COORDINATOR, circleId, { role: 'coordinator', weekdays: [] });
    const second = await world.circles.invite(COORDINATOR, circleId, { role: 'coordinator', weekdays: [] });
    expect((await world.circles.join(BACKUP, first.ok ? first.value.code : '')).ok).toBe(true);
    expect(await world.circles.join(BACKUP, second.ok ? second.value.code : '')).toEqual({ ok: false, code: 'APPROVAL_PENDING' });
  });
});
