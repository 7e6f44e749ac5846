import type { Storage, StoreItems } from 'botbuilder';
import type { Cipher } from '../../ports/signals';

interface SealedItem {
  sealed: string;
  eTag?: string;
}

/**
 * Encrypts bot state at rest. A report in progress keeps the person's name, contact and the
 * reporter's note in dialog state until it is confirmed; with this, bot-state.json holds only
 * ciphertext. The eTag stays outside the seal so botbuilder's concurrency checks work unchanged.
 */
export class EncryptedStorage implements Storage {
  constructor(
    private readonly inner: Storage,
    private readonly cipher: Cipher,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    const sealed = await this.inner.read(keys);
    const out: StoreItems = {};
    for (const [key, value] of Object.entries(sealed)) {
      const item = value as SealedItem;
      if (typeof item?.sealed !== 'string') continue;
      out[key] = { ...(JSON.parse(this.cipher.decrypt(item.sealed)) as object), eTag: item.eTag };
    }
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    const sealed: StoreItems = {};
    for (const [key, value] of Object.entries(changes)) {
      const { eTag, ...rest } = (value ?? {}) as { eTag?: string };
      sealed[key] = { sealed: this.cipher.encrypt(JSON.stringify(rest)), eTag };
    }
    await this.inner.write(sealed);
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}
