import fs from 'node:fs';
import path from 'node:path';
import { ChatDirectory } from '../../src/adapters/botframework/chat-directory';
import type { ReportDraft } from '../../src/application/report-signal.types';
import { type Harness, startHarness, teamsMessage } from '../helpers/app-harness';
import { CHANNEL, channelActivity, linkTeamChannel, TEAM, TENANT } from '../helpers/delivery-world';

/**
 * A signal from report to the team's channel and back, against the real app on port 0 and a
 * Bot Connector stub: linking, the new thread with the team card, a claim by Action.Execute that
 * updates the card by PUT, the reporter hearing back, 429 with Retry-After, a restart in the
 * middle of delivery, a removed bot (403), and invokes from outside the team.
 */
const REPORTER_CONVERSATION = 'a:reporter-synthetic';
const PERSON = 'Testpersoon Zonderachternaam';

const draft: ReportDraft = {
  about: 'other',
  informed: true,
  consent: true,
  postcode: '4381 AB',
  ageGroup: 'senior75',
  signs: ['fewContacts', 'letterbox'],
  note: 'Zegt *nooit* bezoek te krijgen <b>echt</b>',
  relation: 'customer',
  personName: PERSON,
  personContact: '0611122233',
  reporterName: 'Melder Synthetisch',
  reporterSector: 'pharmacy',
  reporterContact: 'melder@example.org',
  wantsFeedback: true,
};

function claimInvoke(signalId: string, conversationId: string, team = TEAM, tenant = TENANT): Record<string, unknown> {
  return channelActivity(
    {
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: `invoke-${Math.random()}`,
      conversation: { id: conversationId, conversationType: 'channel', tenantId: tenant, isGroup: true },
      value: { action: { type: 'Action.Execute', verb: 'signal.claim', data: { signalId } }, trigger: 'manual' },
    },
    team,
    tenant,
  );
}

