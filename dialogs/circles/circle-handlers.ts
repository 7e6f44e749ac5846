import { CardFactory, type TurnContext } from 'botbuilder';
import type { CircleActor, CircleSummary } from '../../src/application/circles/circles.types';
import type { CircleResult } from '../../src/domain/circles/circle';
import type { CheckinKind } from '../../src/domain/circles/round';
import { ALL_HELP_NUMBERS } from '../../src/domain/emergency';
import type { CardAction } from '../../cards/actions';
import type { ImmediateCircleAction } from '../../cards/circles/circle-actions';
import { renderCircleNotice } from '../../cards/circles/circle-notice';
import { sendEmergency } from '../emergency';
import { dispatch, type VerbHandlers } from '../verbs';
import { translatorOf } from '../turn-context';
import { type CircleCommand, sameName } from './circle-commands';
import { actorOf, type CircleDialogDeps, circlesLog, sendCircleError } from './circle-context';

/**
 * What the root does with a call-circle button or typed word that needs no dialog: a member's
 * check-in, a coordinator's "not reached", "rond", "ik pak het op" and an outcome. Each is one
 * use-case call and a short answer. "Ik heb hulp nodig" shows the help numbers before anything
 * else, whatever the store says.
 */

export interface HandlerResult {
  /** The help numbers were shown: a typed "1" next means that card's first option. */
  emergencyShown?: boolean;
  /** Something for the root to do next (open a circle, ask a code, record an outcome). */
  next?: CardAction;
  /** False when the words were not meant for circles (the chat has none): the root goes on. */
  handled: boolean;
}

const HANDLED: HandlerResult = { handled: true };
const say = (context: TurnContext, key: string, vars?: Record<string, string | number>) => context.sendActivity(translatorOf(context).t(key, vars));

/** `canResume`: a dialog waits underneath (the help card offers to go back to it). `helpShown`: the root already showed the help numbers. */
export interface HandlerOptions {
  canResume: boolean;
  helpShown?: boolean;
}

export async function runImmediate(context: TurnContext, deps: CircleDialogDeps, action: ImmediateCircleAction, options: HandlerOptions): Promise<HandlerResult> {
  const turn: ImmediateTurn = { context, deps, actor: await actorOf(context, deps), options };
  return dispatch(IMMEDIATE_VERBS, action, turn);
}

interface ImmediateTurn {
  context: TurnContext;
  deps: CircleDialogDeps;
  actor: CircleActor;
  options: HandlerOptions;
}

/** One use-case call: its refusal in words, or what was done. */
async function answer<T>(turn: ImmediateTurn, result: CircleResult<T>, done: (value: T) => string, vars?: Record<string, string>): Promise<HandlerResult> {
  if (!result.ok) return refused(turn.context, turn.deps, result.code);
  await say(turn.context, `circles:done.${done(result.value)}`, vars);
  return HANDLED;
}

/** The immediate circle verbs, each one use-case call (cards/circles/circle-actions.ts has their schemas). */
const IMMEDIATE_VERBS: VerbHandlers<ImmediateCircleAction, [ImmediateTurn], Promise<HandlerResult>> = {
  'circle.checkin': (action, { context, deps, actor, options }) => checkIn(context, deps, actor, [action.circleId], action.kind, options, action.about),
  'circle.notReached': async (action, { context, deps, actor }) => {
    const result = await deps.circles.reportNotReached(actor, action.circleId, action.memberId, action.reason ?? 'notReached');
    if (!result.ok) return refused(context, deps, result.code);
    // The coordinator of the day gets the alert card: that is the one answer. Anyone else hears who is alerted.
    if (!result.value.alertedYou) await say(context, 'circles:done.notReached');
    return HANDLED;
  },
  'circle.close': async (action, turn) =>
    answer(turn, await turn.deps.circles.closeRound(turn.actor, action.circleId, action.date), (v) => (v.late ? 'closedLate' : 'closed')),
  'circle.ack': async (action, { context, deps, actor }) => {
    const result = await deps.circles.acknowledge(actor, action.circleId, action.escalationId);
    if (!result.ok) return refused(context, deps, result.code);
    if (action.from === 'alert' && (await updateAlertCard(context, deps, actor, action.circleId, action.escalationId))) return HANDLED;
    await say(context, 'circles:done.ack');
    return HANDLED;
  },
  'circle.approve': async (action, { context, deps, actor }) => {
    // Only a coordinator of the circle gets past the use case; the candidate is told either way.
    const result = await deps.circles.decideCoordinator(actor, action.circleId, action.candidate, action.decision);
    if (!result.ok) return refused(context, deps, result.code);
    await say(context, `circles:done.${action.decision === 'approve' ? 'coordinatorApproved' : 'coordinatorRefused'}`, { name: result.value.candidateName || '?' });
    return HANDLED;
  },
  'circle.outcome': async (action, turn) => {
    const outcome = translatorOf(turn.context).t(`circles:outcomes.${action.outcome}`);
    return answer(turn, await turn.deps.circles.resolve(turn.actor, action.circleId, action.escalationId, action.outcome), () => 'outcome', { outcome });
  },
};

