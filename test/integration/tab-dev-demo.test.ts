import { DEV_TAB_TEAM } from '../../src/adapters/dev/tab-dev';
import { type Harness, startHarness } from '../helpers/app-harness';

/**
 * Issue 14, point 16: synthetic demo signals for the tab tried locally, only when TAB_DEV_DEMO asks
 * (development). They carry nothing personal, and a restart adds no more.
 */
describe('TAB_DEV_DEMO: synthetic demo signals for /tab/dev', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function queue(harness: Harness): Promise<{ status: number; items: Array<{ id: string; reference: string }> }> {
    const { token } = (await (await fetch(`${harness.app.url}/tab/dev/token`)).json()) as { token: string };
    const res = await fetch(`${harness.app.url}/api/tab/signals?teamId=${DEV_TAB_TEAM.teamId}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { items?: Array<{ id: string; reference: string }> };
    return { status: res.status, items: body.items ?? [] };
  }

  const start = (extra: Record<string, string>) =>
    startHarness({ NODE_ENV: 'development', PLAYGROUND: '0', CHAT_LOCAL_DIRECTLINE: '0', SIGNAALPUNTEN_FILE: 'deployment/signaalpunten.example.json', LOG_LEVEL: 'info', ...extra });

  test('When TAB_DEV_DEMO=1, then the test user sees three synthetic signals without names or contacts, and a restart adds none', async () => {
    h = await start({ TAB_DEV_DEMO: '1' });
    const first = await queue(h);
    expect(first.status).toBe(200);
    expect(first.items).toHaveLength(3);
    const { token } = (await (await fetch(`${h.app.url}/tab/dev/token`)).json()) as { token: string };
    for (const item of first.items) {
      const detail = (await (await fetch(`${h.app.url}/api/tab/signals/${item.id}?teamId=${DEV_TAB_TEAM.teamId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        signal: Record<string, unknown>;
      };
      expect(detail.signal.reference).toBe(item.reference);
      expect(JSON.stringify(detail.signal)).not.toMatch(/"(personName|personContact|reporterName|reporterContact)":"[^"]/);
    }
    await h.restart();
    expect((await queue(h)).items.map((i) => i.reference).sort()).toEqual(first.items.map((i) => i.reference).sort());
  });

  test('When TAB_DEV_DEMO is not set, then nothing is seeded: the team is not linked and the tab says so', async () => {
    h = await start({});
    const answer = await queue(h);
    expect(answer.status).toBe(403);
    expect(h.logs.codes()).not.toContain('TAB_DEMO_SEEDED');
  });
});
