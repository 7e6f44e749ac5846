import type { TurnContext } from 'botbuilder';
import { Prompt, type PromptOptions, type PromptRecognizerResult } from 'botbuilder-dialogs';
import { type CardAction, parseCardAction } from '../../cards/actions';
import type { ScreenOption } from '../../cards/circle-format';
import { circleQuestionText, type CircleQuestionInput, renderCircleQuestionCard } from '../../cards/circle-question';
import { readCircleAnswer, readScreenOption } from '../text-readers';
import { checkinScreen, circleListScreen, circleViewScreen, type Screen } from '../../cards/circle-screens';
import { cardOrText } from '../send';
import { supportsCards, translatorOf } from '../turn-context';
import { actorOf, type CirclesDeps, screenActivity, sendCircleError } from './circle-context';

/** What a prompt shows: one question, the chat's circles, or one circle (its view, or a member's check-in). */
export type PromptScreen = { kind: 'question'; question: CircleQuestionInput } | { kind: 'list' } | { kind: 'circle'; circleId: string };

type Problem = 'card' | 'text' | 'stale';
interface PromptState {
  problem?: Problem;
  /** The options of the screen as shown, so a typed "2" means what the user saw as 2. */
  options?: ScreenOption[];
}

/**
 * The one prompt of the call-circle dialogs. A question takes its card's answer (for that
 * question only) or typed text; a screen takes a typed number or words of one of its options
 * (its buttons are handled by the root). Screens are loaded from the use cases each time they
 * are shown, so a screen shown again after a check-in or an acknowledgement is up to date.
 */
export class CirclePrompt extends Prompt<CardAction> {
  constructor(
    dialogId: string,
    private readonly deps: CirclesDeps,
  ) {
    super(dialogId);
  }

  protected async onPrompt(context: TurnContext, state: PromptState, options: PromptOptions, isRetry: boolean): Promise<void> {
    const screen = options.validations as PromptScreen;
    const t = translatorOf(context);
    if (!isRetry) {
      await this.show(context, state, screen);
      return;
    }
    if (state.problem === 'card') {
      this.deps.logger.warn(
        { code: 'CARD_ACTION_INVALID', dialogId: this.id, conversationId: context.activity.conversation?.id },
        'card submit did not match the expected form',
      );
      await context.sendActivity(t.t('common:errors.cardInvalid'));
      return;
    }
    if (state.problem === 'stale') {
      await context.sendActivity(t.t('circles:text.otherQuestion'));
      await this.show(context, state, screen);
      return;
    }
    const retryChoose = supportsCards(context) ? 'circles:text.retryChooseCards' : 'circles:text.retryChoose';
    await context.sendActivity(t.t(screen.kind === 'question' ? 'circles:text.retryAnswer' : retryChoose));
    // Without a card the options are in the text above, perhaps far above: show them again.
    if (screen.kind === 'question' && !supportsCards(context)) await this.show(context, state, screen);
  }

  protected async onRecognize(context: TurnContext, state: PromptState, options?: PromptOptions): Promise<PromptRecognizerResult<CardAction>> {
    const screen = options?.validations as PromptScreen | undefined;
    if (!screen) return { succeeded: false };
    const value: unknown = context.activity.value;
    if (value !== undefined && value !== null) {
      const parsed = parseCardAction(value);
      if (!parsed.ok) {
        state.problem = 'card';
        return { succeeded: false };
      }
      const action = parsed.action;
      if (screen.kind === 'question' && action.verb === 'circle.answer' && action.field === screen.question.field) return { succeeded: true, value: action };
      state.problem = 'stale';
      return { succeeded: false };
    }
    const text = context.activity.text?.trim() ?? '';
    const t = translatorOf(context);
    const action = screen.kind === 'question' ? readCircleAnswer(text, t, screen.question) : readScreenOption(text, state.options ?? []);
    if (action) return { succeeded: true, value: action };
    state.problem = 'text';
    return { succeeded: false };
  }

  private async show(context: TurnContext, state: PromptState, screen: PromptScreen): Promise<void> {
    if (screen.kind === 'question') {
      const t = translatorOf(context);
      const activity = cardOrText(
        context,
        () => renderCircleQuestionCard(t, screen.question),
        () => circleQuestionText(t, screen.question),
      );
      if (!supportsCards(context)) activity.textFormat = 'plain';
      await context.sendActivity(activity);
      return;
    }
    const build = await loadScreen(context, this.deps, screen);
    state.options = build().options;
    await context.sendActivity(screenActivity(context, build));
  }
}

/** Reads what a screen shows; a circle the chat may no longer open falls back to the list, with why. */
export async function loadScreen(
  context: TurnContext,
  deps: CirclesDeps,
  screen: { kind: 'list' } | { kind: 'circle'; circleId: string },
): Promise<(literal?: (s: string) => string) => Screen> {
  const t = translatorOf(context);
  const actor = await actorOf(context, deps);
  if (screen.kind === 'circle') {
    const view = await deps.circles.view(actor, screen.circleId);
    if (view.ok) return (literal) => circleViewScreen(t, view.value, literal);
    if (view.code === 'NOT_A_COORDINATOR') {
      const today = await deps.circles.memberToday(actor, screen.circleId);
      if (today.ok) return (literal) => checkinScreen(t, { today: today.value }, literal);
      await sendCircleError(context, today.code);
    } else {
      await sendCircleError(context, view.code);
    }
  }
  const circles = await deps.circles.listFor(actor.chatKey);
  return (literal) => circleListScreen(t, circles, literal);
}
