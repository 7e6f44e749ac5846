import type { LinkChannel } from '../../application/link-channel';
import type { ReportSignal } from '../../application/report-signal';
import type { ReportDraft } from '../../application/report-signal.types';
import type { SignaalpuntenConfig } from '../../domain/routing';
import type { Logger } from '../../ports/logger';
import type { TeamRoster } from '../../ports/roster';
import type { LinkStore } from '../../ports/signals';
import { DEV_TAB_TEAM, DEV_TAB_USER } from './tab-dev';

/** The playground's bot account, as it names the bot in its activities. */
const PLAYGROUND_BOT = { id: '00000000-0000-0000-0000-00000000000011', name: 'Test Bot' };

/**
 * Synthetic demo signals: no names, no contact details (no consent asked), only a postcode area,
 * an age group, signs, the reporter's sector. Enough to fill the queue, a detail and the figures.
 */
const DEMO: ReadonlyArray<Omit<ReportDraft, 'postcode' | 'ageGroup'>> = [
  { about: 'other', informed: true, consent: false, signs: ['fewContacts', 'curtainsClosed'], relation: 'customer', reporterSector: 'pharmacy', wantsFeedback: false },
  { about: 'other', informed: false, consent: false, signs: ['letterbox', 'neverOut', 'bereavement'], relation: 'neighbour', reporterSector: 'homeCare', wantsFeedback: false },
  { about: 'other', informed: true, consent: false, signs: ['sadness', 'noSupport'], relation: 'client', reporterSector: 'hairdresser', wantsFeedback: false },
];

export interface DevTabDemoDeps {
  config: () => SignaalpuntenConfig;
  links: LinkChannel;
  linkStore: LinkStore;
  roster: TeamRoster;
  report: ReportSignal;
  logger: Logger;
  /** The playground's port: the demo link points at its General channel, as the real link would. */
  playgroundPort: number;
}

/**
 * TAB_DEV_DEMO (development only): links the playground's team to the first active signaalpunt
 * with a Teams target, as `link-code` and "koppel" in General do, puts the test user on its roster
 * and reports three synthetic signals there. Only once: when the team is linked already (by the
 * newcomer, or by an earlier demo start), nothing is added.
 * @returns how many demo signals were reported.
 */
export async function seedDevTabDemo(deps: DevTabDemoDeps): Promise<number> {
  const config = deps.config();
  const linked = (await deps.linkStore.listLinks()).some((l) => l.teamId === DEV_TAB_TEAM.teamId);
  if (linked) {
    deps.logger.info({ code: 'TAB_DEMO_SKIPPED' }, 'tab demo: the playground team is linked already, no demo signals added');
    return 0;
  }
  const signaalpunt = config.signaalpunten.find((sp) => sp.active && sp.targets.some((t) => t.kind === 'teams') && /^\d{4}/.test(sp.postcodes[0] ?? ''));
  if (!signaalpunt) {
    deps.logger.warn({ code: 'TAB_DEMO_NO_SIGNAALPUNT' }, 'tab demo: no active signaalpunt with a Teams target and a postcode');
    return 0;
  }
  const { code } = await deps.links.issueCode(signaalpunt.id, 'link');
  const outcome = await deps.links.redeem('link', signaalpunt.id, code, {
    conversationType: 'channel',
    teamId: DEV_TAB_TEAM.teamId,
    channelId: DEV_TAB_TEAM.channelId,
    tenantId: config.tenantId,
    actorAadObjectId: DEV_TAB_USER.oid,
    reference: {
      channelId: 'msteams',
      serviceUrl: `http://localhost:${deps.playgroundPort}/_connector`,
      conversation: { id: DEV_TAB_TEAM.channelId, isGroup: true, conversationType: 'channel', tenantId: config.tenantId },
      bot: PLAYGROUND_BOT,
    },
  });
  if (outcome !== 'LINKED') {
    deps.logger.warn({ code: 'TAB_DEMO_NOT_LINKED', outcome }, 'tab demo: the playground team could not be linked');
    return 0;
  }
  await deps.roster.addMembers(DEV_TAB_TEAM.teamId, config.tenantId, [DEV_TAB_USER.oid]);
  const postcode = `${(signaalpunt.postcodes[0] ?? '').slice(0, 4)} AA`;
  const ageGroup = signaalpunt.ageGroups[0] ?? 'adult';
  let reported = 0;
  for (const [i, draft] of DEMO.entries()) {
    const result = await deps.report.submit({ ...draft, postcode, ageGroup }, { submissionKey: `tab-dev-demo-${i}` });
    if (result.ok) reported += 1;
  }
  deps.logger.info({ code: 'TAB_DEMO_SEEDED', signaalpuntId: signaalpunt.id, count: reported }, 'tab demo: synthetic signals added');
  return reported;
}
