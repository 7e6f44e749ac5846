import fs from 'node:fs';
import path from 'node:path';
import { type Harness, startHarness } from '../helpers/app-harness';
import { onCI } from '../helpers/ci';

/**
 * Replays every real recorded Teams payload in ../shared/fixtures/teams against the running app.
 * Those files stay outside the repository; on a clone without them this suite says so and
 * replays the project's own synthetic fixtures only.
 */
const SHARED = process.env.SHARED_FIXTURES_DIR ?? path.resolve(__dirname, '../../../shared/fixtures/teams');
const OWN = path.resolve(__dirname, '../fixtures/teams');

function jsonFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(dir, f))
    .sort();
}

const sharedFiles = jsonFiles(SHARED);
const files = [...sharedFiles, ...jsonFiles(OWN)];
if (sharedFiles.length === 0) {
  console.log(`Teams fixture replay: ${SHARED} not found; replaying only the project's own fixtures.`);
}

/** The docs-only invoke has no envelope; give every payload the parts a reply needs. */
function withEnvelope(body: Record<string, unknown>, serviceUrl: string): Record<string, unknown> {
  return {
    channelId: 'msteams',
    from: { id: '29:replay-user' },
    recipient: { id: '28:replay-bot' },
    conversation: { id: 'a:replay-conversation' },
    ...body,
    serviceUrl,
  };
}

describe('replay of recorded Teams payloads', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  test('When the fixture folders are read, then there is something to replay', () => {
    expect(files.length).toBeGreaterThan(0);
    if (onCI()) expect(sharedFiles.length).toBeGreaterThan(0);
  });

  test.each(files.map((f) => [path.relative(path.resolve(__dirname, '../../..'), f), f]))(
    'When %s is posted, then the answer is not a server error',
    async (_name, file) => {
      const body = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      const payload = 'type' in body ? withEnvelope(body, h.connector.url) : body;
      const res = await fetch(`${h.app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      });
      // botbuilder answers 501 for an invoke the bot does not handle: allowed.
      if (res.status >= 500) expect(res.status).toBe(501);
      expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
    },
  );

  test('When all payloads were replayed, then no turn failed with an unhandled error', () => {
    expect(h.logs.codes()).not.toContain('TURN_ERROR');
    expect(h.logs.codes()).not.toContain('TURN_FAILED');
  });
});
