import type { ReportSignalPort, SubmitResult } from '../../src/application/report-signal.types';
import { en, textOf, turn } from '../helpers/dialog-client';
import { reportClient } from '../helpers/report-client';

/**
 * Review H2(b): after the reference was shown, the report dialog kept its whole draft (the
 * person's name and number, the note, the reporter's contact) in conversation state until the
 * reporter wrote again. Synthetic values only.
 */
const PERSONAL = ['Zwaantje Pietersma', '0612398765', 'Gerrit Kloosterboer', 'gerrit.kloosterboer@example.org', 'Mevrouw woont alleen'];

const answer = (key: string, value: string) => ({ value: { verb: 'answer', question: key, value } });

function port(): ReportSignalPort & { submits: number } {
  const fake = {
    submits: 0,
    retentionDays: 90,
    async checkPostcode() {
      return { kind: 'ok' as const, signaalpuntName: 'Signaalpunt Noord' };
    },
    async submit(): Promise<SubmitResult> {
      fake.submits++;
      return { ok: true, reference: 'SIG-2026-000777', signaalpuntName: 'Signaalpunt Noord', deadline: '2026-03-03' };
    },
    async statusForReporter() {
      return [];
    },
  };
  return fake;
}

describe('Erasure: a finished report leaves no draft in conversation state', () => {
  it('When a report is confirmed, then conversation state keeps only the submission key and the result, and a replayed confirm still shows the reference', async () => {
    const fake = port();
    const { client, storage } = reportClient('msteams', 'en-US', fake);
    const steps = [
      'hi',
      answer('danger', 'no'),
      answer('about', 'other'),
      answer('informed', 'yes'),
      answer('consent', 'yes'),
      answer('ageGroup', 'senior75'),
      answer('postcode', '1234 AB'),
      { value: { verb: 'signs.submit', social: 'fewContacts' } },
      answer('note', PERSONAL[4]!),
      answer('relation', 'neighbour'),
      answer('personName', PERSONAL[0]!),
      answer('personContact', PERSONAL[1]!),
      answer('reporterName', PERSONAL[2]!),
      answer('reporterOrganisation', 'skip'),
      answer('reporterSector', 'courier'),
      answer('reporterContact', PERSONAL[3]!),
      answer('wantsFeedback', 'yes'),
    ];
    for (const step of steps) await turn(client, step);
    // Before the confirm the draft is there (so the probe below can see it).
    const before = JSON.stringify(await storage.read(Object.keys((storage as unknown as { memory: Record<string, unknown> }).memory)));
    expect(before).toContain(PERSONAL[0]);

    const done = await turn(client, { value: { verb: 'report.confirm' } });
    expect(textOf(done)).toContain('SIG-2026-000777');
    const keys = Object.keys((storage as unknown as { memory: Record<string, unknown> }).memory);
    const after = JSON.stringify(await storage.read(keys));
    for (const value of PERSONAL) expect(after).not.toContain(value);
    expect(after).toContain('SIG-2026-000777');

    const replay = await turn(client, { value: { verb: 'report.confirm' } });
    expect(textOf(replay)).toContain('SIG-2026-000777');
    expect(textOf(replay)).toContain(en.t('report:done.feedback'));
    expect(fake.submits).toBe(1);
  });
});
