import type { Signal } from '../../domain/signal';
import type { OutboxMessage } from '../../ports/outbox';
import type { SignalRepository } from '../../ports/signals';

/**
 * The signal an outbox message is about, or the code of why it cannot be had: PAYLOAD_INVALID,
 * SIGNAL_NOT_FOUND, or the store's code (DECRYPT_FAILED and the like). None of these is fixed by
 * retrying (a wrong key is fixed by an operator, then requeued), so callers refuse the message.
 */
export async function signalOfMessage(message: OutboxMessage, signals: Pick<SignalRepository, 'get'>): Promise<Signal | string> {
  const signalId = message.payload['signalId'];
  if (typeof signalId !== 'string') return 'PAYLOAD_INVALID';
  try {
    return (await signals.get(signalId)) ?? 'SIGNAL_NOT_FOUND';
  } catch (err) {
    return codeOf(err) ?? 'SIGNAL_UNREADABLE';
  }
}

function codeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}
