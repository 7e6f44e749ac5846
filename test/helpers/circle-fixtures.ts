import type { CircleInput, MemberInput } from '../../src/domain/circles/circle';
import { CircleStore } from '../../src/adapters/persistence/circle-store';
import { SignalStore } from '../../src/adapters/persistence/signal-store';
import type { OutboxRelay } from '../../src/application/outbox-relay';
import type { CircleScheduler } from '../../src/application/circles/circle-scheduler';
import type { Circles } from '../../src/application/circles/circles';
import { composeCircles } from '../../src/compose/compose-circles';
import type { CircleActor } from '../../src/application/circles/circles.types';
import type { AesGcmCipher } from '../../src/adapters/crypto/aes-gcm-cipher';
import { randomBytes } from 'node:crypto';
import { hmacCodeHasher } from '../../src/adapters/crypto/code-hmac';
import { normaliseInviteCode } from '../../src/application/circles/invite-codes';
import { captureLogger, fakeClock, tempDir, testCipher } from './signal-fixtures';

/** Synthetic people only: the names and numbers below belong to nobody. */
export const COORDINATOR: CircleActor = { chatKey: 'chat-coordinator-0001', name: 'Coördinator Test', locale: 'nl' };
export const BACKUP: CircleActor = { chatKey: 'chat-backup-0002', name: 'Reserve Test', locale: 'nl' };

export function member(n: number, overrides: Partial<MemberInput> = {}): MemberInput {
  const two = String(n).padStart(2, '0');
  return {
    firstName: `Testlid${two}`,
    phone: `06 000000${two}`,
    keyHolder: { name: `Sleutel${two} Testpersoon`, phone: `06 100000${two}`, relation: 'buurvrouw' },
    consent: true,
    ...overrides,
  };
}

export function circleInput(overrides: Partial<CircleInput> = {}): CircleInput {
  return { name: 'Belcirkel Testwijk', startTime: '09:00', weekdays: [1, 2, 3, 4, 5, 6, 7], mode: 'chain', skipHolidays: false, ...overrides };
}

export interface CircleWorld {
  dir: string;
  clock: ReturnType<typeof fakeClock>;
  logger: ReturnType<typeof captureLogger>;
  cipher: AesGcmCipher;
  store: CircleStore;
  signals: SignalStore;
  relay: OutboxRelay;
  circles: Circles;
  scheduler: CircleScheduler;
  /** What the store keeps for a typed invite code (HMAC under the world's data key). */
  inviteHash(code: string): string;
  /** Closes the stores and opens them again on the same folder, like a restart. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Real stores on a temp folder, a fake clock and a started scheduler, wired by `composeCircles` as in `createApp`. */
export async function openCircleWorld(start = '2027-03-01T07:00:00.000Z'): Promise<CircleWorld> {
  const { dir, cleanup } = tempDir('circles-');
  const clock = fakeClock(start);
  const logger = captureLogger();
  const key = randomBytes(32);
  const cipher = testCipher(key);
  const hashCode = hmacCodeHasher(key, 'circle-invite');
  const world = {} as CircleWorld;
  const open = async () => {
    const store = await CircleStore.open({ dataDir: dir, cipher, logger });
    const signals = await SignalStore.open({ dataDir: dir, cipher, logger });
    const { relay, scheduler, circles } = composeCircles({ store, outbox: signals.outbox, clock, logger, inviteHash: hashCode });
    await scheduler.start();
    Object.assign(world, { store, signals, relay, scheduler, circles });
  };
  await open();
  Object.assign(world, {
    dir,
    clock,
    logger,
    cipher,
    inviteHash: (code: string) => hashCode(normaliseInviteCode(code)),
    async restart() {
      await Promise.all([world.store.flush(), world.signals.flush()]);
      await open();
    },
    async close() {
      await Promise.all([world.store.flush(), world.signals.flush()]);
      cleanup();
    },
  });
  return world;
}
