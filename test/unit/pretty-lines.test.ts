import { prettyLine, prettyLines } from '../../src/adapters/logging/pretty-lines';

describe('readable log lines in development (issue 14)', () => {
  test('When pino writes a warning, then one short line shows time, level, message and fields', () => {
    const json = JSON.stringify({ level: 40, time: Date.UTC(2026, 11, 4, 10, 38, 2), pid: 1, hostname: 'h', service: 'signaalbot', code: 'MAIL_NOT_CONFIGURED', signaalpuntId: 'GM0718', msg: 'operator: mail target without SMTP_URL' });
    expect(prettyLine(json)).toBe('10:38:02 WARN  operator: mail target without SMTP_URL  code=MAIL_NOT_CONFIGURED  signaalpuntId=GM0718');
  });

  test('When a chunk holds several lines or a non-JSON line, then each is written, the odd one as it came', () => {
    const out: string[] = [];
    prettyLines({ write: (t) => out.push(t) }).write(`${JSON.stringify({ level: 30, time: 0, msg: 'a', port: 3978 })}\nnot json\n`);
    expect(out).toEqual(['00:00:00 INFO  a  port=3978\n', 'not json\n']);
  });
});
