import { type Activity, ActivityTypes, ConversationState, type Storage, type StoreItems, TestAdapter, UserState } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { SignaalBot } from '../../src/adapters/botframework/signaal-bot';
import { sendUrgent } from '../../dialogs/turn-context';
import { EncryptedStorage } from '../../src/adapters/persistence/encrypted-storage';
import { memoryLogger, nl, translations } from '../helpers/dialog-client';
import { describeEngines } from './engines';

/** A root dialog that counts the conversation's turns in conversation state and says the count. */
class CountingDialog extends Dialog {
  constructor(private readonly state: ConversationState) {
    super('counting');
  }
  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const counter = await this.state.createProperty<{ n: number }>('counter').get(dc.context, { n: 0 });
    counter.n += 1;
    await dc.context.sendActivity(`beurt ${counter.n}: ${dc.context.activity.text}`);
    return dc.endDialog();
  }
}

/** Holds chosen writes until the test lets them go: the interleaving of two instances, made exact. */
class GatedStorage implements Storage {
  private gates: Array<{ arrived: () => void; release: Promise<void> }> = [];
  constructor(private readonly inner: Storage) {}
  /** The next write waits; returns when it has arrived and a function that lets it go. */
  holdNextWrite(): { arrived: Promise<void>; release: () => void } {
    let arrived!: () => void;
    let release!: () => void;
    const arrivedP = new Promise<void>((r) => (arrived = r));
    this.gates.push({ arrived, release: new Promise<void>((r) => (release = r)) });
    return { arrived: arrivedP, release };
  }
  read(keys: string[]): Promise<StoreItems> {
    return this.inner.read(keys);
  }
  async write(changes: StoreItems): Promise<void> {
    const gate = this.gates.shift();
    if (gate) {
      gate.arrived();
      await gate.release;
    }
    return this.inner.write(changes);
  }
  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

/** Answers with the help numbers (urgent: sent at once, never held back), then the count. */
class UrgentDialog extends CountingDialog {
  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await sendUrgent(dc.context, () => dc.context.sendActivity('Bel 112'));
    return super.beginDialog(dc);
  }
}

const conversation = { id: 'conv-conflict-1', conversationType: 'personal' };

/** One bot instance: its own adapter, bot and state objects, on the given (shared) storage. */
function instance(storage: Storage, logger = memoryLogger(), urgent = false) {
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const bot = new SignaalBot({
    conversationState,
    userState,
    stateStorage: storage,
    rootDialog: urgent ? new UrgentDialog(conversationState) : new CountingDialog(conversationState),
    translations,
    defaultLocale: 'nl',
    logger,
  });
  const adapter = new TestAdapter();
  // What reached the channel (the adapter's queue), not what the bot tried to send.
  const replies = () => adapter.activeQueue.filter((a) => a.type === ActivityTypes.Message).map((a) => a.text ?? '');
  const say = (text: string) =>
    adapter.processActivity({ type: ActivityTypes.Message, text, locale: 'nl-NL', conversation, from: { id: 'user-synthetic-1', name: 'Test' } } as Partial<Activity>, (context) => bot.run(context));
  return { say, replies, logger };
}

describeEngines('Turns of one conversation at two instances', (engine) => {
  async function twoInstances(urgent = false) {
    const first = await engine().open();
    const second = engine().openSecond ? await engine().openSecond!() : first;
    const gated = new GatedStorage(new EncryptedStorage(first.storage, engine().cipher));
    const a = instance(gated, memoryLogger(), urgent);
    const b = instance(new EncryptedStorage(second.storage, engine().cipher));
    const counter = async () => {
      const read = new EncryptedStorage(second.storage, engine().cipher);
      const items = await read.read([`test/conversations/${conversation.id}/`]);
      return (items[`test/conversations/${conversation.id}/`] as { counter?: { n: number } } | undefined)?.counter?.n;
    };
    return { gated, a, b, counter };
  }

  /** A's turn saves while B answers twice: its first run and its retry both meet a conflict. */
  async function conflictTwice(gated: GatedStorage, a: ReturnType<typeof instance>, b: ReturnType<typeof instance>): Promise<void> {
    const first = gated.holdNextWrite();
    const second = gated.holdNextWrite();
    const turnA = a.say('bericht-een');
    await first.arrived;
    await b.say('bericht-twee');
    first.release();
    await second.arrived;
    await b.say('bericht-drie');
    second.release();
    await turnA;
  }

  test('When another instance saves the conversation while a turn runs, then the turn runs again on fresh state and answers once', async () => {
    const { gated, a, b, counter } = await twoInstances();
    const held = gated.holdNextWrite();
    const turnA = a.say('bericht-een');
    await held.arrived;
    await b.say('bericht-twee');
    held.release();
    await turnA;

    expect(b.replies()).toEqual(['beurt 1: bericht-twee']);
    // The first run's answer ("beurt 1: bericht-een") was never sent: only the run on fresh state answers.
    expect(a.replies()).toEqual(['beurt 2: bericht-een']);
    expect(await counter()).toBe(2);
    expect(a.logger.lines.map((l) => l.code)).toContain('STATE_CONFLICT_RETRY');
  });

  test('When the retried turn meets a conflict again, then the user gets one polite answer in their language and the other turns stay', async () => {
    const { gated, a, b, counter } = await twoInstances();
    await conflictTwice(gated, a, b);

    expect(b.replies()).toEqual(['beurt 1: bericht-twee', 'beurt 2: bericht-drie']);
    expect(a.replies()).toEqual([nl.t('common:errors.stateConflict')]);
    expect(await counter()).toBe(2);
    const codes = a.logger.lines.map((l) => l.code);
    expect(codes).toEqual(expect.arrayContaining(['STATE_CONFLICT_RETRY', 'STATE_CONFLICT_GAVE_UP']));
    expect(JSON.stringify(a.logger.lines)).not.toMatch(/bericht-/);
  });

  test('When a turn that shows the help numbers meets a conflict twice, then the numbers still reach the user, once', async () => {
    const { gated, a, b } = await twoInstances(true);
    await conflictTwice(gated, a, b);

    // The numbers went out at once in the first run; the retry does not repeat them, and the
    // user is asked to send the message again.
    expect(a.replies()).toEqual(['Bel 112', nl.t('common:errors.stateConflict')]);
  });

  test('When turns of one conversation do not overlap, then each answers once and no write is refused', async () => {
    const { a, b, counter } = await twoInstances();
    await a.say('bericht-een');
    await b.say('bericht-twee');
    await a.say('bericht-drie');
    expect(a.replies()).toEqual(['beurt 1: bericht-een', 'beurt 3: bericht-drie']);
    expect(b.replies()).toEqual(['beurt 2: bericht-twee']);
    expect(await counter()).toBe(3);
    expect(a.logger.lines.map((l) => l.code)).not.toContain('STATE_CONFLICT_RETRY');
  });
});
