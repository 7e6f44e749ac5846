import type { PersonalDetails, Signal } from '../../domain/signal';
import type { Logger } from '../../ports/logger';
import type { Cipher } from '../../ports/signals';
import { copyOf } from './batched-file';
import { SignalStoreError } from './signal-store-error';

/**
 * A signal as stored: everything in the clear (for lists and figures) except `personal` and
 * `notes`, which are one AES-GCM sealed JSON blob that also names the signal's id, so a blob
 * copied onto another signal is refused when read.
 */
export type StoredSignal = Omit<Signal, 'personal' | 'notes'> & { sealed: string };

/** What is sealed: the personal part, with the signal's id so a blob copied onto another signal is refused. */
interface SealedPart {
  id: string;
  personal: PersonalDetails;
  notes: string[];
}

/** A signal as both engines store it: everything in the clear but `personal` and `notes`, which are sealed. */
export function sealSignal(cipher: Cipher, signal: Signal): StoredSignal {
  const { personal, notes, ...clear } = copyOf(signal);
  const part: SealedPart = { id: signal.id, personal, notes };
  return { ...clear, sealed: cipher.encrypt(JSON.stringify(part)) };
}

/** @throws CipherError DECRYPT_FAILED, or SignalStoreError SIGNAL_UNREADABLE for a moved blob; both logged with ids only. */
export function openSignal(cipher: Cipher, logger: Logger, stored: StoredSignal): Signal {
  const { sealed, ...clear } = stored;
  let part: SealedPart;
  try {
    part = JSON.parse(cipher.decrypt(sealed)) as SealedPart;
  } catch (err) {
    logger.error({ code: codeOf(err) ?? 'SIGNAL_UNREADABLE', signalId: stored.id }, 'signal personal details not readable');
    throw err;
  }
  if (part.id !== stored.id) {
    logger.error({ code: 'SIGNAL_UNREADABLE', signalId: stored.id }, 'sealed details belong to another signal');
    throw new SignalStoreError('SIGNAL_UNREADABLE', stored.id, `The sealed details of signal ${stored.id} belong to another signal.`);
  }
  return { ...copyOf(clear), personal: part.personal, notes: part.notes };
}

function codeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}
