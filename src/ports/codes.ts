/**
 * Turns a one-time code (already normalised: no spaces or dashes, upper case) into the value the
 * stores keep. Implemented as HMAC-SHA256 with a key derived from the data key, so a copy of the
 * data files alone does not let anyone try every code offline.
 */
export type CodeHasher = (normalisedCode: string) => string;
