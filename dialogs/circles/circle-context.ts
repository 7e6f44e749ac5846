import type { Activity, TurnContext } from 'botbuilder';
import type { CircleActor, CirclesPort } from '../../src/application/circles/circles.types';
import type { CircleErrorCode } from '../../src/domain/circles/circle';
import type { Logger } from '../../src/ports/logger';
import { circleCardText, renderCircleCard } from '../../cards/circles/circle-card';
import { CIRCLE_ERROR_VARS } from '../../cards/circles/circle-questions';
import type { Screen } from '../../cards/circles/circle-screens';
import { escapeCardText } from '../../cards/text-safety';
import { cardOrText } from '../send';
import { supportsCards, translatorOf } from '../turn-context';

/** What the call-circle dialogs need from the composition root. */
export interface CircleDialogDeps {
  circles: CirclesPort;
  /** Stores this chat's conversation reference and returns its key: the actor's `chatKey`. */
  rememberChat: (context: TurnContext) => Promise<string>;
  logger: Logger;
}

/** The person acting: their chat (where reminders and alerts go), the name the channel gives, the language. */
export async function actorOf(context: TurnContext, deps: CircleDialogDeps): Promise<CircleActor> {
  const chatKey = await deps.rememberChat(context);
  const name = context.activity.from?.name?.trim();
  const channelData = context.activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const tenant = context.activity.conversation?.tenantId ?? channelData?.tenant?.id;
  return { chatKey, ...(name ? { name } : {}), locale: translatorOf(context).locale, ...(typeof tenant === 'string' && tenant ? { tenantId: tenant } : {}) };
}

/**
 * Circles hold phone numbers and alerts for one person: they are run from a personal chat only.
 * Teams says `personal`; Web Chat and other one-to-one channels say nothing.
 */
export function isPersonalChat(context: TurnContext): boolean {
  const type = context.activity.conversation?.conversationType;
  return type === undefined || type === 'personal';
}

export function circlesLog(context: TurnContext, deps: CircleDialogDeps, dialog: string): Logger {
  return deps.logger.child({ conversationId: context.activity.conversation?.id, dialog });
}

/** A use case's refusal, said in the user's words. */
export async function sendCircleError(context: TurnContext, code: CircleErrorCode | string): Promise<void> {
  await context.sendActivity(translatorOf(context).t(`circles:errors.${code}`, CIRCLE_ERROR_VARS));
}

/**
 * A screen as a card, or as text with numbered options. `build` is called with escapeCardText
 * for the card and without it for text (which goes out as plain text, never Markdown).
 */
export function screenActivity(context: TurnContext, build: (literal?: (s: string) => string) => Screen): Partial<Activity> {
  const t = translatorOf(context);
  const activity = cardOrText(
    context,
    () => renderCircleCard(build(escapeCardText).view),
    () => {
      const screen = build();
      return circleCardText(screen.view, { options: screen.options, choose: t.t('circles:text.choose') });
    },
  );
  if (!supportsCards(context)) activity.textFormat = 'plain';
  return activity;
}
