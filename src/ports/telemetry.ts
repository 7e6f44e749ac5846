/**
 * Traces and metrics (issue 16). Names and attribute keys are closed sets, and attribute values
 * are codes: channel and activity kinds, outbox kinds and results, status and error codes. Never a
 * name, a phone number, a postcode or free text; the adapter checks values again before export.
 */
export type SpanName = 'bot.turn' | 'outbox.deliver' | 'circles.tick' | 'signals.maintenance';

export type CounterName = 'signaalbot.outbox.deliveries' | 'signaalbot.outbox.throttled' | 'signaalbot.maintenance.runs';

/** Durations in milliseconds. */
export type HistogramName = 'signaalbot.turn.duration' | 'signaalbot.outbox.delivery_latency' | 'signaalbot.circles.tick_duration';

/** Read when metrics are exported. */
export type GaugeName = 'signaalbot.outbox.pending' | 'signaalbot.outbox.undeliverable' | 'signaalbot.outbox.oldest_due_age';

export type AttributeKey =
  | 'channel'
  | 'activity.type'
  | 'http.status_code'
  | 'outbox.kind'
  | 'outbox.target'
  | 'outbox.result'
  | 'outbox.code'
  | 'outbox.attempt'
  | 'circles.due'
  | 'circles.queued'
  | 'outcome';

export type Attributes = Partial<Record<AttributeKey, string | number | boolean>>;

export interface SpanScope {
  /** Adds attributes to the span (for example the outcome, once known). */
  set(attributes: Attributes): void;
}

export interface Telemetry {
  /** Runs `fn` in a span; a throw marks the span failed with the error's code or class name only. */
  span<T>(name: SpanName, attributes: Attributes, fn: (span: SpanScope) => Promise<T>): Promise<T>;
  count(name: CounterName, attributes?: Attributes, value?: number): void;
  record(name: HistogramName, value: number, attributes?: Attributes): void;
  /** A gauge read at each export; `read` resolving undefined skips that export. */
  observe(name: GaugeName, read: () => Promise<number | undefined>): void;
  /** Sends what is buffered (tests, shutdown). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Telemetry off (the default): nothing is measured or sent. */
export const noopTelemetry: Telemetry = {
  span: (_name, _attributes, fn) => fn({ set: () => undefined }),
  count: () => undefined,
  record: () => undefined,
  observe: () => undefined,
  flush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};
