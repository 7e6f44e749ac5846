import { listenLine } from '../../src/adapters/dev/listen-line';

describe('where the bot and the playground listen, in one line (issue 14)', () => {
  test('When the playground runs, then one line names both addresses', () => {
    const line = listenLine('http://127.0.0.1:3978/', 'http://localhost:56150');
    expect(line).toBe('Signaalbot listens on http://127.0.0.1:3978/api/messages; open the local Teams-like client at http://localhost:56150');
    expect(line).not.toContain('\n');
  });

  test('When the playground is off, then the line says so', () => {
    expect(listenLine('http://127.0.0.1:3978')).toMatch(/^Signaalbot listens on http:\/\/127\.0\.0\.1:3978\/api\/messages \(no local Teams-like client/);
  });
});
