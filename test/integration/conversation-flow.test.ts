import { type Harness, startHarness, teamsMessage } from '../helpers/app-harness';

type Sent = Record<string, unknown> & { text?: string; attachments?: Array<{ contentType: string; content: unknown }> };

const cardOf = (a: Sent) => JSON.stringify(a.attachments?.[0]?.content ?? null);

/** Whole conversations against the real app, as Teams would drive them. */
describe('conversation flows', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  async function say(conversation: string, fields: Record<string, unknown>, locale = 'nl-NL'): Promise<Sent[]> {
    const before = h.connector.sent(conversation).length;
    const res = await h.post(teamsMessage(conversation, fields, locale));
    expect(res.status).toBe(200);
    return h.connector.sent(conversation).slice(before) as Sent[];
  }

  test('When the playground restarts with a new conversation id for the same user, then status still finds the earlier signal (issue 14)', async () => {
    const user = { from: { id: 'user-id-0', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-0000000000020' } };
    const before = 'conv-before-restart';
    const answer = (question: string, value?: string) => ({ ...user, value: { verb: 'answer', question, ...(value === undefined ? {} : { value }) } });
    await say(before, { ...user, text: 'hallo' });
    for (const step of [
      { ...user, value: { verb: 'menu', choice: 'report' } },
      answer('danger', 'no'),
      answer('about', 'other'),
      answer('informed', 'yes'),
      answer('consent', 'yes'),
      answer('ageGroup', 'adult'),
      answer('postcode', '4381 AB'),
      { ...user, value: { verb: 'signs.submit', social: 'fewContacts' } },
      answer('note', 'skip'),
      answer('relation', 'customer'),
      answer('personName', 'skip'),
      answer('personContact', 'skip'),
      answer('reporterName', 'skip'),
      answer('reporterOrganisation', 'skip'),
      answer('reporterSector', 'pharmacy'),
      answer('reporterContact', 'skip'),
      answer('wantsFeedback', 'no'),
    ]) {
      await say(before, step);
    }
    const done = await say(before, { ...user, value: { verb: 'report.confirm' } });
    const reference = /SIG-\d{4}-\d{6}/.exec(done.map((a) => a.text ?? '').join('\n'))?.[0];
    expect(reference).toBeDefined();

    await h.restart();
    const after = await say('conv-after-restart', { ...user, text: 'status' });
    expect(after.map((a) => a.text ?? '').join('\n')).toContain(reference!);
    // Someone else in a new chat does not see it.
    const other = await say('conv-other-user', { text: 'status' });
    expect(other.map((a) => a.text ?? '').join('\n')).not.toContain(reference!);
  });

  test('When a Dutch user says hello first, then a Dutch welcome and the menu card arrive', async () => {
    const replies = await say('a:flow-nl', { text: 'hallo' });
    expect(replies[0]?.text).toMatch(/Signaalbot/);
    expect(replies[0]?.text).toMatch(/eenzaam/);
    expect(replies[1]?.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardOf(replies[1]!)).toContain('Signalen herkennen');
  });

  test('When the client locale is English, then the welcome is in English', async () => {
    const replies = await say('a:flow-en', { text: 'hello' }, 'en-US');
    expect(replies[0]?.text).toMatch(/lonely/);
  });

  test('When the bot restarts in the middle of the starters dialog, then "Andere" still works and repeats nothing', async () => {
    const conv = 'a:flow-restart';
    await say(conv, { text: 'hallo' });
    await say(conv, { value: { verb: 'menu', choice: 'starters' } });
    const first = await say(conv, { value: { verb: 'starters.setting', setting: 'homeVisit' } });
    expect(first).toHaveLength(1);
    await h.restart();
    const second = await say(conv, { value: { verb: 'starters.more' } });
    expect(second).toHaveLength(1);
    expect(cardOf(second[0]!)).not.toEqual(cardOf(first[0]!));
    // The dialog was still waiting after the restart: no menu hint, a starters card again.
    expect(second[0]?.attachments).toHaveLength(1);
  });

  test('When a dialog waits and the user types "112", then the numbers show and the dialog can go on', async () => {
    const conv = 'a:flow-112';
    await say(conv, { text: 'hallo' });
    await say(conv, { value: { verb: 'menu', choice: 'signs' } });
    const help = await say(conv, { text: 'hij ligt op de grond en reageert niet' });
    expect(cardOf(help[0]!)).toContain('112');
    const resumed = await say(conv, { value: { verb: 'emergency.resume' } });
    expect(cardOf(resumed[0]!)).toContain('signs.submit');
  });

  test('When a forged card submit arrives mid-dialog, then a polite message and the dialog stays', async () => {
    const conv = 'a:flow-forged';
    await say(conv, { text: 'hallo' });
    await say(conv, { value: { verb: 'menu', choice: 'signs' } });
    const forged = await say(conv, { value: { verb: 'signs.submit', social: 'notASign', isAdmin: true } });
    expect(forged[0]?.text).toMatch(/formulier/);
    const ok = await say(conv, { value: { verb: 'signs.submit', social: 'fewContacts' } });
    expect(cardOf(ok[0]!)).toContain('starters.start');
    expect(h.logs.codes()).toContain('CARD_ACTION_INVALID');
  });
});
