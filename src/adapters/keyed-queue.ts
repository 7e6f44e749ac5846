/**
 * Runs tasks one at a time per key, in arrival order. Teams can deliver two activities for the
 * same conversation at the same moment (install and "bot added"); without this both turns read
 * the same state and the last save wins. The signal store uses it the same way per signal.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves when every task queued so far has settled (never rejects). */
  async idle(): Promise<void> {
    await Promise.all([...this.tails.values()]);
  }

  /** Keys with work queued or running (for tests and shutdown). */
  get size(): number {
    return this.tails.size;
  }
}
