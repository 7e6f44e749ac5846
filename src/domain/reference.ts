/**
 * The reference people see and type back: "SIG-2026-000123" (year of reporting, then a sequence
 * per year). Six digits at least; a seventh appears after 999999 signals in a year rather than
 * refusing a signal.
 */

export interface ParsedReference {
  /** Canonical form, upper case with hyphens: "SIG-2026-000123". */
  reference: string;
  year: number;
  sequence: number;
}

const MAX_SEQUENCE = 999_999_999;

/** formatReference(2026, 123) -> "SIG-2026-000123". Throws a RangeError on a year or sequence out of range. */
export function formatReference(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`Reference year out of range: ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) {
    throw new RangeError(`Reference sequence out of range: ${sequence}`);
  }
  return `SIG-${year}-${String(sequence).padStart(6, '0')}`;
}

// People type "sig-2026-000123", "SIG 2026 000123" or get an en dash from autocorrect.
// Not preceded or followed by a letter or digit, so "XSIG-..." or a longer number does not match.
const SEPARATOR = '[-\u2010\u2011\u2012\u2013\u2014\u2212 ]?';
const REFERENCE = new RegExp(`(?<![A-Za-z0-9])SIG${SEPARATOR}(\\d{4})${SEPARATOR}(\\d{6,9})(?![A-Za-z0-9])`, 'gi');

/** Finds the first valid reference in a text such as "status SIG-2026-000123"; undefined when there is none. */
export function parseReference(text: string): ParsedReference | undefined {
  for (const match of text.matchAll(REFERENCE)) {
    const year = Number(match[1]);
    const sequence = Number(match[2]);
    if (year >= 2000 && sequence >= 1) return { reference: formatReference(year, sequence), year, sequence };
  }
  return undefined;
}
