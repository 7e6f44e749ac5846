import type { Storage, StoreItems } from 'botbuilder';
import type { Clock } from '../../ports/clock';
import type { Cipher } from '../../ports/signals';

interface SealedItem {
  sealed: string;
  eTag?: string;
  /** When the item was last written (ISO); outside the seal so expiry needs no key. */
  touchedAt?: string;
}

/** A storage that can list its keys (LowdbStorage, PgStorage), so idle items can be found and erased. */
export interface ListableStorage extends Storage {
  keys(): string[] | Promise<string[]>;
}

const systemClock: Clock = { now: () => new Date() };

/** Items are bound to their key (AAD), so a sealed item moved to another key does not open; v1 items predate this. */
const aadOf = (sealed: string, key: string): string | undefined => (sealed.startsWith('v1:') ? undefined : `bot-state:${key}`);

/**
 * Encrypts bot state at rest. A report in progress keeps the person's name, contact and the
 * reporter's note in dialog state until it is confirmed; with this, bot-state.json holds only
 * ciphertext. The eTag stays outside the seal so botbuilder's concurrency checks work unchanged.
 * Each item records when it was last written, so state of conversations that went quiet can be
 * erased (`expireIdle`).
 */
export class EncryptedStorage implements Storage {
  /** Items written before `touchedAt` existed: when this process first saw them. */
  private readonly firstSeen = new Map<string, string>();

  constructor(
    private readonly inner: Storage,
    private readonly cipher: Cipher,
    private readonly clock: Clock = systemClock,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    const sealed = await this.inner.read(keys);
    const out: StoreItems = {};
    for (const [key, value] of Object.entries(sealed)) {
      const item = value as SealedItem;
      if (typeof item?.sealed !== 'string') continue;
      out[key] = { ...(JSON.parse(this.cipher.decrypt(item.sealed, aadOf(item.sealed, key))) as object), eTag: item.eTag };
    }
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    const sealed: StoreItems = {};
    const touchedAt = this.clock.now().toISOString();
    for (const [key, value] of Object.entries(changes)) {
      const { eTag, ...rest } = (value ?? {}) as { eTag?: string };
      sealed[key] = { sealed: this.cipher.encrypt(JSON.stringify(rest), `bot-state:${key}`), eTag, touchedAt } satisfies SealedItem;
    }
    await this.inner.write(sealed);
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }

  /**
   * Deletes every item not written since `before` (conversation and user state, remembered chats),
   * except those `keep` names. Nothing is decrypted. Returns how many went.
   */
  async expireIdle(before: Date, keep: (key: string) => boolean = () => false): Promise<number> {
    const inner = this.inner as Partial<ListableStorage>;
    if (typeof inner.keys !== 'function') return 0;
    const keys = await inner.keys.call(this.inner);
    const items = await this.inner.read(keys);
    const limit = before.toISOString();
    const now = this.clock.now().toISOString();
    const idle: string[] = [];
    for (const [key, value] of Object.entries(items)) {
      const item = value as SealedItem;
      let touchedAt = item?.touchedAt;
      if (!touchedAt) {
        touchedAt = this.firstSeen.get(key) ?? now;
        this.firstSeen.set(key, touchedAt);
      }
      if (touchedAt < limit && !keep(key)) idle.push(key);
    }
    if (idle.length > 0) await this.inner.delete(idle);
    for (const key of idle) this.firstSeen.delete(key);
    return idle.length;
  }
}
