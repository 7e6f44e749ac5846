import { type Activity, ActivityTypes, type BotState, calculateChangeHash, type ResourceResponse, type Storage, type StoreItems, type TurnContext } from 'botbuilder';
import { URGENT_REPLY_KEY } from '../../../dialogs/turn-context';

/**
 * The eTag a state item that did not exist when the turn read it is written with. No store ever
 * gives it, so the write succeeds while the item is still missing and is refused (eTag conflict)
 * when another instance created it meanwhile: MemoryStorage, LowdbStorage and PgStorage all treat
 * an unknown eTag on a missing key as "insert".
 */
export const ABSENT_ETAG = 'absent';

/** Whether an error is a store's refusal of a stale eTag (LowdbStorage and PgStorage: STORAGE_ETAG_CONFLICT). */
export function isETagConflict(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'STORAGE_ETAG_CONFLICT';
}

/**
 * Loads and saves a turn's bot states so that a concurrent turn elsewhere is noticed.
 *
 * botbuilder 4.23's `BotState.saveChanges` sets `eTag = '*'` before every write: the last writer
 * wins, and of two instances running turns of one conversation, the first turn's state change
 * is silently lost. This keeps the eTag each state was read with, writes all changed states in
 * one `Storage.write` (all keys or none), and so lets the store refuse a stale write.
 */
export class TurnStates {
  private readonly loadedHash = new Map<BotState, string>();

  constructor(
    private readonly storage: Storage,
    private readonly states: BotState[],
  ) {}

  /** Reads every state (again, when `fresh`) and remembers what it looked like. */
  async load(context: TurnContext, fresh = false): Promise<void> {
    for (const state of this.states) {
      const loaded = (await state.load(context, fresh)) as Record<string, unknown>;
      this.loadedHash.set(state, calculateChangeHash(loaded));
    }
  }

  /**
   * Writes the states that changed since `load`, with the eTags they were read with.
   * @throws the store's ETagConflictError (code STORAGE_ETAG_CONFLICT) when another turn saved one of them first
   */
  async save(context: TurnContext): Promise<void> {
    const changes: StoreItems = {};
    for (const state of this.states) {
      const current = state.get(context) as Record<string, unknown> | undefined;
      const hash = this.loadedHash.get(state);
      if (current === undefined || hash === undefined || calculateChangeHash(current) === hash) continue;
      const key = (state as unknown as { getStorageKey(c: TurnContext): string | undefined }).getStorageKey(context);
      if (!key) continue;
      changes[key] = { ...current, eTag: typeof current.eTag === 'string' ? current.eTag : ABSENT_ETAG };
    }
    if (Object.keys(changes).length > 0) await this.storage.write(changes);
  }
}

/**
 * Holds a turn's replies until its state is saved, so a turn that runs again on fresh state
 * answers once. Invoke responses go out at once (the HTTP answer of a card button needs them).
 */
export class HeldReplies {
  private held: Array<Partial<Activity>> = [];
  private holding = true;
  /** What urgent replies this turn already sent, so a retried run does not send them again. */
  private readonly urgentSent = new Set<string>();

  constructor(private readonly context: TurnContext) {
    context.onSendActivities(async (ctx, activities, next) => {
      if (!this.holding || activities.every((a) => a.type === ActivityTypes.InvokeResponse)) return next();
      if (ctx.turnState.get(URGENT_REPLY_KEY) === true) {
        // The help numbers go out at once: never held back, never lost to a conflict.
        const fresh = activities.filter((a) => !this.urgentSent.has(fingerprint(a)));
        if (fresh.length === 0) return activities.map(() => ({ id: '' }));
        for (const a of fresh) this.urgentSent.add(fingerprint(a));
        // next() sends this very array: leave only what this turn has not sent yet.
        activities.splice(0, activities.length, ...fresh);
        return next();
      }
      const passed = activities.filter((a) => a.type === ActivityTypes.InvokeResponse);
      this.held.push(...activities.filter((a) => a.type !== ActivityTypes.InvokeResponse));
      const responses: ResourceResponse[] = activities.map(() => ({ id: '' }));
      if (passed.length > 0) await this.context.sendActivities(passed);
      return responses;
    });
  }

  /** Forgets the replies held so far (the run they came from is not the one that counts). */
  discard(): void {
    this.held = [];
  }

  /** Sends what was held, in order, and stops holding. */
  async release(): Promise<void> {
    this.holding = false;
    const held = this.held;
    this.held = [];
    if (held.length > 0) await this.context.sendActivities(held);
  }
}

/** What an activity shows (type, text, cards, buttons): two runs of one turn send the same. */
function fingerprint(activity: Partial<Activity>): string {
  return JSON.stringify([activity.type, activity.text, activity.attachments, activity.suggestedActions]);
}
