import { z } from 'zod';
import { SIGN_GROUP_IDS, SIGN_GROUPS, type Sign, type SignGroup } from '../src/domain/signs';
import { SETTINGS } from '../src/domain/starters';
import { CIRCLE_ACTION_SCHEMAS } from './circles/circle-actions';
import { ANSWER_MAX_LENGTH, QUESTION_KEYS, REPORT_PARTS } from './signals/report-questions';

/**
 * The payloads our cards submit, one zod schema per verb. Teams and Web Chat send back exactly the
 * action's `data` plus the values of the card's inputs, so every object is `.strict()`: an extra
 * or forged field is a reason to refuse the submit, not to ignore it.
 */

export const MENU_CHOICES = ['signs', 'starters', 'report', 'circle', 'help'] as const;
export type MenuChoice = (typeof MENU_CHOICES)[number];

export const menuActionSchema = z.object({ verb: z.literal('menu'), choice: z.enum(MENU_CHOICES) }).strict();
export const menuShowActionSchema = z.object({ verb: z.literal('menu.show') }).strict();
export const startersStartActionSchema = z.object({ verb: z.literal('starters.start') }).strict();
export const startersSettingActionSchema = z
  .object({ verb: z.literal('starters.setting'), setting: z.enum(SETTINGS) })
  .strict();
export const startersMoreActionSchema = z.object({ verb: z.literal('starters.more') }).strict();
export const startersRestartActionSchema = z.object({ verb: z.literal('starters.restart') }).strict();
export const startersStepsActionSchema = z.object({ verb: z.literal('starters.steps') }).strict();
export const emergencyResumeActionSchema = z.object({ verb: z.literal('emergency.resume') }).strict();

/**
 * One group's multi-select value as the channel sends it: the chosen sign ids joined by commas
 * ("fatigue,headache"), or "" when nothing was ticked. Each id must belong to that group.
 */
function groupValueSchema(group: SignGroup) {
  const allowed = new Set<string>(SIGN_GROUPS[group]);
  return z
    .string()
    .max(1000)
    .transform((value, ctx) => {
      const ids = value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0);
      for (const id of ids) {
        if (!allowed.has(id)) {
          ctx.addIssue({ code: 'custom', message: 'SIGN_NOT_IN_GROUP' });
          return z.NEVER;
        }
      }
      return ids as Sign[];
    });
}

const signsGroupShape = Object.fromEntries(
  SIGN_GROUP_IDS.map((group) => [group, groupValueSchema(group).optional()]),
) as { [G in SignGroup]: z.ZodOptional<ReturnType<typeof groupValueSchema>> };

/**
 * The signs card's submit: `{ verb: 'signs.submit', physical?: "a,b", social?: "c", ... }` becomes
 * `{ verb: 'signs.submit', signs: Sign[] }` in card order without repeats. An empty list is valid
 * here (nothing ticked); the dialog asks again.
 */
export const signsSubmitActionSchema = z
  .object({ verb: z.literal('signs.submit'), ...signsGroupShape })
  .strict()
  .transform((value) => ({
    verb: value.verb,
    signs: [...new Set(SIGN_GROUP_IDS.flatMap((group) => value[group] ?? []))],
  }));

/**
 * An answer on a question card of "Signaal melden". Buttons carry `value` in their data; the
 * "Verder" button sends no `value` of its own, so the text input (id `value`) fills it. Missing
 * means an empty input; the dialog checks that `key` is the question it asked.
 */
export const answerActionSchema = z
  .object({ verb: z.literal('answer'), question: z.enum(QUESTION_KEYS), value: z.string().max(ANSWER_MAX_LENGTH).optional() })
  .strict();
export const reportConfirmActionSchema = z.object({ verb: z.literal('report.confirm') }).strict();
export const reportCorrectActionSchema = z.object({ verb: z.literal('report.correct'), part: z.enum(REPORT_PARTS) }).strict();
export const reportCancelActionSchema = z.object({ verb: z.literal('report.cancel') }).strict();

export const cardActionSchema = z.discriminatedUnion('verb', [
  menuActionSchema,
  menuShowActionSchema,
  signsSubmitActionSchema,
  startersStartActionSchema,
  startersSettingActionSchema,
  startersMoreActionSchema,
  startersRestartActionSchema,
  startersStepsActionSchema,
  emergencyResumeActionSchema,
  answerActionSchema,
  reportConfirmActionSchema,
  reportCorrectActionSchema,
  reportCancelActionSchema,
  // Call circles (belcirkels): cards/circles/circle-actions.ts.
  ...CIRCLE_ACTION_SCHEMAS,
]);

/** A card submit after validation. `signs.submit` carries `signs: Sign[]`, not the raw group strings. */
export type CardAction = z.output<typeof cardActionSchema>;
export type CardVerb = CardAction['verb'];
export type AnswerAction = z.output<typeof answerActionSchema>;

export type ParseCardActionResult = { ok: true; action: CardAction } | { ok: false; code: 'CARD_ACTION_INVALID' };

/** Checks an `activity.value` from a card submit. Anything else, including a missing `verb`, is refused. */
export function parseCardAction(value: unknown): ParseCardActionResult {
  const parsed = cardActionSchema.safeParse(value);
  return parsed.success ? { ok: true, action: parsed.data } : { ok: false, code: 'CARD_ACTION_INVALID' };
}
