export type SignalStoreErrorCode = 'SIGNAL_EXISTS' | 'SIGNAL_NOT_FOUND' | 'OUTBOX_MESSAGE_NOT_FOUND' | 'SIGNAL_UNREADABLE' | 'SIGNAL_ID_INVALID';

/** A programming or data error in the signal store. Messages carry ids only. */
export class SignalStoreError extends Error {
  override readonly name = 'SignalStoreError';

  constructor(
    readonly code: SignalStoreErrorCode,
    readonly id: string,
    message: string,
  ) {
    super(message);
  }
}