/**
 * Teams: the alert card the button was on (the activity's replyToId) now says "U pakt het op".
 * Other channels cannot edit a sent card; false means: answer in a message instead.
 */
async function updateAlertCard(context: TurnContext, deps: CircleDialogDeps, actor: CircleActor, circleId: string, escalationId: string): Promise<boolean> {
  const cardId = context.activity.replyToId;
  if (context.activity.channelId !== 'msteams' || !cardId) return false;
  const notice = await deps.circles.alertNotice(actor, circleId, escalationId);
  if (!notice.ok) return false;
  const rendered = renderCircleNotice(translatorOf(context), notice.value, true);
  if (!rendered.card) return false;
  try {
    await context.updateActivity({ type: 'message', id: cardId, attachments: [CardFactory.adaptiveCard(rendered.card)] });
    return true;
  } catch {
    const log = circlesLog(context, deps, 'circles');
    log.info({ code: 'CIRCLE_CARD_NOT_UPDATED' }, 'alert card not updated');
    return false;
  }
}

async function refused(context: TurnContext, deps: CircleDialogDeps, code: string): Promise<HandlerResult> {
  const log = circlesLog(context, deps, 'circles');
  log.warn({ code: 'CIRCLE_ACTION_REFUSED', reason: code }, 'circle action refused by the use case');
  await sendCircleError(context, code);
  return HANDLED;
}

/** A check-in for one or more circles; one answer for all of them. */
async function checkIn(
  context: TurnContext,
  deps: CircleDialogDeps,
  actor: CircleActor,
  circleIds: readonly string[],
  kind: CheckinKind,
  options: HandlerOptions,
  about?: string,
): Promise<HandlerResult> {
  // Before the store is asked anything: the numbers never wait.
  if (kind === 'needHelp' && !options.helpShown) await sendEmergency(context, [...ALL_HELP_NUMBERS], options.canResume);
  const results = [];
  for (const circleId of circleIds) results.push(await deps.circles.checkIn(actor, circleId, kind, about));
  const done = results.flatMap((r) => (r.ok ? [r.value] : []));
  const firstError = results.find((r) => !r.ok);
  if (kind === 'needHelp') {
    await say(context, done.some((r) => r.coordinatorAlerted) ? 'circles:checkin.helpSent' : 'circles:checkin.helpNotSent');
    return { handled: true, emergencyShown: true };
  }
  if (done.length === 0 && firstError && !firstError.ok) return refused(context, deps, firstError.code);
  if (done.some((r) => r.showEmergency)) await sendEmergency(context, [...ALL_HELP_NUMBERS], options.canResume);
  const thanks = kind === 'notReached' ? 'notReachedSent' : kind === 'worried' ? 'worriedSent' : done.some((r) => r.roundClosed) ? 'okRoundClosed' : 'okThanks';
  await say(context, `circles:checkin.${thanks}`);
  return { handled: true, emergencyShown: done.some((r) => r.showEmergency) };
}

/** Joins with a code; says how it went. The next step shows the circle. */
export async function joinWithCode(
  context: TurnContext,
  deps: CircleDialogDeps,
  code: string,
): Promise<{ ok: true; circleId: string; next: CardAction } | { ok: false; code: string }> {
  const result = await deps.circles.join(await actorOf(context, deps), code);
  if (!result.ok) {
    const log = circlesLog(context, deps, 'circles');
    log.info({ code: 'CIRCLE_JOIN_REFUSED', reason: result.code }, 'join code refused');
    return { ok: false, code: result.code };
  }
  if (result.value.pending) {
    // A coordinator code: nothing of the circle is shown until an existing coordinator approves.
    await say(context, 'circles:join.coordinatorPending', { name: result.value.circleName });
    return { ok: true, circleId: result.value.circleId, next: { verb: 'circle.list' } };
  }
  await say(context, `circles:join.${result.value.role}`, { name: result.value.circleName });
  return { ok: true, circleId: result.value.circleId, next: { verb: 'circle.open', circleId: result.value.circleId } };
}

