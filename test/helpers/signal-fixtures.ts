import { hmacCodeHasher } from '../../src/adapters/crypto/code-hmac';
import type { RosterOptions } from '../../src/ports/roster';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AesGcmCipher } from '../../src/adapters/crypto/aes-gcm-cipher';
import type { Signal } from '../../src/domain/signal';
import type { Clock } from '../../src/ports/clock';
import type { LogFields, Logger } from '../../src/ports/logger';
import type { OutboxMessage } from '../../src/ports/outbox';

/** Synthetic personal data: it must never show up on disk in the clear, in logs or in errors. */
export const PERSONAL = {
  personName: 'Jantje Testpersoon',
  personContact: '0612345678',
  note: 'woont alleen sinds de verhuizing',
  reporterName: 'Marietje Melder',
  reporterContact: 'marietje@example.org',
} as const;

export interface LogLine {
  level: string;
  fields: LogFields;
  msg: string;
}

/** Keeps every log line (child loggers included) so tests can check what was, and was not, logged. */
export function captureLogger(lines: LogLine[] = [], bound: LogFields = {}): Logger & { lines: LogLine[]; text(): string } {
  const at = (level: string) => (fields: LogFields, msg: string) => lines.push({ level, fields: { ...bound, ...fields }, msg });
  return {
    lines,
    text: () => JSON.stringify(lines),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => captureLogger(lines, { ...bound, ...fields }),
  };
}

/** A clock that only moves when told. */
export function fakeClock(start = '2026-03-02T09:00:00.000Z'): Clock & { advance(ms: number): void; set(iso: string): void } {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
    set: (iso) => {
      now = Date.parse(iso);
    },
  };
}

/** Roster options as the app builds them: member ids as an HMAC under a fresh key, 14 days, `now` from the caller. */
export function testRosterOptions(now: () => Date = () => new Date(), key: Buffer = randomBytes(32)): RosterOptions {
  return { hashId: hmacCodeHasher(key, 'roster-member'), ttlMs: 14 * 86_400_000, now };
}

export function testCipher(key: Buffer = randomBytes(32)): AesGcmCipher {
  return new AesGcmCipher(key);
}

/** A fresh folder under the OS temp folder; `cleanup` removes it. */
export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `signaalbot-${prefix}-`));
  return { dir: path.join(root, 'data'), cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

export function makeSignal(overrides: Partial<Signal> = {}): Signal {
  return {
    id: 'sig-1',
    version: 1,
    reference: 'SIG-2026-000123',
    createdAt: '2026-03-02T09:00:00.000Z',
    signaalpuntId: 'GM0677',
    status: 'new',
    about: 'other',
    informed: true,
    consent: true,
    ageGroup: 'senior75',
    postcode4: '4331',
    signs: ['fewContacts', 'curtainsClosed'],
    relation: 'customer',
    reporterSector: 'pharmacy',
    wantsFeedback: true,
    deadline: '2026-03-04',
    history: [{ at: '2026-03-02T09:00:00.000Z', action: 'created', by: { kind: 'reporter' }, toStatus: 'new' }],
    personal: { ...PERSONAL },
    notes: [],
    ...overrides,
  };
}

export function makeMessage(overrides: Partial<OutboxMessage> & Pick<OutboxMessage, 'id'>): OutboxMessage {
  return {
    idempotencyKey: `key:${overrides.id}`,
    kind: 'signal.new',
    target: { kind: 'teams', signaalpuntId: 'GM0677' },
    payload: { signalId: 'sig-1' },
    status: 'pending',
    attempts: 0,
    createdAt: '2026-03-02T09:00:00.000Z',
    nextAttemptAt: '2026-03-02T09:00:00.000Z',
    ...overrides,
  };
}
