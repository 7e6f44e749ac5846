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
