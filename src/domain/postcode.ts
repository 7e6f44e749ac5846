/**
 * Dutch postcodes and house numbers, as people type them.
 *
 * A postcode is 4 digits (1000-9999: PostNL never issues a leading 0) and, optionally, 2 letters.
 * The letter pairs SA, SD and SS are not issued (historical reasons), so they are refused.
 * Canonical forms: `pc4` = "1234", `pc6` = "1234AB" (compact, upper case, as the PDOK
 * Locatieserver and the CBS tables use it). Show a pc6 to people with `formatPc6` ("1234 AB").
 */

export type PostcodeResult = { ok: true; pc4: string; pc6?: string } | { ok: false; code: 'POSTCODE_INVALID' };

export interface HouseNumber {
  /** 1 to 99999. */
  number: number;
  /** House letter or addition, upper case: "A", "2", "BIS", "HS". */
  addition?: string;
}

export type HouseNumberResult =
  | ({ ok: true; /** Normalised text, as `formatHouseNumber` gives it: "12", "12A", "12-2". */ value: string } & HouseNumber)
  | { ok: false; code: 'HOUSE_NUMBER_INVALID' };

const NOT_ISSUED = new Set(['SA', 'SD', 'SS']);

// Only ASCII digits and letters: \d without the u flag does not match other scripts' digits.
// Spaces (also a non-breaking space from a copy-paste) around and between the parts are allowed.
const POSTCODE = /^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})?\s*$/;

/** Parses "1234 AB", "1234ab" or "1234" (pc4 only). Anything else is POSTCODE_INVALID. */
export function parsePostcode(input: string): PostcodeResult {
  if (input.length > 20) return { ok: false, code: 'POSTCODE_INVALID' };
  const match = POSTCODE.exec(input);
  if (!match) return { ok: false, code: 'POSTCODE_INVALID' };
  const pc4 = match[1]!;
  const letters = match[2]?.toUpperCase();
  if (letters === undefined) return { ok: true, pc4 };
  if (NOT_ISSUED.has(letters)) return { ok: false, code: 'POSTCODE_INVALID' };
  return { ok: true, pc4, pc6: pc4 + letters };
}

/** True for a canonical 4-digit postcode ("1000" to "9999"). */
export function isPc4(value: string): boolean {
  return /^[1-9][0-9]{3}$/.test(value);
}

/** True for a canonical compact pc6 ("1234AB", upper case, issued letters only). */
export function isPc6(value: string): boolean {
  return /^[1-9][0-9]{3}[A-Z]{2}$/.test(value) && !NOT_ISSUED.has(value.slice(4));
}

/** "1234AB" (or "1234 ab") -> "1234 AB". Returns the input unchanged when it is not a postcode. */
export function formatPc6(pc6: string): string {
  const parsed = parsePostcode(pc6);
  if (!parsed.ok || parsed.pc6 === undefined) return pc6;
  return `${parsed.pc6.slice(0, 4)} ${parsed.pc6.slice(4)}`;
}

// A number without leading zero, then an optional addition. A letter addition may follow directly
// ("12a", "12 bis"); a digit addition needs a separator ("12-2", "12 2"), or "123" would be ambiguous.
const HOUSE_NUMBER = /^\s*([1-9][0-9]{0,4})(?:\s*[-/]?\s*([A-Za-z][A-Za-z0-9]{0,3})|\s*[-/\s]\s*([0-9][A-Za-z0-9]{0,3}))?\s*$/;

/** Parses "12", "12a", "12 A", "12-2", "12 bis", "12-hs". Range 1-99999; additions up to 4 characters. */
export function parseHouseNumber(input: string): HouseNumberResult {
  if (input.length > 20) return { ok: false, code: 'HOUSE_NUMBER_INVALID' };
  const match = HOUSE_NUMBER.exec(input);
  if (!match) return { ok: false, code: 'HOUSE_NUMBER_INVALID' };
  const number = Number(match[1]);
  const addition = (match[2] ?? match[3])?.toUpperCase();
  const house: HouseNumber = addition === undefined ? { number } : { number, addition };
  return { ok: true, value: formatHouseNumber(house), ...house };
}

/** 12 -> "12"; 12 + "A" -> "12A"; 12 + "2" -> "12-2"; 12 + "BIS" -> "12-BIS". */
export function formatHouseNumber(house: HouseNumber): string {
  if (house.addition === undefined) return String(house.number);
  const glue = /^[A-Z]$/.test(house.addition) ? '' : '-';
  return `${house.number}${glue}${house.addition}`;
}
