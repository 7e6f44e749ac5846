/** Thrown by `KeyedQueue.run` when a key already has `limit` tasks waiting or running. */
export class QueueFullError extends Error {
  readonly code = 'QUEUE_FULL';
  constructor() {
    super('too many tasks queued for this key');
    this.name = 'QueueFullError';
  }
}

/** The result of a task that ran longer than the queue's `timeoutMs` (the queue has moved on). */
export class TaskTimeoutError extends Error {
  readonly code = 'TASK_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`task took longer than ${timeoutMs} ms`);
    this.name = 'TaskTimeoutError';
  }
}

export interface KeyedQueueOptions {
  /** Most tasks waiting or running per key; one more is refused with QueueFullError. Default: no limit. */
  limit?: number;
  /**
   * Longest a task may hold its key. After that its result rejects with TaskTimeoutError and the
   * next task of the key starts (the late task itself cannot be stopped; it finishes on its own).
   * Default: no limit.
   */
  timeoutMs?: number;
}

/**
 * Runs tasks one at a time per key, in arrival order. Teams can deliver two activities for the
 * same conversation at the same moment (install and "bot added"); without this both turns read
 * the same state and the last save wins. The signal store uses it the same way per signal.
 * With a limit and a timeout (the bot's turns, issue 11) one busy or hung conversation can
 * neither pile up memory nor block itself forever.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly pending = new Map<string, number>();

  constructor(private readonly options: KeyedQueueOptions = {}) {}

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const count = this.pending.get(key) ?? 0;
    if (this.options.limit !== undefined && count >= this.options.limit) return Promise.reject(new QueueFullError());
    this.pending.set(key, count + 1);
    const previous = this.tails.get(key) ?? Promise.resolve();
    const timed = () => this.withTimeout(task);
    const result = previous.then(timed, timed);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      const left = (this.pending.get(key) ?? 1) - 1;
      if (left > 0) this.pending.set(key, left);
      else this.pending.delete(key);
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  private withTimeout<T>(task: () => Promise<T>): Promise<T> {
    const timeoutMs = this.options.timeoutMs;
    if (timeoutMs === undefined) return task();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new TaskTimeoutError(timeoutMs)), timeoutMs);
    });
    return Promise.race([task(), timeout]).finally(() => clearTimeout(timer));
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
