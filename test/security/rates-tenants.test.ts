import { type Harness, startHarness, teamsMessage } from '../helpers/app-harness';
import { draft, OTHER_TENANT, TENANT } from '../helpers/app-fixtures';
import { loadConfig } from '../../src/config/config';

/**
 * Issue 11, finding 5 (review M5): any tenant could file signals without limit. The probes:
 * a Teams personal chat of another tenant, a burst of messages in one chat, a reporter chat
 * filing report after report, and the app type an app id gets without MicrosoftAppType.
 */
const texts = (h: Harness, conversationId: string) => h.connector.sent(conversationId).map((a) => String(a['text'] ?? ''));

function fromTenant(conversationId: string, tenantId: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  const base = teamsMessage(conversationId, fields);
  return { ...base, conversation: { id: conversationId, conversationType: 'personal', tenantId }, channelData: { tenant: { id: tenantId } } };
}

describe('tenants', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ALLOWED_TENANTS: TENANT });
  });
  afterAll(async () => {
    await h.close();
  });

  test('When a Teams user of another tenant writes, then the bot refuses politely (nl) and starts nothing', async () => {
    const res = await h.post(fromTenant('a:other-tenant', OTHER_TENANT, { text: 'melden' }));
    expect(res.status).toBe(200);
    await h.connector.waitFor(() => h.connector.sent('a:other-tenant').length >= 1);
    await new Promise((r) => setTimeout(r, 150));
    expect(texts(h, 'a:other-tenant')).toEqual([expect.stringContaining('niet gebruiken vanuit uw organisatie')]);
    expect(h.logs.codes()).toContain('TENANT_NOT_ALLOWED');
  });

  test('When the other tenant writes in English, then the refusal is in English', async () => {
    await h.post({ ...fromTenant('a:other-en', OTHER_TENANT, { text: 'report' }), locale: 'en-US' });
    await h.connector.waitFor(() => h.connector.sent('a:other-en').length >= 1);
    expect(texts(h, 'a:other-en')).toEqual([expect.stringContaining('cannot use this bot from your organisation')]);
  });

  test('When another tenant sends a card action or an update, then 403 and no reply', async () => {
    const invoke = { ...fromTenant('a:other-invoke', OTHER_TENANT), type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'x' } } };
    expect((await h.post(invoke)).status).toBe(403);
    expect((await h.post({ ...fromTenant('a:other-update', OTHER_TENANT), type: 'conversationUpdate', membersAdded: [{ id: 'u' }] })).status).toBe(403);
    expect(h.connector.sent('a:other-invoke')).toHaveLength(0);
  });

  test('When a user of the allowed tenant writes, then the bot answers as usual', async () => {
    await h.post(fromTenant('a:own-tenant', TENANT, { text: 'hallo' }));
    await h.connector.waitFor(() => h.connector.sent('a:own-tenant').length >= 1);
    expect(texts(h, 'a:own-tenant').join(' ')).not.toContain('niet gebruiken vanuit uw organisatie');
  });

  test('When production has no ALLOWED_TENANTS, then the signaalpunten file tenant is the default, and SingleTenant the app type', () => {
    const config = loadConfig({
      MicrosoftAppId: '11111111-1111-1111-1111-111111111111',
      MicrosoftAppPassword: 'pw-synthetic1',
      MicrosoftAppTenantId: TENANT,
      SIGNAALPUNTEN_FILE: 'deployment/signaalpunten.example.json',
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    expect(config.edge.tenants).toEqual([]);
    expect(config.bot.appType).toBe('SingleTenant');
    expect(config.env).toBe('production');
  });
});

describe('rates', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ MESSAGES_PER_MINUTE: '3', REPORTS_PER_DAY: '2' });
  });
  afterAll(async () => {
    await h.close();
  });

  test('When one chat sends more messages a minute than allowed, then it is told once and the rest is ignored', async () => {
    for (let i = 0; i < 3; i += 1) {
      await h.post(teamsMessage('a:burst', { text: 'hallo' }));
    }
    await h.connector.waitFor(() => h.connector.sent('a:burst').length >= 1);
    const before = h.connector.sent('a:burst').length;
    await h.post(teamsMessage('a:burst', { text: 'hallo' }));
    await h.post(teamsMessage('a:burst', { text: 'hallo' }));
    await h.connector.waitFor(() => h.connector.sent('a:burst').length > before);
    await new Promise((r) => setTimeout(r, 200));
    const after = texts(h, 'a:burst').slice(before);
    expect(after).toEqual([expect.stringContaining('veel berichten kort na elkaar')]);
    // Another chat is not affected.
    await h.post(teamsMessage('a:calm', { text: 'hallo' }));
    await h.connector.waitFor(() => h.connector.sent('a:calm').length >= 1);
    expect(texts(h, 'a:calm').join(' ')).not.toContain('veel berichten');
  });

  test('When one reporter chat files more reports a day than allowed, then the next is refused and nothing is stored', async () => {
    const report = h.app.signals.report;
    const chat = 'chat-key-synthetic-1';
    expect((await report.submit(draft(), { submissionKey: 'rk-1', reporterChatKey: chat })).ok).toBe(true);
    expect((await report.submit(draft(), { submissionKey: 'rk-2', reporterChatKey: chat })).ok).toBe(true);
    const third = await report.submit(draft(), { submissionKey: 'rk-3', reporterChatKey: chat });
    expect(third).toMatchObject({ ok: false, code: 'DAILY_LIMIT' });
    // A replay of an earlier submit still answers with its reference; another chat may report.
    expect((await report.submit(draft(), { submissionKey: 'rk-2', reporterChatKey: chat })).ok).toBe(true);
    expect((await report.submit(draft(), { submissionKey: 'rk-4', reporterChatKey: 'chat-key-synthetic-2' })).ok).toBe(true);
    expect(await h.app.signals.store.signals.list()).toHaveLength(3);
  });
});
