/**
 * Who is in which Teams team, as the bot learned it from conversationUpdate events and the
 * connector's roster. The tab uses it: a valid Teams token alone is not enough to see a team's
 * signals; the user must be a member of the team linked to that signaalpunt.
 */
export interface TeamRoster {
  /** Replaces what is known of a team's members (from GET /v3/conversations/{teamId}/members). */
  setMembers(teamId: string, tenantId: string, aadObjectIds: string[]): Promise<void>;
  addMembers(teamId: string, tenantId: string, aadObjectIds: string[]): Promise<void>;
  removeMembers(teamId: string, aadObjectIds: string[]): Promise<void>;
  isMember(teamId: string, tenantId: string, aadObjectId: string): Promise<boolean>;
}

/** How a roster store keeps members (issue 11): never the aadObjectId itself, and not for ever. */
export interface RosterOptions {
  /** HMAC-SHA256 of an aadObjectId under a key derived from the data key (`hmacCodeHasher(key, 'roster-member')`). */
  hashId: (aadObjectId: string) => string;
  /** A member not seen again (roster read, conversationUpdate, live check) for this long no longer counts. */
  ttlMs: number;
  now: () => Date;
}
