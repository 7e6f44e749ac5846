import type { ReportSignalPort } from '../../src/application/report-signal.types';
import { en, nl, textOf, turn } from '../helpers/dialog-client';
import { ENDED, reportClient } from '../helpers/report-client';

/**
 * Issue 11, finding 5: when the use case refuses a report because the reporter's chat reached
 * REPORTS_PER_DAY, the reporter hears it politely in their language, the draft is not kept
 * (the dialog ends), and the menu comes back.
 */
const port: ReportSignalPort = {
  retentionDays: 90,
  async checkPostcode() {
    return { kind: 'ok', signaalpuntName: 'Signaalpunt Noord' };
  },
  async submit() {
    return { ok: false, code: 'DAILY_LIMIT', fields: [] };
  },
  async statusForReporter() {
    return [];
  },
};

const q = (key: string) => nl.t(`report:questions.${key}.title`);
const TO_SUMMARY: Array<[string, string]> = [
  ['hallo', q('danger')],
  ['1', q('about')],
  ['1', q('informed')],
  ['ja', q('consent')],
  ['1', q('ageGroup')],
  ['3', q('postcode')],
  ['1234 AB', nl.t('cards:signs.title')],
  ['1, 13', q('note')],
  ['Ze zegt dat ze niemand meer ziet.', q('relation')],
  ['1', q('personName')],
  ['Mevrouw Jansen', q('personContact')],
  ['06 1234 5678', q('reporterName')],
  ['Piet', q('reporterOrganisation')],
  ['Apotheek De Linde', q('reporterSector')],
  ['2', q('reporterContact')],
  ['piet@voorbeeld.nl', q('wantsFeedback')],
  ['ja', nl.t('report:summary.title')],
];

test('When the daily report limit is reached at submit, then the reporter is told politely, with 112, and the report ends', async () => {
  const session = reportClient('sms', 'nl-NL', port);
  for (const [input, expected] of TO_SUMMARY) expect(textOf(await turn(session.client, input))).toContain(expected);
  const reply = textOf(await turn(session.client, '1'));
  expect(reply).toContain(nl.t('report:refused.dailyLimit'));
  expect(reply).toContain('112');
  expect(reply).toContain(ENDED);
  expect(en.t('report:refused.dailyLimit')).toContain('112');
});
