import fs from 'node:fs';
import path from 'node:path';
import { AesGcmCipher } from '../../src/adapters/crypto/aes-gcm-cipher';
import type { ReportDraft } from '../../src/application/report-signal.types';
import { ChatDirectory } from '../../src/adapters/botframework/chat-directory';
import { type Harness, startHarness, teamsMessage } from '../helpers/app-harness';
import { fakeClock } from '../helpers/signal-fixtures';

/**
 * Review H2 (c), (d) and (b) against the real app: after a retention run, nothing in DATA_DIR
 * (sealed values decrypted with the key) and nothing the Bot Connector stub received after the
 * run holds the synthetic personal data. Open signals past their maximum age are escalated and
 * later erased; idle conversation state, remembered chats and an abandoned draft expire.
 *
 * Record folders keep two slot files per record; the stale slot is the crash helper's part (a) of
 * the same finding (record-dir.ts). This test reads the current slot of each record, so it covers
 * (b)-(d); with (a) in place the stale slots are erased too and a check of every file would pass.
 */
const TENANT = '00000000-0000-0000-0000-0000000000001';
const TEAM = '19:team-erasure@thread.tacv2';
const CHANNEL = '19:general-erasure@thread.tacv2';
const REPORTER = 'a:reporter-erasure';
const ABANDONED = 'a:abandoned-erasure';
const DAY = 86_400_000;

const draft: ReportDraft = {
  about: 'other',
  informed: true,
  consent: true,
  postcode: '4381 AB',
  ageGroup: 'senior75',
  signs: ['fewContacts'],
  note: 'Fokje woont alleen sinds de winter',
  relation: 'customer',
  personName: 'Fokje Zijlstra',
  personContact: '0687777666',
  reporterName: 'Harmen Melderman',
  reporterSector: 'pharmacy',
  reporterContact: 'harmen.melderman@example.org',
  wantsFeedback: true,
};
const ABANDONED_NAME = 'Wietske Halfweg';
const PERSONAL = ['Fokje', 'Zijlstra', '0687777666', 'Harmen', 'Melderman', 'harmen.melderman@example.org', 'woont alleen', ABANDONED_NAME];

function channelActivity(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    channelId: 'msteams',
    from: { id: '29:member-erasure', aadObjectId: '00000000-0000-0000-0000-00000000b001' },
    recipient: { id: '28:bot-synthetic', name: 'Signaalbot' },
    conversation: { id: `${CHANNEL};messageid=1700`, conversationType: 'channel', tenantId: TENANT, isGroup: true },
    channelData: { team: { id: TEAM }, channel: { id: CHANNEL }, tenant: { id: TENANT } },
    ...fields,
  };
}

const answer = (question: string, value: string) => ({ value: { verb: 'answer', question, value } });

/** Every file under `dir`: records by their current slot only (see above), other files whole. */
function dataText(dir: string, cipher: AesGcmCipher): string {
  const out: string[] = [];
  const walk = (d: string) => {
    const slots = new Map<string, { seq: number; text: string }>();
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const file = path.join(d, entry.name);
      if (entry.isDirectory()) {
        walk(file);
        continue;
      }
      const text = fs.readFileSync(file, 'utf8');
      const slot = /^(.+)\.(a|b)\.json$/.exec(entry.name);
      if (!slot) {
        out.push(text);
        continue;
      }
      const seq = (JSON.parse(text) as { seq: number }).seq;
      const current = slots.get(slot[1]!);
      if (!current || current.seq < seq) slots.set(slot[1]!, { seq, text });
    }
    for (const { text } of slots.values()) out.push(text);
  };
  walk(dir);
  const raw = out.join('\n');
  // Bot-state items are bound to their key (AAD "bot-state:<key>"): try every key named on disk.
  const aads = [undefined, ...[...raw.matchAll(/"key": ?"([^"]+)"/g)].map((m) => `bot-state:${m[1]}`)];
  const opened = [...raw.matchAll(/v\d:[A-Za-z0-9_:-]+/g)].map((m) => {
    for (const aad of aads) {
      try {
        return cipher.decrypt(m[0], aad);
      } catch {
        // another aad, or not ours
      }
    }
    return '';
  });
  return `${raw}\n${opened.join('\n')}`;
}

const found = (text: string) => PERSONAL.filter((p) => text.includes(p));

