import { z } from 'zod';
import { CHECKIN_KINDS, ESCALATION_OUTCOMES } from '../../src/domain/circles/round';
import { CIRCLE_FIELDS, CIRCLE_ANSWER_MAX_LENGTH, ROW_INPUT_IDS } from './circle-questions';

/**
 * The payloads of the call-circle cards, one zod schema per verb, `.strict()` like cards/actions.ts:
 * an extra or forged field refuses the submit. Ids are opaque tokens. No payload has a top-level
 * field named `key`: the Agents Playground silently drops such a submit.
 */

/** An opaque id: a UUID, or an escalation's `<circle>/<date>/<reason>/<uuid>`. */
const id = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_.:/-]+$/);

/**
 * What the coordinator can change from a circle's card; each starts the edit dialog. The last two
 * come from an escalation or a text channel, not from the card's "change" list.
 */
export const CIRCLE_EDIT_OPS = [
  'addMember',
  'removeMember',
  'moveMember',
  'pauseMember',
  'resumeMember',
  'pauseCircle',
  'resumeCircle',
  'schedule',
  'timing',
  'holidays',
  'rota',
  'backup',
  'inviteMember',
  'inviteCoordinator',
  'removeCoordinator',
  'deleteCircle',
  'notReached',
  'outcome',
] as const;
export type CircleEditOp = (typeof CIRCLE_EDIT_OPS)[number];

export const circleListActionSchema = z.object({ verb: z.literal('circle.list') }).strict();
export const circleCreateActionSchema = z.object({ verb: z.literal('circle.create') }).strict();
export const circleOpenActionSchema = z.object({ verb: z.literal('circle.open'), circleId: id }).strict();
/** "Meedoen met een code": the code comes from the card's text input (id `code`), or is asked next. */
export const circleJoinActionSchema = z.object({ verb: z.literal('circle.join'), code: z.string().max(40).optional() }).strict();
export const circleEditActionSchema = z
  .object({ verb: z.literal('circle.edit'), circleId: id, op: z.enum(CIRCLE_EDIT_OPS), memberId: id.optional(), escalationId: id.optional() })
  .strict();

/** The members form's inputs (`r1Name` ... `r5Consent`): each optional, each bounded. */
const ROW_INPUTS = Object.fromEntries(ROW_INPUT_IDS.map((id) => [id, z.string().max(CIRCLE_ANSWER_MAX_LENGTH).optional()]));

/**
 * An answer to a question of the create or edit dialogs. Buttons carry `value`; the submit button
 * sends the card's inputs: `value` (text, or the ticked weekdays as "1,3,5"), `from`/`to` (dates),
 * or the rows of the members form (only with `field: 'members'`; dialogs/circles/member-rows.ts
 * checks each row).
 */
export const circleAnswerActionSchema = z
  .object({
    verb: z.literal('circle.answer'),
    field: z.enum(CIRCLE_FIELDS),
    value: z.string().max(CIRCLE_ANSWER_MAX_LENGTH).optional(),
    from: z.string().max(10).optional(),
    to: z.string().max(10).optional(),
    ...ROW_INPUTS,
  })
  .strict()
  .refine((value) => value.field === 'members' || ROW_INPUT_IDS.every((id) => !(id in value)), {
    message: 'ROWS_ONLY_WITH_MEMBERS',
  });

/** A member's check-in; `about` (who was not reached, or worried about) only with `notReached` and `worried`, and required there. */
export const circleCheckinActionSchema = z
  .object({ verb: z.literal('circle.checkin'), circleId: id, kind: z.enum(CHECKIN_KINDS), about: id.optional() })
  .strict()
  .refine((value) => (value.kind === 'notReached' || value.kind === 'worried') === (value.about !== undefined), { message: 'ABOUT_ONLY_WITH_NOT_REACHED' });

/** A coordinator reports a member not reached, or reached but worrying (`reason: 'worried'`): star mode, or told by phone. */
export const circleNotReachedActionSchema = z
  .object({ verb: z.literal('circle.notReached'), circleId: id, memberId: id, reason: z.literal('worried').optional() })
  .strict();
/** `date`: the round the button was sent for (a reminder card), so an old card never closes a later round. */
export const circleCloseActionSchema = z
  .object({ verb: z.literal('circle.close'), circleId: id, date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() })
  .strict();
/** `from: 'alert'`: pressed on the alert card itself, which is then updated in place. */
export const circleAckActionSchema = z.object({ verb: z.literal('circle.ack'), circleId: id, escalationId: id, from: z.literal('alert').optional() }).strict();
/**
 * An existing coordinator answers a new coordinator's request (issue 11). `candidate` is the
 * candidate's opaque chat key; the use case checks that the presser coordinates the circle.
 */
export const circleApproveActionSchema = z
  .object({ verb: z.literal('circle.approve'), circleId: id, candidate: id, decision: z.enum(['approve', 'refuse']) })
  .strict();
export const circleOutcomeActionSchema = z
  .object({ verb: z.literal('circle.outcome'), circleId: id, escalationId: id, outcome: z.enum(ESCALATION_OUTCOMES) })
  .strict();

/** For `cardActionSchema` in cards/actions.ts. */
export const CIRCLE_ACTION_SCHEMAS = [
  circleListActionSchema,
  circleCreateActionSchema,
  circleOpenActionSchema,
  circleJoinActionSchema,
  circleEditActionSchema,
  circleAnswerActionSchema,
  circleCheckinActionSchema,
  circleNotReachedActionSchema,
  circleCloseActionSchema,
  circleAckActionSchema,
  circleApproveActionSchema,
  circleOutcomeActionSchema,
] as const;

export type CircleAction = z.output<(typeof CIRCLE_ACTION_SCHEMAS)[number]>;
export type CircleVerb = CircleAction['verb'];
export type CircleAnswerAction = z.output<typeof circleAnswerActionSchema>;
export type CircleEditAction = z.output<typeof circleEditActionSchema>;

/**
 * Actions that do one thing at once wherever they come from (a reminder, an escalation, an old
 * card): the root runs them without leaving the dialog underneath.
 */
export const IMMEDIATE_CIRCLE_VERBS = ['circle.checkin', 'circle.notReached', 'circle.close', 'circle.ack', 'circle.approve', 'circle.outcome'] as const;
export type ImmediateCircleAction = Extract<CircleAction, { verb: (typeof IMMEDIATE_CIRCLE_VERBS)[number] }>;

export function isCircleAction(action: { verb: string }): action is CircleAction {
  return action.verb.startsWith('circle.');
}

export function isImmediateCircleAction(action: { verb: string }): action is ImmediateCircleAction {
  return (IMMEDIATE_CIRCLE_VERBS as readonly string[]).includes(action.verb);
}
