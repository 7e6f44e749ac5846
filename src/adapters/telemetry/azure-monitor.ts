import { AzureMonitorMetricExporter, AzureMonitorTraceExporter } from '@azure/monitor-opentelemetry-exporter';
import { createOtelTelemetry, type OtelTelemetry, periodicReader } from './otel-telemetry';

/**
 * Export to Azure Monitor (Application Insights). The composition root imports this module only
 * when a connection string is set, so a deployment without one never loads the exporter.
 */
export function startAzureMonitorTelemetry(connectionString: string): OtelTelemetry {
  statsbeatOff();
  return createOtelTelemetry({
    spanExporter: new AzureMonitorTraceExporter({ connectionString }),
    metricReader: periodicReader(new AzureMonitorMetricExporter({ connectionString })),
    batch: true,
  });
}

/**
 * The exporter's statsbeat and SDK stats: reports about the SDK itself, sent to Microsoft besides
 * our own telemetry. Off unless an operator turns them on: this service sends only what it chose
 * to (README, privacy), and their timers outlive `shutdown()` (one fired 25 minutes after a test
 * and crashed the jest process). The exporter reads only these environment variables.
 */
export const STATSBEAT_SWITCHES = ['APPLICATION_INSIGHTS_NO_STATSBEAT', 'APPLICATIONINSIGHTS_STATSBEAT_DISABLED', 'APPLICATIONINSIGHTS_SDKSTATS_DISABLED'] as const;

function statsbeatOff(): void {
  for (const name of STATSBEAT_SWITCHES) process.env[name] ??= 'true';
}
