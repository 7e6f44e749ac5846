import { MessageFactory } from 'botbuilder';
import { createCloudAdapter } from '../../src/adapters/botframework/cloud-adapter';
import { type ChatReference, ProactiveSender } from '../../src/adapters/botframework/proactive-sender';
import { createTranslations } from '../../src/i18n/i18n';
import type { DeliveryResult } from '../../src/ports/outbox';
import { ConnectorStub } from '../helpers/connector-stub';
import { captureLogger } from '../helpers/signal-fixtures';

/**
 * Every outbox message that goes to Teams (new signal thread, card update, thread reply, reporter
 * notice, every call-circle message) is one of three proactive operations of the one sender. Each
 * operation meets the same failures the same way: the failure reaches the caller (never swallowed
 * by CloudAdapter's onTurnError), is classified once, and botbuilder does not retry it by itself.
 */
let connector: ConnectorStub;
const logger = captureLogger();
const sender = () =>
  new ProactiveSender({
    adapter: createCloudAdapter({
      bot: { authDisabled: true } as never,
      logger,
      translations: createTranslations(),
      defaultLocale: 'nl',
      sources: { channels: ['msteams'], serviceUrlHosts: [], allowLocalStandIns: true },
    }),
    appId: '',
  });

beforeAll(async () => {
  connector = await new ConnectorStub().start();
});
afterAll(async () => {
  await connector.stop();
});
beforeEach(() => connector.reset());

const reference = (conversationId: string): ChatReference => ({
  channelId: 'msteams',
  serviceUrl: connector.url,
  conversation: { id: conversationId } as never,
  bot: { id: '28:bot-synthetic', name: 'Signaalbot' },
});

const operations: Array<[string, (s: ProactiveSender, conversationId: string) => Promise<DeliveryResult>]> = [
  ['send (reporter notice, thread reply, circle message)', async (s, id) => ({ ok: true, activityId: await s.send(reference(id), 'Synthetisch bericht') })],
  [
    'createThread (new signal)',
    async (s, id) => ({
      ok: true,
      conversationId: await s.createThread(reference(id), { channelId: id, tenantId: 'tenant-synthetic', activity: MessageFactory.text('kaart') }),
    }),
  ],
  ['update (card update)', async (s, id) => (await s.update(reference(id), { type: 'message', id: 'activity-1', text: 'bijgewerkt' }), { ok: true })],
];

const failures: Array<[number, Record<string, string>, Partial<DeliveryResult>]> = [
  [429, { 'retry-after': '3' }, { ok: false, code: 'HTTP_429', retryable: true, retryAfterMs: 3000 }],
  [403, {}, { ok: false, code: 'HTTP_403', retryable: false, linkBroken: true }],
  [404, {}, { ok: false, code: 'HTTP_404', retryable: false, linkBroken: true }],
  [500, {}, { ok: false, code: 'HTTP_500', retryable: true }],
  [503, {}, { ok: false, code: 'HTTP_503', retryable: true }],
  [400, {}, { ok: false, code: 'HTTP_400', retryable: false }],
];

describe.each(operations)('When the one sender does %s', (_name, operation) => {
  test.each(failures)('and the connector answers %i, then the caller gets that failure after one request', async (status, headers, expected) => {
    const conversationId = `19:conversation-${status}@thread.tacv2`;
    connector.failNext(1, status, headers);
    const s = sender();
    const result = await s.attempt(() => operation(s, conversationId));
    expect(result).toMatchObject(expected);
    // One request only: no hidden retry by botbuilder's HTTP pipeline.
    expect(connector.calls.filter((c) => c.failedWith === status)).toHaveLength(1);
    expect(connector.calls).toHaveLength(1);
  });

  test('and the connector cannot be reached, then the caller gets a retryable network failure', async () => {
    const s = sender();
    const unreachable = { ...reference('19:gone@thread.tacv2'), serviceUrl: 'http://127.0.0.1:9/' };
    const result = await s.attempt(async () => {
      await s.send(unreachable, 'Synthetisch bericht');
      return { ok: true };
    });
    expect(result).toMatchObject({ ok: false, retryable: true });
    expect((result as { code: string }).code).toMatch(/^NETWORK/);
  });

  test('and the connector answers, then the caller gets ok', async () => {
    const s = sender();
    expect(await s.attempt(() => operation(s, '19:fine@thread.tacv2'))).toMatchObject({ ok: true });
  });
});
