import pino from 'pino';
import type { Logger } from '../../ports/logger';

/**
 * pino behind the Logger port. `destination` lets tests capture every line (the privacy test
 * greps a full run's logs for the synthetic personal data).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'signaalbot' },
      // Belt and braces: even if a field with one of these names slips in, its value is not written.
      redact: { paths: ['text', 'name', 'phone', 'email', 'address', '*.text', '*.name'], censor: '[redacted]' },
    },
    destination,
  ) as unknown as Logger;
}
