import { ChatDirectory } from '../../src/adapters/botframework/chat-directory';
import { type Harness, teamsMessage } from './app-harness';
import { circleInput, member } from './circle-fixtures';

/**
 * The worlds the delivery tests build on the real app (test/helpers/app-harness.ts): a team channel
 * linked to a signaalpunt, and a call circle whose member joined from their own chat. Shared by
 * signal-delivery, circle-delivery-failures and outbox-kinds-failures, so they build them alike.
 */
export const TENANT = '00000000-0000-0000-0000-0000000000001';
export const TEAM = '19:team-synthetic@thread.tacv2';
export const CHANNEL = '19:general-synthetic@thread.tacv2';

/** The key the bot knows a Teams personal chat by. */
export const chatKeyOf = (conversationId: string): string => ChatDirectory.keyOf({ channelId: 'msteams', conversation: { id: conversationId } as never });

/** An activity from a member in the team channel (a thread of it). */
export function channelActivity(fields: Record<string, unknown>, team = TEAM, tenant = TENANT): Record<string, unknown> {
  return {
    channelId: 'msteams',
    from: { id: '29:member-synthetic', aadObjectId: '00000000-0000-0000-0000-00000000b001' },
    recipient: { id: '28:bot-synthetic', name: 'Signaalbot' },
    conversation: { id: `${CHANNEL};messageid=1700`, conversationType: 'channel', tenantId: tenant, isGroup: true },
    channelData: { team: { id: team }, channel: { id: CHANNEL }, tenant: { id: tenant } },
    ...fields,
  };
}

/** Links the team channel to a signaalpunt the way a team member does: a code, typed in the channel. */
export async function linkTeamChannel(h: Harness, signaalpuntId = 'GM0718', typed = signaalpuntId): Promise<void> {
  const { code } = await h.app.signals.links.issueCode(signaalpuntId, 'link');
  const res = await h.post(channelActivity({ type: 'message', id: 'link-1', text: `<at>Signaalbot</at> koppel ${typed} ${code}` }));
  expect(res.status).toBe(200);
  const reply = h.connector.sent(`${CHANNEL};messageid=1700`).at(-1);
  expect(String(reply?.text)).toContain('gekoppeld');
}

/** A circle with a coordinator and one member who joined from their own chat; returns the circle id. */
export async function circleWithMember(h: Harness, coordinatorConversation: string, memberConversation: string): Promise<string> {
  const say = async (conversationId: string, fields: Record<string, unknown>) => {
    const response = await h.post(teamsMessage(conversationId, fields));
    expect(response.status).toBe(200);
  };
  await say(coordinatorConversation, { text: 'hallo' });
  await say(coordinatorConversation, { value: { verb: 'menu', choice: 'circle' } }); // the bot now knows this chat
  await say(memberConversation, { text: 'hallo' });
  const coordinator = { chatKey: chatKeyOf(coordinatorConversation), name: 'Coördinator Test', locale: 'nl' as const };
  const created = await h.app.circles.circles.create(coordinator, circleInput(), [member(1), member(2)]);
  if (!created.ok) throw new Error(created.code);
  const view = await h.app.circles.circles.view(coordinator, created.value.circleId);
  if (!view.ok) throw new Error(view.code);
  const invite = await h.app.circles.circles.invite(coordinator, created.value.circleId, { role: 'member', memberId: view.value.members[0]!.memberId });
  if (!invite.ok) throw new Error(invite.code);
  await say(memberConversation, { text: `doe mee ${invite.value.code}` });
  return created.value.circleId;
}
