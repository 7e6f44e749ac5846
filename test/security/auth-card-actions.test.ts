import type { ReportDraft } from '../../src/application/report-signal.types';
import { type Harness, startHarness } from '../helpers/app-harness';

/**
 * Issue 11, low (review L1): the card-action check was team id + tenant + a non-empty
 * aadObjectId. The probes: a personal-chat invoke carrying the linked team's channelData, a
 * random aadObjectId in the team, and an invoke from a shared channel.
 */
const TENANT = '00000000-0000-0000-0000-0000000000001';
const TEAM = '19:team-synthetic@thread.tacv2';
const CHANNEL = '19:general-synthetic@thread.tacv2';
const MEMBER = '00000000-0000-0000-0000-00000000b001';
const PERSON = 'Testpersoon Kaartactie';

const draft: ReportDraft = {
  about: 'other',
  informed: true,
  consent: true,
  postcode: '4381 AB',
  ageGroup: 'senior75',
  signs: ['fewContacts'],
  relation: 'customer',
  personName: PERSON,
  reporterSector: 'pharmacy',
  wantsFeedback: false,
};

function channelActivity(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    channelId: 'msteams',
    from: { id: '29:member-synthetic', aadObjectId: MEMBER },
    recipient: { id: '28:bot-synthetic', name: 'Signaalbot' },
    conversation: { id: `${CHANNEL};messageid=1700`, conversationType: 'channel', tenantId: TENANT, isGroup: true },
    channelData: { team: { id: TEAM }, channel: { id: CHANNEL }, tenant: { id: TENANT } },
    ...fields,
  };
}

function claim(signalId: string, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return channelActivity({
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `invoke-${Math.random()}`,
    value: { action: { type: 'Action.Execute', verb: 'signal.claim', data: { signalId } }, trigger: 'manual' },
    ...patch,
  });
}

describe('card actions need the linked team, in its channel, by a member', () => {
  let h: Harness;
  let signalId: string;
  beforeEach(async () => {
    h = await startHarness({ OUTBOX_POLL_MS: '50' });
    const { code } = await h.app.signals.links.issueCode('GM0718', 'link');
    await h.post(channelActivity({ type: 'message', id: 'link-1', text: `<at>Signaalbot</at> koppel GM0718 ${code}` }));
    expect(h.logs.codes()).toContain('ROSTER_REFRESHED');
    expect((await h.app.signals.report.submit(draft, { submissionKey: 'k-card' })).ok).toBe(true);
    signalId = (await h.app.signals.store.signals.list())[0]!.id;
  });
  afterEach(async () => {
    await h.close();
  });

  async function refused(activity: Record<string, unknown>): Promise<void> {
    const res = await h.post(activity);
    const body = (await res.json()) as { type: string };
    expect(body.type).toBe('application/vnd.microsoft.activity.message');
    expect(JSON.stringify(body)).not.toContain(PERSON);
    expect((await h.app.signals.store.signals.get(signalId))?.status).toBe('new');
  }

  test('When a personal-chat invoke carries the linked team channelData, then it is refused without the card', async () => {
    await refused(claim(signalId, { conversation: { id: 'a:personal-synthetic', conversationType: 'personal', tenantId: TENANT } }));
  });

  test('When the actor is not in the team roster, then it is refused without the card', async () => {
    await refused(claim(signalId, { from: { id: '29:stranger', aadObjectId: '00000000-0000-0000-0000-00000000dead' } }));
  });

  test('When the invoke comes from a shared channel (external members possible), then it is refused', async () => {
    await refused(
      claim(signalId, { channelData: { team: { id: TEAM }, channel: { id: CHANNEL, membershipType: 'shared' }, tenant: { id: TENANT } } }),
    );
  });

  test('When a roster member presses the button in the linked team channel, then the card comes back claimed', async () => {
    const res = await h.post(claim(signalId));
    const body = (await res.json()) as { type: string };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect((await h.app.signals.store.signals.get(signalId))?.status).toBe('claimed');
  });

  test('When a member left the team and the bot missed the event, then after the daily roster refresh their press is refused', async () => {
    h.connector.members = h.connector.members.filter((id) => id !== MEMBER);
    await h.app.rosters.refresh();
    await refused(claim(signalId));
  });
});
