import fs from 'node:fs';
import { AuditLogError, FileAuditLog } from '../../src/adapters/persistence/audit-log';
import type { AuditEntry } from '../../src/ports/signals';
import { captureLogger, tempDir } from '../helpers/signal-fixtures';

let dir: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir, cleanup } = tempDir('audit'));
});
afterEach(() => cleanup());

const entry = (n: number): AuditEntry => ({
  at: '2026-03-02T09:00:00.000Z',
  action: 'signal.claimed',
  actor: `teamMember:aad-${n}`,
  signalId: `sig-${n}`,
  signaalpuntId: 'GM0677',
  detail: 'from=new,to=claimed',
});

describe('FileAuditLog', () => {
  test('When entries are appended at once, then each is one whole line, in order, and a reopen lists them all', async () => {
    const log = await FileAuditLog.open({ dataDir: dir, logger: captureLogger() });
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(entry(i))));

    const lines = fs.readFileSync(log.filePath, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(50);
    expect(lines.map((l) => (JSON.parse(l) as AuditEntry).signalId)).toEqual(Array.from({ length: 50 }, (_, i) => `sig-${i}`));
    const reopened = await FileAuditLog.open({ dataDir: dir, logger: captureLogger() });
    expect(await reopened.list()).toEqual(Array.from({ length: 50 }, (_, i) => entry(i)));
  });

  test.each([
    ['actor', { actor: 'Jantje Testpersoon' }],
    ['actor', { actor: 'marietje@example.org' }],
    ['detail', { detail: 'woont alleen sinds de verhuizing' }],
    ['detail', { detail: 'x'.repeat(129) }],
    ['action', { action: '' }],
    ['at', { at: 'yesterday' }],
    ['(unknown field)', { note: 'free text' }],
  ])('When a field looks like free text or personal data (%s), then the entry is refused and nothing is written', async (field, bad) => {
    const log = await FileAuditLog.open({ dataDir: dir, logger: captureLogger() });
    const err = await log.append({ ...entry(1), ...bad } as AuditEntry).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(AuditLogError);
    expect(err).toMatchObject({ code: 'AUDIT_ENTRY_REJECTED', field });
    for (const value of Object.values(bad)) if (value) expect((err as Error).message).not.toContain(value);
    expect(await log.list()).toEqual([]);
  });

  test('When the last line was torn by a crash, then the whole lines are listed and the bad one is counted in a warning', async () => {
    const logger = captureLogger();
    const log = await FileAuditLog.open({ dataDir: dir, logger });
    await log.append(entry(1));
    fs.appendFileSync(log.filePath, '{"at":"2026-03-02T09:00:00.000Z","act');

    expect(await log.list()).toEqual([entry(1)]);
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ code: 'AUDIT_LINE_UNREADABLE', skippedCount: 1 }) }));
  });
});
