import { type TeamsChannelAccount, TeamsInfo, type TurnContext } from 'botbuilder';
import type { Logger } from '../../ports/logger';
import type { TeamRoster } from '../../ports/roster';

interface TeamFacts {
  teamId?: string;
  tenantId?: string;
}

export function teamFacts(context: TurnContext): TeamFacts {
  const channelData = (context.activity.channelData ?? {}) as { team?: { id?: string }; tenant?: { id?: string } };
  return { teamId: channelData.team?.id, tenantId: channelData.tenant?.id ?? context.activity.conversation?.tenantId };
}

const ids = (members: ReadonlyArray<{ aadObjectId?: string }>): string[] =>
  members.map((m) => m.aadObjectId).filter((id): id is string => typeof id === 'string' && id.length > 0);

/**
 * Keeps the team rosters the tab checks membership against: the whole roster from the connector
 * when the bot joins a team or a channel is linked, then members added and removed as Teams
 * reports them. A failure here is logged and never breaks the turn.
 */
export class RosterSync {
  /** Live answers of the connector, "teamId|aadObjectId" -> [member, until] (issue 11: a short cache). */
  private readonly confirmed = new Map<string, [boolean, number]>();

  constructor(
    private readonly roster: TeamRoster,
    private readonly logger: Logger,
    private readonly cacheMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Is this user a member of the team? The roster first; when it does not know them (a missed
   * membersAdded), the connector is asked live, and its answer kept a few minutes. A member found
   * live is added to the roster. Any failure counts as "no".
   */
  async isMember(context: TurnContext, teamId: string, tenantId: string, aadObjectId: string): Promise<boolean> {
    if (!aadObjectId) return false;
    if (await this.roster.isMember(teamId, tenantId, aadObjectId)) return true;
    const key = `${teamId}|${aadObjectId}`;
    const cached = this.confirmed.get(key);
    if (cached && cached[1] > this.now()) return cached[0];
    let member = false;
    try {
      const found = await TeamsInfo.getTeamMember(context, teamId, aadObjectId);
      member = found?.aadObjectId === aadObjectId;
    } catch (error) {
      this.logger.info({ code: 'MEMBER_LOOKUP_FAILED', teamId, errorName: (error as Error).name }, 'team member could not be confirmed live');
    }
    if (this.confirmed.size > 10_000) this.confirmed.clear();
    this.confirmed.set(key, [member, this.now() + this.cacheMs]);
    if (member) await this.roster.addMembers(teamId, tenantId, [aadObjectId]);
    return member;
  }

  async refresh(context: TurnContext): Promise<void> {
    const { teamId, tenantId } = teamFacts(context);
    if (!teamId || !tenantId) return;
    await this.refreshTeam(context, teamId, tenantId);
  }

  /** Reads a team's whole roster through this turn's connector (also in a proactive turn, daily). */
  async refreshTeam(context: TurnContext, teamId: string, tenantId: string): Promise<void> {
    try {
      const members: TeamsChannelAccount[] = [];
      let token: string | undefined;
      do {
        const page = await TeamsInfo.getPagedTeamMembers(context, teamId, 500, token);
        members.push(...page.members);
        token = page.continuationToken;
      } while (token);
      await this.roster.setMembers(teamId, tenantId, ids(members));
      for (const key of this.confirmed.keys()) if (key.startsWith(`${teamId}|`)) this.confirmed.delete(key);
      this.logger.info({ code: 'ROSTER_REFRESHED', teamId, count: members.length }, 'team roster refreshed');
    } catch (error) {
      this.logger.warn({ code: 'ROSTER_REFRESH_FAILED', teamId, errorName: (error as Error).name }, 'team roster could not be read');
    }
  }

  async membersAdded(context: TurnContext): Promise<void> {
    const { teamId, tenantId } = teamFacts(context);
    const added = context.activity.membersAdded ?? [];
    if (!teamId || !tenantId) return;
    if (added.some((m) => m.id === context.activity.recipient?.id)) {
      await this.refresh(context);
      return;
    }
    if (ids(added).length > 0) await this.roster.addMembers(teamId, tenantId, ids(added));
  }

  async membersRemoved(context: TurnContext): Promise<void> {
    const { teamId } = teamFacts(context);
    const removed = ids(context.activity.membersRemoved ?? []);
    if (teamId && removed.length > 0) await this.roster.removeMembers(teamId, removed);
  }
}
