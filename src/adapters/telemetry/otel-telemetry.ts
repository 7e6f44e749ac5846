import { type Attributes as OtelAttributes, type Counter, type Histogram, type Meter, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { type MetricReader, MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { AttributeKey, Attributes, CounterName, GaugeName, HistogramName, SpanName, Telemetry } from '../../ports/telemetry';

const KEYS = new Set<AttributeKey>([
  'channel',
  'activity.type',
  'http.status_code',
  'outbox.kind',
  'outbox.target',
  'outbox.result',
  'outbox.code',
  'outbox.attempt',
  'circles.due',
  'circles.queued',
  'outcome',
]);
/** A code: letters, digits and . _ - only, short. Anything else is exported as "other". */
const CODE = /^[A-Za-z][A-Za-z0-9_.-]{0,47}$/;

/** Only known keys, and values that look like codes: a second fence behind the port's types. */
export function safeAttributes(attributes: Attributes = {}): OtelAttributes {
  const out: OtelAttributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (!KEYS.has(key as AttributeKey) || value === undefined) continue;
    if (typeof value === 'number') out[key] = Number.isFinite(value) ? value : 0;
    else if (typeof value === 'boolean') out[key] = value;
    else out[key] = CODE.test(value) ? value : 'other';
  }
  return out;
}

function errorType(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : undefined;
  if (typeof code === 'string' && CODE.test(code)) return code;
  return err instanceof Error && CODE.test(err.name) ? err.name : 'Error';
}

/** Telemetry over an OpenTelemetry tracer and meter. Exceptions are never recorded (their messages may quote content). */
export class OtelTelemetry implements Telemetry {
  private readonly counters = new Map<CounterName, Counter>();
  private readonly histograms = new Map<HistogramName, Histogram>();

  constructor(
    private readonly tracer: Tracer,
    private readonly meter: Meter,
    private readonly providers: { flush(): Promise<void>; shutdown(): Promise<void> },
  ) {}

  async span<T>(name: SpanName, attributes: Attributes, fn: (span: { set(a: Attributes): void }) => Promise<T>): Promise<T> {
    const span = this.tracer.startSpan(name, { kind: name === 'bot.turn' ? SpanKind.SERVER : SpanKind.INTERNAL, attributes: safeAttributes(attributes) });
    try {
      const result = await fn({ set: (more) => span.setAttributes(safeAttributes(more)) });
      span.setStatus({ code: SpanStatusCode.OK });
      return result;
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.setAttribute('error.type', errorType(err));
      throw err;
    } finally {
      span.end();
    }
  }

  count(name: CounterName, attributes?: Attributes, value = 1): void {
    let counter = this.counters.get(name);
    if (!counter) this.counters.set(name, (counter = this.meter.createCounter(name)));
    counter.add(value, safeAttributes(attributes));
  }

  record(name: HistogramName, value: number, attributes?: Attributes): void {
    let histogram = this.histograms.get(name);
    if (!histogram) this.histograms.set(name, (histogram = this.meter.createHistogram(name, { unit: 'ms' })));
    histogram.record(Math.max(0, value), safeAttributes(attributes));
  }

  observe(name: GaugeName, read: () => Promise<number | undefined>): void {
    const gauge = this.meter.createObservableGauge(name, name === 'signaalbot.outbox.oldest_due_age' ? { unit: 'ms' } : {});
    gauge.addCallback(async (result) => {
      const value = await read().catch(() => undefined);
      if (value !== undefined) result.observe(value);
    });
  }

  flush(): Promise<void> {
    return this.providers.flush();
  }

  shutdown(): Promise<void> {
    return this.providers.shutdown();
  }
}

export interface OtelPipeline {
  spanExporter: SpanExporter;
  /** A reader with its exporter (for example a PeriodicExportingMetricReader). */
  metricReader: MetricReader;
  /** Batch spans (production) or send each at once (tests). */
  batch: boolean;
}

/** Providers of our own: nothing is registered globally and nothing is instrumented automatically. */
export function createOtelTelemetry(pipeline: OtelPipeline): OtelTelemetry {
  const resource = resourceFromAttributes({ 'service.name': 'signaalbot' });
  const spanProcessor = pipeline.batch ? new BatchSpanProcessor(pipeline.spanExporter) : new SimpleSpanProcessor(pipeline.spanExporter);
  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  const meterProvider = new MeterProvider({ resource, readers: [pipeline.metricReader] });
  return new OtelTelemetry(tracerProvider.getTracer('signaalbot'), meterProvider.getMeter('signaalbot'), {
    flush: async () => {
      await tracerProvider.forceFlush();
      await meterProvider.forceFlush();
    },
    shutdown: async () => {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  });
}

/** Metrics are exported once a minute. */
export function periodicReader(exporter: PushMetricExporter, intervalMs = 60_000): MetricReader {
  return new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: intervalMs });
}
