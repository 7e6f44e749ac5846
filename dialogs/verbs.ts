/**
 * One handler per card verb, keyed by the verb. The action types come from the verbs' zod schemas
 * (cards/actions.ts, cards/circles/circle-actions.ts), so a feature's map must name every verb it claims,
 * and a handler receives exactly the payload its schema checked.
 */
export type VerbHandlers<A extends { verb: string }, Args extends unknown[], R> = {
  readonly [V in A['verb']]: (action: Extract<A, { verb: V }>, ...args: Args) => R;
};

/** Runs the handler of the action's verb. */
export function dispatch<A extends { verb: string }, Args extends unknown[], R>(handlers: VerbHandlers<A, Args, R>, action: A, ...args: Args): R {
  // TypeScript cannot tie the looked-up handler to this action's verb; the mapped type above does.
  const handler = handlers[action.verb as A['verb']] as (action: A, ...args: Args) => R;
  return handler(action, ...args);
}

/** True when the map has a handler for this action's verb. */
export function handles<K extends string, A extends { verb: string }>(handlers: Readonly<Record<K, unknown>>, action: A): action is Extract<A, { verb: K }> {
  return Object.prototype.hasOwnProperty.call(handlers, action.verb);
}
