import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L), as for link codes. */
export const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 12 characters: 31^12 ≈ 7.9 × 10^17 codes (the old 8 digits had 9 × 10^7). */
export const INVITE_LENGTH = 12;
/** A member's code lives a week (family members pass it on); a coordinator's code two days. */
export const MEMBER_INVITE_HOURS = 7 * 24;
export const COORDINATOR_INVITE_HOURS = 48;

/**
 * A new invite code, shown as "ABCD-EF2G-HJKM". It always holds a digit, so "doe mee <code>" is
 * told apart from a sentence ("doe mee met de cirkel"); that costs under 3% of the space.
 */
export function newInviteCode(): string {
  for (;;) {
    const raw = Array.from({ length: INVITE_LENGTH }, () => INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)]).join('');
    if (/\d/.test(raw)) return raw.match(/.{1,4}/g)!.join('-');
  }
}

/** What is hashed: without spaces, dashes or case ("abcd ef2g hjkm" is "ABCD-EF2G-HJKM"). */
export function normaliseInviteCode(typed: string): string {
  return typed.replace(/[\s-]+/g, '').toUpperCase();
}

/** The shape of a code; anything else is refused without a look-up (and still counts as a failure). */
export function looksLikeInviteCode(normalised: string): boolean {
  return normalised.length === INVITE_LENGTH && [...normalised].every((c) => INVITE_ALPHABET.includes(c));
}
