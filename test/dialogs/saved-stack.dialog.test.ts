import type { DialogTestClient } from 'botbuilder-testing';
import { type CircleWorld, openCircleWorld } from '../helpers/circle-fixtures';
import { circleChat, submit } from '../helpers/circle-chat';
import { rootClient, turn } from '../helpers/dialog-client';

/**
 * The dialog stack is saved with the conversation, by dialog id: a release that renames a dialog
 * strands everyone who is half-way through it (their next message finds no dialog of that id). The
 * report and the call-circle dialogs share one ask/handle loop (`dialogs/questions/ask-loop.ts`);
 * these ids are what stacks saved by earlier releases hold, so they stay.
 */
function savedIds(client: DialogTestClient): string[] {
  const ids: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.id === 'string' && 'state' in record) ids.push(record.id);
      Object.values(record).forEach(walk);
    }
  };
  walk(client.dialogContext.stack);
  return ids;
}

describe('saved dialog stacks', () => {
  let world: CircleWorld;
  beforeAll(async () => {
    world = await openCircleWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  test('When a report waits for its first answer, then the saved stack names report, report.loop and report.question', async () => {
    const { client } = rootClient('msteams', 'nl-NL');
    await turn(client, 'hallo');
    await turn(client, submit({ verb: 'menu', choice: 'report' }));
    expect(savedIds(client)).toEqual(expect.arrayContaining(['report', 'report.loop', 'report.question']));
  });

  test('When a new call circle waits for its name, then the saved stack names circle.loop and circle.question', async () => {
    const { client } = circleChat(world, 'msteams', 'nl-NL', 'chat-coordinator-stack');
    await turn(client, 'hallo');
    await turn(client, submit({ verb: 'menu', choice: 'circle' }));
    await turn(client, submit({ verb: 'circle.create' }));
    expect(savedIds(client)).toEqual(expect.arrayContaining(['circle.loop', 'circle.question']));
  });
});
