import { MemoryStorage, type StoreItems, type TurnContext } from 'botbuilder';
import { ChatDirectory } from '../../src/adapters/botframework/chat-directory';
import { answer, play, type Step, submit } from '../helpers/circle-chat';
import { type CircleWorld, circleInput, member, openCircleWorld } from '../helpers/circle-fixtures';
import { nl, rootClient, turn } from '../helpers/dialog-client';

/**
 * The chat's conversation reference is sealed and written once a turn, however many parts of the
 * turn ask for the chat key (the root, the edit dialog, the circle it shows again): the real chat
 * directory, as src/main.ts wires it, behind the real dialogs.
 */
class CountingStorage extends MemoryStorage {
  chatWrites = 0;
  override async write(changes: StoreItems): Promise<void> {
    this.chatWrites += Object.keys(changes).filter((key) => key.startsWith('chat/')).length;
    await super.write(changes);
  }
}

let world: CircleWorld;
afterEach(async () => {
  await world.close();
});

test('When an edit turn asks for the chat key several times, then the reference is written once that turn', async () => {
  world = await openCircleWorld();
  const storage = new CountingStorage();
  const chats = new ChatDirectory(storage);
  let asked = 0;
  let chatKey = '';
  const rememberChat = async (context: TurnContext) => {
    asked += 1;
    chatKey = await chats.rememberTurn(context, 'nl');
    return chatKey;
  };
  const { client } = rootClient('msteams', 'nl-NL', undefined, { circles: world.circles, rememberChat, userName: 'Test Coördinator' });

  // The first turn learns this chat's key; the circle is made for that chat.
  await turn(client, 'status');
  expect(storage.chatWrites).toBe(1);
  const created = await world.circles.create({ chatKey, name: 'Kees', locale: 'nl' }, circleInput(), [member(1), member(2), member(3)]);
  if (!created.ok) throw new Error(`fixture circle not created: ${created.code}`);
  const { circleId } = created.value;
  const view = await world.circles.view({ chatKey }, circleId);
  if (!view.ok) throw new Error(view.code);
  const second = view.value.members.find((m) => m.firstName === 'Testlid02')?.memberId ?? '';

  const perTurn: Array<{ asked: number; written: number }> = [];
  const steps = [
    [submit({ verb: 'circle.edit', circleId, op: 'removeMember', memberId: second }), nl.t('circles:questions.confirmRemove.title', { name: 'Testlid02' })],
    [answer('confirmRemove', 'yes'), nl.t('circles:edit.done.removeMember', { name: 'Testlid02' })],
  ] satisfies Step[];
  for (const step of steps) {
    asked = 0;
    storage.chatWrites = 0;
    await play(client, [step]);
    perTurn.push({ asked, written: storage.chatWrites });
  }
  // The confirming turn asks twice: the edit itself, and the circle shown again after it.
  expect(perTurn).toEqual([
    { asked: 1, written: 1 },
    { asked: 2, written: 1 },
  ]);
});