describe('Erasure that erases: a retention run against the real app', () => {
  let h: Harness;
  const clock = fakeClock('2026-03-02T09:00:00.000Z');
  beforeAll(async () => {
    h = await startHarness(
      { SIGNAALPUNTEN_FILE: 'deployment/signaalpunten.example.json', OUTBOX_POLL_MS: '50', RETENTION_DAYS: '1', SIGNAL_MAX_OPEN_DAYS: '2', STATE_IDLE_DAYS: '1' },
      { clock },
    );
  });
  afterAll(async () => {
    await h.close();
  });

  it('When a signal stays open past its maximum age and retention runs, then the team is told, then the details, the card and idle state are gone', async () => {
    // Linked channel, a reporter who talked to the bot, a second chat that left a report half-way.
    const { code } = await h.app.signals.links.issueCode('GM0718', 'link');
    expect((await h.post(channelActivity({ type: 'message', id: 'link-1', text: `<at>Signaalbot</at> koppel GM0718 ${code}` }))).status).toBe(200);
    await h.post(teamsMessage(REPORTER, { text: 'status' }));
    const reporterChatKey = ChatDirectory.keyOf({ channelId: 'msteams', conversation: { id: REPORTER } as never });
    for (const step of [
      { text: 'hallo' },
      { value: { verb: 'menu', choice: 'report' } },
      answer('danger', 'no'),
      answer('about', 'other'),
      answer('informed', 'yes'),
      answer('consent', 'yes'),
      answer('ageGroup', 'senior75'),
      answer('postcode', '4381 AB'),
      { value: { verb: 'signs.submit', social: 'fewContacts' } },
      answer('note', 'geen'),
      answer('relation', 'neighbour'),
      answer('personName', ABANDONED_NAME),
    ]) {
      expect((await h.post(teamsMessage(ABANDONED, step))).status).toBe(200);
    }

    const result = await h.app.signals.report.submit(draft, { submissionKey: 'erasure-1', reporterChatKey });
    expect(result.ok).toBe(true);
    await h.connector.waitFor(() => h.connector.created().length === 1);
    expect(JSON.stringify(h.connector.created()[0]!.body)).toContain('Fokje Zijlstra');
    // The card's fallbackText never carries the details (it outlives card updates).
    const fallbacks = [...JSON.stringify(h.connector.created()[0]!.body).matchAll(/"fallbackText":"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
    expect(fallbacks.length).toBeGreaterThan(0);
    expect(found(fallbacks.join('\n'))).toEqual([]);
    await h.app.stop().catch(() => undefined);
    const dataDir = h.dataDir;
    const cipher = new AesGcmCipher(Buffer.from(fs.readFileSync(path.join(dataDir, 'dev-encryption.key'), 'utf8').trim(), 'base64'));
    expect(found(dataText(dataDir, cipher))).toEqual(expect.arrayContaining(['Fokje', ABANDONED_NAME])); // the probe sees data when it is there
    await h.restart();

    // Past the maximum age: the team is told in the thread, nothing erased yet.
    clock.advance(2.5 * DAY);
    const first = await h.app.signals.maintenance.runRetention();
    expect(first).toMatchObject({ escalated: 1, erased: 0, erasedOpen: 0 });
    // The abandoned chat's conversation and user state went; the reporter's chat is kept while the signal is open.
    expect(first.stateExpired).toBeGreaterThanOrEqual(2);
    await h.connector.waitFor(() => h.connector.calls.some((c) => JSON.stringify(c.body ?? '').includes('heel lang open')));

    // Past maximum age plus retention: erased, and the card says so.
    clock.advance(2 * DAY);
    const mark = h.connector.calls.length;
    const counts = await h.app.signals.maintenance.runRetention();
    expect(counts).toMatchObject({ escalated: 0, erasedOpen: 1 });
    expect(counts.stateExpired).toBeGreaterThanOrEqual(1); // the reporter's chat, no longer waiting for news
    await h.connector.waitFor(() => h.connector.calls.slice(mark).some((c) => c.method === 'PUT'));
    const after = h.connector.calls.slice(mark);
    expect(JSON.stringify(after)).toContain('Gegevens verwijderd');
    expect(found(JSON.stringify(after))).toEqual([]);
    expect(h.logs.lines.some((l) => l.includes('"RETENTION_RUN"') && l.includes('"erasedOpen":1'))).toBe(true);

    await h.app.stop();
    expect(found(dataText(dataDir, cipher))).toEqual([]);
  }, 60_000);
});