/** Typed words for circles ("doe mee" goes through the root's join). Words from a chat in no circle are not handled. */
export async function runCircleCommand(
  context: TurnContext,
  deps: CircleDialogDeps,
  command: Exclude<CircleCommand, { kind: 'join' }>,
  options: HandlerOptions,
): Promise<HandlerResult> {
  const actor = await actorOf(context, deps);
  const circles = await deps.circles.listFor(actor.chatKey);
  if (circles.length === 0) return { handled: false };
  const asMember = circles.filter((c) => c.role === 'member').map((c) => c.circleId);
  const asCoordinator = circles.filter((c) => c.role === 'coordinator');
  switch (command.kind) {
    case 'ok':
    case 'needHelp':
      if (asMember.length === 0) return { handled: command.kind === 'needHelp' };
      return checkIn(context, deps, actor, asMember, command.kind, options);
    case 'notReached':
      return asMember.length > 0
        ? memberNotReached(context, deps, actor, asMember, command.name, options)
        : coordinatorNotReached(context, deps, actor, asCoordinator, command.name, options);
    case 'close': {
      const only = asCoordinator.length === 1 ? asCoordinator[0] : undefined;
      if (only) return runImmediate(context, deps, { verb: 'circle.close', circleId: only.circleId }, options);
      await say(context, 'circles:commands.whichCircle');
      return { handled: true, next: { verb: 'circle.list' } };
    }
    case 'ack':
    case 'resolve':
      return openEscalation(context, deps, actor, asCoordinator, command.kind, options);
  }
}

async function memberNotReached(
  context: TurnContext,
  deps: CircleDialogDeps,
  actor: CircleActor,
  circleIds: string[],
  name: string | undefined,
  options: HandlerOptions,
): Promise<HandlerResult> {
  for (const circleId of circleIds) {
    const today = await deps.circles.memberToday(actor, circleId);
    const other = name && today.ok ? today.value.others.filter((o) => sameName(name, o.firstName)) : [];
    if (other.length === 1 && other[0]) return checkIn(context, deps, actor, [circleId], 'notReached', options, other[0].memberId);
  }
  await say(context, 'circles:commands.whoNotReached');
  return { handled: true, next: { verb: 'circle.open', circleId: circleIds[0] ?? '' } };
}

async function coordinatorNotReached(
  context: TurnContext,
  deps: CircleDialogDeps,
  actor: CircleActor,
  circles: CircleSummary[],
  name: string | undefined,
  options: HandlerOptions,
): Promise<HandlerResult> {
  const hits: Array<{ circleId: string; memberId: string }> = [];
  for (const c of circles) {
    const view = await deps.circles.view(actor, c.circleId);
    if (!view.ok || !name) continue;
    for (const m of view.value.members) if (!m.pausedToday && sameName(name, m.firstName)) hits.push({ circleId: c.circleId, memberId: m.memberId });
  }
  const [hit] = hits;
  if (hits.length === 1 && hit) return runImmediate(context, deps, { verb: 'circle.notReached', ...hit }, options);
  await say(context, 'circles:commands.whoNotReached');
  const only = circles.length === 1 ? circles[0] : undefined;
  return { handled: true, next: only ? { verb: 'circle.edit', circleId: only.circleId, op: 'notReached' } : { verb: 'circle.list' } };
}

/** "opgepakt" acknowledges the one open escalation; "afgerond" asks its outcome. More than one: pick on the card. */
async function openEscalation(
  context: TurnContext,
  deps: CircleDialogDeps,
  actor: CircleActor,
  circles: CircleSummary[],
  kind: 'ack' | 'resolve',
  options: HandlerOptions,
): Promise<HandlerResult> {
  const open: Array<{ circleId: string; escalationId: string }> = [];
  for (const c of circles) {
    const view = await deps.circles.view(actor, c.circleId);
    const escalations = view.ok ? (view.value.round?.escalations ?? []) : [];
    for (const e of escalations) if (!e.outcome && (kind === 'resolve' || !e.acknowledged)) open.push({ circleId: c.circleId, escalationId: e.escalationId });
  }
  const [first] = open;
  if (!first) {
    await say(context, 'circles:commands.nothingOpen');
    return HANDLED;
  }
  if (open.length > 1) {
    await say(context, 'circles:commands.whichEscalation');
    return { handled: true, next: { verb: 'circle.open', circleId: first.circleId } };
  }
  if (kind === 'ack') {
    return runImmediate(context, deps, { verb: 'circle.ack', ...first }, options);
  }
  return { handled: true, next: { verb: 'circle.edit', circleId: first.circleId, op: 'outcome', escalationId: first.escalationId } };
}
