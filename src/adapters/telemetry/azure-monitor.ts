import { AzureMonitorMetricExporter, AzureMonitorTraceExporter } from '@azure/monitor-opentelemetry-exporter';
import { createOtelTelemetry, type OtelTelemetry, periodicReader } from './otel-telemetry';

/**
 * Export to Azure Monitor (Application Insights). The composition root imports this module only
 * when a connection string is set, so a deployment without one never loads the exporter.
 */
export function startAzureMonitorTelemetry(connectionString: string): OtelTelemetry {
  return createOtelTelemetry({
    spanExporter: new AzureMonitorTraceExporter({ connectionString }),
    metricReader: periodicReader(new AzureMonitorMetricExporter({ connectionString })),
    batch: true,
  });
}
