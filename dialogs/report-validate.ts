import { REPORT_LIMITS } from '../src/application/report-draft';
import type { ProblemKey } from '../cards/signals/report-views';

/**
 * Checks on typed answers of the report dialog. The postcode is not checked here: only the use
 * case (`ReportSignalPort.checkPostcode`) knows which postcodes exist and where they go.
 */

export type Checked = { ok: true; value: string } | { ok: false; problem: ProblemKey; vars?: Record<string, number> };

/**
 * A phone number or e-mail address, returned compact (phone without spaces, dashes, dots or
 * brackets). Dutch numbers: 10 digits from 0 (06..., 010..., 0800...), or +31 / 0031 followed by
 * 9 digits; other countries: + and 8 to 15 digits.
 */
export function checkContact(text: string, max: number): Checked {
  const value = text.trim();
  if (value.length > max) return { ok: false, problem: 'tooLong', vars: { max } };
  if (value.includes('@')) {
    return EMAIL.test(value) ? { ok: true, value } : { ok: false, problem: 'contactInvalid' };
  }
  const compact = value.replace(/[\s\-.()/]/g, '').replace(/^00/, '+');
  const dutch = /^0[1-9]\d{8}$/.test(compact) || /^\+31[1-9]\d{8}$/.test(compact);
  const international = /^\+[1-9]\d{7,14}$/.test(compact) && !compact.startsWith('+31');
  return dutch || international ? { ok: true, value: compact } : { ok: false, problem: 'contactInvalid' };
}

/** One @, no spaces or brackets, a dot in the domain and a top level of 2+ letters. */
const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@(?:[^\s@<>()[\]\\,;:".]+\.)+[A-Za-z]{2,24}$/;

/**
 * The reporter's note, at most `REPORT_LIMITS.note` characters counted as the card's `maxLength`
 * and the use case's schema count them (UTF-16 code units), so what passes here passes there.
 */
export function checkNote(text: string, max: number = REPORT_LIMITS.note): Checked {
  const value = text.replace(/\r\n?/g, '\n').trim();
  if (value.length === 0) return { ok: false, problem: 'empty' };
  const over = value.length - max;
  return over > 0 ? { ok: false, problem: 'noteTooLong', vars: { over, max } } : { ok: true, value };
}

/** A name or organisation: one line, within the limit. */
export function checkLine(text: string, max: number): Checked {
  const value = text.replace(/\s+/g, ' ').trim();
  if (value.length === 0) return { ok: false, problem: 'empty' };
  return value.length > max ? { ok: false, problem: 'tooLong', vars: { max } } : { ok: true, value };
}

/**
 * "1234 AB 12", "1234AB, 12a": the full postcode and the house number, split (not judged: the
 * port says whether they exist). Undefined when the text has no postcode-shaped start.
 */
export function splitAddress(text: string): { postcode: string; houseNumber: string } | undefined {
  const match = /^\s*(\d{4}\s*[A-Za-z]{2})\s*,?\s*(\S.{0,11}?)\s*$/.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  return { postcode: match[1], houseNumber: match[2] };
}

/** True when only the 4 digits were typed (then a shared postcode needs the full postcode too). */
export const isFourDigits = (postcode: string): boolean => /^\s*\d{4}\s*$/.test(postcode);
