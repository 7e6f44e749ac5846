import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as circlesModule from '../../src/application/circles/circles';
import { CircleNoticeBuilder } from '../../src/application/circles/notice-builder';
import { BACKUP, circleInput, COORDINATOR, member, openCircleWorld, type CircleWorld } from '../helpers/circle-fixtures';

/**
 * Probes from the security review (H1): invite codes guessed by trying, plain sha256 on disk,
 * a new coordinator nobody was told about. Synthetic people and codes only.
 */

const HOUR = 3_600_000;
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
let world: CircleWorld;

beforeEach(async () => {
  world = await openCircleWorld('2027-03-01T07:00:00.000Z');
});
afterEach(() => world.close());

async function newCircle(): Promise<string> {
  const made = await world.circles.create(COORDINATOR, circleInput(), [member(1), member(2)]);
  if (!made.ok) throw new Error(made.code);
  return made.value.circleId;
}

async function coordinatorCode(circleId: string): Promise<{ code: string; expiresAt: string }> {
  const invite = await world.circles.invite(COORDINATOR, circleId, { role: 'coordinator', weekdays: [1, 2] });
  if (!invite.ok) throw new Error(invite.code);
  return invite.value;
}

/** A wrong code in the same shape as a real one (same length and alphabet). */
function wrongCode(real: string, i: number): string {
  const plain = real.replace(/-/g, '');
  let out = '';
  let n = i + 1;
  for (let p = 0; p < plain.length; p++) {
    out += p < 4 ? ALPHABET[(n % ALPHABET.length)]! : plain[p]!;
    n = Math.floor(n / ALPHABET.length) + p;
  }
  return out === plain ? `${out.slice(0, -1)}${out.endsWith('2') ? '3' : '2'}` : out;
}

describe('Invite codes that cannot be guessed', () => {
  it('When a code is issued, then it has at least 10 characters from an unambiguous alphabet and a coordinator code lasts 48 hours', async () => {
    const circleId = await newCircle();
    const { code, expiresAt } = await coordinatorCode(circleId);
    const plain = code.replace(/-/g, '');
    expect(plain.length).toBeGreaterThanOrEqual(10);
    expect(plain).toMatch(new RegExp(`^[${ALPHABET}]+$`));
    expect(Date.parse(expiresAt) - world.clock.now().getTime()).toBe(48 * HOUR);
  });

  it('When the data files are read, then the stored code hash is not a plain sha256 of the code', async () => {
    const circleId = await newCircle();
    const { code } = await coordinatorCode(circleId);
    await world.store.flush();
    const onDisk = readFileSync(path.join(world.dir, 'circles.json'), 'utf8');
    const plain = code.replace(/-/g, '');
    for (const candidate of [plain, code, `circle-invite:${plain}`, `circle-invite:${code}`]) {
      expect(onDisk).not.toContain(createHash('sha256').update(candidate).digest('hex'));
    }
    expect(onDisk).not.toContain(plain);
    // Not the old exported plain hash either.
    const legacy = (circlesModule as { hashInviteCode?: (c: string) => string }).hashInviteCode;
    if (legacy) expect(onDisk).not.toContain(legacy(plain));
  });

  it('When one chat tries 2,000 wrong codes, then it is locked out and even the right code is refused until the lockout ends', async () => {
    const circleId = await newCircle();
    const { code } = await coordinatorCode(circleId);
    const attacker = { chatKey: 'chat-attacker-0666', tenantId: 'tenant-a' };
    const results = [];
    for (let i = 0; i < 2_000; i++) results.push(await world.circles.join(attacker, wrongCode(code, i)));
    expect(results.filter((r) => !r.ok && r.code === 'INVITE_UNKNOWN').length).toBeLessThanOrEqual(5);
    expect(await world.circles.join(attacker, code)).toMatchObject({ ok: false });
    const view = await world.circles.view(COORDINATOR, circleId);
    expect(view.ok && view.value.coordinators.map((c) => c.chatKey)).toEqual([COORDINATOR.chatKey]);
  });

  it('When a coordinator mistypes the code twice, then the right code still lets them in', async () => {
    const circleId = await newCircle();
    const { code } = await coordinatorCode(circleId);
    expect(await world.circles.join(BACKUP, wrongCode(code, 1))).toEqual({ ok: false, code: 'INVITE_UNKNOWN' });
    expect(await world.circles.join(BACKUP, wrongCode(code, 2))).toEqual({ ok: false, code: 'INVITE_UNKNOWN' });
    expect(await world.circles.join(BACKUP, code.toLowerCase())).toMatchObject({ ok: true });
  });

  it('When many chats and tenants guess for two days, then the expected time to hit one of 100 active codes is over 1,000 times its validity', async () => {
    const circleId = await newCircle();
    const { code } = await coordinatorCode(circleId);
    // One attempt per simulated second for 48 hours, every time from a fresh chat in a fresh
    // tenant (the worst case for per-chat and per-tenant limits): count what the bot actually looks up.
    let looked = 0;
    const seconds = 48 * 3600;
    for (let s = 0; s < seconds; s++) {
      world.clock.advance(1000);
      const r = await world.circles.join({ chatKey: `chat-guess-${s}`, tenantId: `tenant-${s}` }, wrongCode(code, s));
      if (r.ok || r.code !== 'JOIN_LOCKED') looked++;
    }
    const perSecond = looked / seconds;
    const space = Number((ALPHABET.length as number) ** code.replace(/-/g, '').length) * 0.97; // codes carry a digit
    const active = 100;
    const expectedSeconds = space / (active + 1) / Math.max(perSecond, 1 / seconds);
    const validitySeconds = 7 * 24 * 3600; // the longest a code lives (member codes)
    expect(expectedSeconds / validitySeconds).toBeGreaterThanOrEqual(1_000);
    // Without any limit, at the 500 guesses a second the bot can answer, the code length alone is enough too.
    expect(space / (active + 1) / 500 / validitySeconds).toBeGreaterThanOrEqual(1_000);
    // And the global limit shows: far fewer than one look-up per second got through.
    expect(perSecond).toBeLessThan(0.2);
    expect(world.logger.lines.some((l) => l.fields.code === 'CIRCLE_JOIN_BUDGET_EXCEEDED' && l.level === 'error')).toBe(true);
  }, 120_000);

  it('When a new coordinator joins with a code, then every existing coordinator is told who asks (and must approve: codes-coordinator-approval)', async () => {
    const circleId = await newCircle();
    const { code } = await coordinatorCode(circleId);
    expect(await world.circles.join(BACKUP, code)).toMatchObject({ ok: true, value: { role: 'coordinator', pending: true } });
    await world.signals.flush();
    const outbox = readFileSync(path.join(world.dir, 'outbox.json'), 'utf8');
    const told = (JSON.parse(outbox) as { messages: Record<string, { kind: string; target: { chatKey?: string }; payload: Record<string, unknown> }> }).messages;
    const notices = Object.values(told).filter((m) => m.kind === 'circle.notice' && m.payload.notice === 'coordinatorRequest');
    expect(notices.map((m) => m.target.chatKey)).toEqual([COORDINATOR.chatKey]);
    expect(notices[0]?.payload.chatKey).toBe(BACKUP.chatKey);
    const notice = await new CircleNoticeBuilder(world.store).build(notices[0] as never);
    expect(notice).toMatchObject({ kind: 'coordinatorRequest', candidateName: BACKUP.name });
  });
});
