/**
 * An actor id as it may appear in the audit log: an Entra object id or a Teams id. Anything
 * else (a forged value, an e-mail, a name) is written as "invalid", never as given.
 */
export function auditActor(id: string | undefined): string {
  if (!id) return 'unknown';
  return /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(id) ? id : 'invalid';
}