describe('signal delivery to the team channel', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ SIGNAALPUNTEN_FILE: 'deployment/signaalpunten.example.json', OUTBOX_POLL_MS: '50' });
  });
  afterEach(async () => {
    await h.close();
  });

  async function link(signaalpuntId = 'GM0718', typed = signaalpuntId): Promise<void> {
    await linkTeamChannel(h, signaalpuntId, typed);
    // Linking reads the team's roster (for the tab's membership check).
    expect(h.logs.codes()).toContain('ROSTER_REFRESHED');
  }

  test('When the channel is linked to a signaalpunt whose id is not a GM code, typed in other case, then it is linked to that id', async () => {
    await link('zeeland-welzijn', 'Zeeland-Welzijn');
    expect(await h.app.signals.links.linksOfTeam(TEAM)).toEqual(['zeeland-welzijn']);
  });

  /** The reporter's chat is remembered when they talk to the bot (here: "status"). */
  async function reporterChatKey(): Promise<string> {
    await h.post(teamsMessage(REPORTER_CONVERSATION, { text: 'status' }));
    return ChatDirectory.keyOf({ channelId: 'msteams', conversation: { id: REPORTER_CONVERSATION } as never });
  }

  test('When a signal is reported, then a thread with the team card arrives; a claim updates it and the reporter hears back', async () => {
    await link();
    const result = await h.app.signals.report.submit(draft, { submissionKey: 'k-1', reporterChatKey: await reporterChatKey() });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    await h.connector.waitFor(() => h.connector.created().length === 1);
    const created = h.connector.created()[0]!;
    const card = JSON.stringify(created.body);
    expect(card).toContain(result.reference);
    expect(card).toContain(PERSON);
    expect(card).toContain('signal.claim');
    // Free text is shown literally: markdown and HTML are escaped, not rendered.
    expect(card).not.toContain('*nooit*');
    expect((created.body?.channelData as { channel: { id: string } }).channel.id).toBe(CHANNEL);

    const signal = (await h.app.signals.store.signals.list())[0]!;
    const threadId = `${CHANNEL};messageid=${h.connector.calls.indexOf(created) + 1}`;
    const res = await h.post(claimInvoke(signal.id, threadId));
    expect(res.status).toBe(200);
    const invokeBody = (await res.json()) as { statusCode: number; type: string; value: unknown };
    expect(invokeBody.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(invokeBody.value)).toContain('Opgepakt');
    expect(JSON.stringify(invokeBody.value)).not.toContain('signal.claim');

    await h.connector.waitFor(() => h.connector.calls.some((c) => c.method === 'PUT'));
    await h.connector.waitFor(() => h.connector.sent(REPORTER_CONVERSATION).some((a) => String(a.text).includes('opgepakt')));
    const toReporter = h.connector.sent(REPORTER_CONVERSATION).map((a) => JSON.stringify(a)).join('\n');
    expect(toReporter).not.toContain(PERSON);
    expect((await h.app.signals.store.signals.get(signal.id))?.status).toBe('claimed');

    // Privacy: no personal data in any log line of this whole run, nor in the clear on disk.
    const secrets = [PERSON, '0611122233', 'melder@example.org', 'Melder Synthetisch', 'bezoek te krijgen', '4381AB', '4381 AB'];
    const logs = h.logs.lines.join('\n');
    for (const value of secrets) expect(logs).not.toContain(value);
    await h.app.stop();
    const files = fs.readdirSync(h.dataDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.length).toBeGreaterThan(3);
    for (const entry of files) {
      const file = path.relative(h.dataDir, path.join(entry.parentPath, entry.name));
      const raw = fs.readFileSync(path.join(h.dataDir, file), 'utf8');
      for (const value of secrets) expect({ file, found: raw.includes(value) }).toEqual({ file, found: false });
    }
  });

  test('When any copy of the team card is viewed, then it refreshes to the current state (Universal Actions); other teams get no card', async () => {
    await link();
    const result = await h.app.signals.report.submit(draft, { submissionKey: 'k-refresh' });
    expect(result.ok).toBe(true);
    await h.connector.waitFor(() => h.connector.created().length === 1);
    expect(JSON.stringify(h.connector.created()[0]!.body)).toContain('signal.refresh');
    const signal = (await h.app.signals.store.signals.list())[0]!;
    expect((await h.post(claimInvoke(signal.id, `${CHANNEL};messageid=1`))).status).toBe(200);

    // An orphaned duplicate card still showing "Nieuw" asks for its state when someone looks at it.
    const refresh = (team = TEAM) => {
      const invoke = claimInvoke(signal.id, `${CHANNEL};messageid=99`, team);
      (invoke['value'] as { action: { verb: string }; trigger: string }).action.verb = 'signal.refresh';
      (invoke['value'] as { trigger: string }).trigger = 'automatic';
      return h.post(invoke);
    };
    const body = (await (await refresh()).json()) as { type: string; value: unknown };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(body.value)).toContain('Opgepakt');
    expect(JSON.stringify(body.value)).toContain('signal.release');

    const other = (await (await refresh('19:other-team@thread.tacv2')).json()) as { type: string; value: unknown };
    expect(other.type).not.toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(other.value)).not.toContain(PERSON);
  });

  test('When a thread is posted again after an attempt that got no answer, then the new card says it may be a repeat', async () => {
    await link();
    const reported = await h.app.signals.report.submit(draft, { submissionKey: 'k-repeat' });
    expect(reported.ok).toBe(true);
    await h.connector.waitFor(() => h.connector.created().length === 1);
    expect(JSON.stringify(h.connector.created()[0]!.body)).not.toContain('twee keer');

    const message = (await h.app.signals.store.outbox.list()).find((m) => m.kind === 'signal.new' && m.target.kind === 'teams')!;
    await h.app.stop();
    // Rewind: as if the worker had marked the send and the process was killed while Teams had the request.
    const outboxFile = path.join(h.dataDir, 'outbox.json');
    const data = JSON.parse(fs.readFileSync(outboxFile, 'utf8')) as { messages: Record<string, Record<string, unknown>> };
    const stored = data.messages[message.id]!;
    delete stored['sentAt'];
    delete stored['result'];
    Object.assign(stored, { status: 'pending', sendingSince: new Date().toISOString() });
    fs.writeFileSync(outboxFile, JSON.stringify(data));
    await h.restart();

    await h.connector.waitFor(() => h.connector.created().length === 2);
    expect(JSON.stringify(h.connector.created()[1]!.body)).toContain('twee keer');
    expect(h.logs.codes()).toContain('SEND_MAY_REPEAT');
  });

  test('When the attempt after an unanswered one is throttled, then the thread posted after that still says it may be a repeat', async () => {
    // The window of the two silent repeats in the first 100-kill run: a kill while Teams had the
    // request (a thread may exist), then a 429 on the next attempt. The 429 proves only that the
    // second attempt made nothing; the first may still have made a thread.
    await link();
    const reported = await h.app.signals.report.submit(draft, { submissionKey: 'k-repeat-429' });
    expect(reported.ok).toBe(true);
    await h.connector.waitFor(() => h.connector.created().length === 1);
    const message = (await h.app.signals.store.outbox.list()).find((m) => m.kind === 'signal.new' && m.target.kind === 'teams')!;
    await h.app.stop();
    const outboxFile = path.join(h.dataDir, 'outbox.json');
    const data = JSON.parse(fs.readFileSync(outboxFile, 'utf8')) as { messages: Record<string, Record<string, unknown>> };
    const stored = data.messages[message.id]!;
    delete stored['sentAt'];
    delete stored['result'];
    Object.assign(stored, { status: 'pending', sendingSince: new Date().toISOString() });
    fs.writeFileSync(outboxFile, JSON.stringify(data));
    h.connector.failNext(1, 429, { 'Retry-After': '1' });
    await h.restart();

    await h.connector.waitFor(() => h.connector.created().length === 2, 10_000);
    expect(h.connector.calls.filter((c) => c.failedWith === 429)).toHaveLength(1);
    expect(JSON.stringify(h.connector.created()[1]!.body)).toContain('twee keer');
  });

  test('When an invoke comes from another team or tenant, then it is refused without the card and logged', async () => {
    await link();
    const result = await h.app.signals.report.submit(draft, { submissionKey: 'k-2' });
    expect(result.ok).toBe(true);
    const signal = (await h.app.signals.store.signals.list())[0]!;
    for (const [team, tenant] of [['19:other-team@thread.tacv2', TENANT], [TEAM, 'other-tenant']]) {
      const res = await h.post(claimInvoke(signal.id, `${CHANNEL};messageid=5`, team, tenant));
      const body = (await res.json()) as { type: string; value: unknown };
      expect(body.type).toBe('application/vnd.microsoft.activity.message');
      expect(JSON.stringify(body)).not.toContain(PERSON);
    }
    expect((await h.app.signals.store.signals.get(signal.id))?.status).toBe('new');
    expect(h.logs.codes().filter((c) => c === 'NOT_A_MEMBER')).toHaveLength(2);
  });

  test('When Teams answers 429 with Retry-After, then the bot waits and delivers once', async () => {
    await link();
    h.connector.failNext(1, 429, { 'Retry-After': '1' });
    const started = Date.now();
    await h.app.signals.report.submit(draft, { submissionKey: 'k-3' });
    await h.connector.waitFor(() => h.connector.created().length === 1, 10_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(h.connector.calls.filter((c) => c.failedWith === 429)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.connector.created()).toHaveLength(1);
    // The worker saw the 429 itself (botbuilder's connector did not retry out of its sight).
    const [sent] = (await h.app.signals.store.outbox.list('sent')).filter((m) => m.kind === 'signal.new');
    expect(sent).toMatchObject({ attempts: 2, lastError: 'HTTP_429' });
  });

  test('When Teams answers 503 to a card update, then the worker sees it at once (no hidden retry) and tries again itself', async () => {
    await link();
    await h.app.signals.report.submit(draft, { submissionKey: 'k-503', reporterChatKey: undefined });
    await h.connector.waitFor(() => h.connector.created().length === 1, 10_000);
    const signal = (await h.app.signals.store.signals.list())[0]!;
    // The thread is known once the worker has marked the new-signal message sent.
    for (let i = 0; i < 200 && (await h.app.signals.store.outbox.cardPosts(signal.id)).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    const conversationId = String((await h.app.signals.store.outbox.cardPosts(signal.id))[0]?.conversationId);
    const callsBefore = h.connector.calls.length;
    h.connector.failNext(1, 503);
    expect((await h.post(claimInvoke(signal.id, conversationId))).status).toBe(200);
    await h.connector.waitFor(() => h.connector.calls.some((c) => c.method === 'PUT' && c.failedWith === undefined), 15_000);
    // One failed PUT (no hidden retries inside botbuilder), then the worker's own retry.
    expect(h.connector.calls.slice(callsBefore).filter((c) => c.failedWith === 503)).toHaveLength(1);
    const update = async () => (await h.app.signals.store.outbox.list()).find((m) => m.kind === 'signal.cardUpdate');
    // The worker's retry waits a random backoff (up to 2 s for the first), then marks it sent.
    for (let i = 0; i < 200 && (await update())?.status !== 'sent'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await update()).toMatchObject({ status: 'sent', attempts: 2, lastError: 'HTTP_503' });
  });

  test('When the bot restarts in the middle of delivery, then it resumes and sends nothing twice', async () => {
    await link();
    h.connector.failNext(2, 503);
    await h.app.signals.report.submit(draft, { submissionKey: 'k-4' });
    await h.app.signals.report.submit({ ...draft, postcode: '4382 CD' }, { submissionKey: 'k-5' });
    await h.connector.waitFor(() => h.connector.calls.filter((c) => c.failedWith === 503).length === 2);
    await h.restart();
    await h.connector.waitFor(() => h.connector.created().length === 2, 15_000);
    await h.app.signals.worker.runOnce();
    await new Promise((r) => setTimeout(r, 300));
    const references = h.connector.created().map((c) => /SIG-\d{4}-\d{6}/.exec(JSON.stringify(c.body))?.[0]);
    expect(new Set(references).size).toBe(2);
    expect(h.connector.created()).toHaveLength(2);
  });

  test('When Teams answers 403 (bot removed), then the link is broken, the operator is told, and a new link delivers it', async () => {
    await link();
    h.connector.failNext(1, 403, {}, { error: { code: 'MessageWritesBlocked' } });
    await h.app.signals.report.submit(draft, { submissionKey: 'k-6' });
    await h.connector.waitFor(() => h.logs.codes().includes('LINK_BROKEN'));
    // LINK_BROKEN is logged before the message is marked; a pass after the one in flight sees the mark.
    await h.app.signals.worker.runOnce();
    const teamsUndeliverable = async () => (await h.app.signals.store.outbox.list('undeliverable')).filter((m) => m.target.kind === 'teams');
    expect(await teamsUndeliverable()).toHaveLength(1);
    await link();
    await h.connector.waitFor(() => h.connector.created().length === 1);
    expect(await teamsUndeliverable()).toHaveLength(0);
  });

  test('When a personal chat tries to link, or the code is wrong, then it is refused politely', async () => {
    const { code } = await h.app.signals.links.issueCode('GM0718', 'link');
    await h.post(teamsMessage('a:personal-link', { text: `koppel GM0718 ${code}` }));
    // In a personal chat this is not a channel command: the professional's menu answers instead.
    expect(h.logs.codes()).not.toContain('LINKED');
    await h.post(channelActivity({ type: 'message', id: 'link-x', text: '<at>Signaalbot</at> koppel GM0718 WXYZ-2345' }));
    expect(String(h.connector.sent(`${CHANNEL};messageid=1700`).at(-1)?.text)).toContain('klopt niet');
  });
});
