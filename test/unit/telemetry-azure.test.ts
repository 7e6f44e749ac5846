import { STATSBEAT_SWITCHES, startAzureMonitorTelemetry } from '../../src/adapters/telemetry/azure-monitor';
import { loadConfig } from '../../src/config/config';

/** Synthetic: a made-up key and an endpoint nothing listens on (nothing leaves this machine). */
const CONNECTION = 'InstrumentationKey=00000000-0000-4000-8000-000000000016;IngestionEndpoint=http://127.0.0.1:9/';

describe('telemetry switch', () => {
  it('When APPLICATIONINSIGHTS_CONNECTION_STRING is unset, then telemetry is off; set, it is on; malformed, start-up is refused', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).telemetry).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'development', APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION }).telemetry).toEqual({ connectionString: CONNECTION });
    expect(() => loadConfig({ NODE_ENV: 'development', APPLICATIONINSIGHTS_CONNECTION_STRING: 'not-a-connection-string' })).toThrow(/APPLICATIONINSIGHTS_CONNECTION_STRING/);
  });

  it('When the Azure Monitor exporter is started, then it loads, takes a span and a metric, and shuts down', async () => {
    const telemetry = startAzureMonitorTelemetry(CONNECTION);
    await expect(telemetry.span('circles.tick', {}, () => Promise.resolve(7))).resolves.toBe(7);
    telemetry.count('signaalbot.maintenance.runs', { outcome: 'ok' });
    await telemetry.shutdown();
  }, 60_000);

  it('When the exporter starts, then its own usage reports to Microsoft (statsbeat, SDK stats) are off unless an operator set them', async () => {
    const saved = STATSBEAT_SWITCHES.map((name) => [name, process.env[name]] as const);
    for (const name of STATSBEAT_SWITCHES) delete process.env[name];
    process.env.APPLICATIONINSIGHTS_SDKSTATS_DISABLED = 'false';
    try {
      const telemetry = startAzureMonitorTelemetry(CONNECTION);
      await telemetry.shutdown();
      expect(process.env.APPLICATION_INSIGHTS_NO_STATSBEAT).toBe('true');
      expect(process.env.APPLICATIONINSIGHTS_STATSBEAT_DISABLED).toBe('true');
      // An operator's own setting stands.
      expect(process.env.APPLICATIONINSIGHTS_SDKSTATS_DISABLED).toBe('false');
    } finally {
      for (const [name, value] of saved) if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }, 60_000);
});
