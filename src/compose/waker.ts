/**
 * The outbox worker delivers what the use cases queue, and the use cases wake it; the worker also
 * needs a use case (a broken link is marked through LinkChannel). A Waker breaks that circle: the
 * use cases take `wake` now, and the worker is bound to it once it exists. A wake before the bind
 * is dropped, as a wake before `worker.start()` is: the worker's first pass reads the whole outbox.
 */
export interface Waker {
  /** Asks the bound worker for a pass soon; safe to pass around as a plain function. */
  readonly wake: () => void;
  /** Binds the worker (once, while the app is composed). */
  bind(target: { wake(): void }): void;
}

export function createWaker(): Waker {
  let target: { wake(): void } | undefined;
  return {
    wake: () => target?.wake(),
    bind(next) {
      target = next;
    },
  };
}
