import type { TurnContext } from 'botbuilder';
import type { ScreenOption } from '../../cards/circles/circle-format';
import { circleQuestionText, type CircleQuestionInput, renderCircleQuestionCard } from '../../cards/circles/circle-question';
import { readCircleAnswer, readScreenOption } from '../text-readers';
import { checkinScreen, circleListScreen, circleViewScreen, type Screen } from '../../cards/circles/circle-screens';
import { type Question, QuestionPrompt } from '../questions/question-prompt';
import { cardOrText } from '../send';
import { supportsCards, translatorOf } from '../turn-context';
import { actorOf, type CircleDialogDeps, screenActivity, sendCircleError } from './circle-context';

/** What a prompt shows: one question, the chat's circles, or one circle (its view, or a member's check-in). */
export type PromptScreen = { kind: 'question'; question: CircleQuestionInput } | { kind: 'list' } | { kind: 'circle'; circleId: string };

/**
 * The call-circle dialogs' kind of question. A question takes its card's answer (for that
 * question only) or typed text; a screen takes a typed number or words of one of its options
 * (its buttons are handled by the root). Screens are loaded from the use cases each time they
 * are shown, so a screen shown again after a check-in or an acknowledgement is up to date; the
 * options as shown are kept, so a typed "2" means what the user saw as 2.
 */
function circleQuestion(deps: CircleDialogDeps): Question<PromptScreen> {
  return {
    render: async (context, screen, state) => {
      if (screen.kind === 'question') {
        const t = translatorOf(context);
        const activity = cardOrText(
          context,
          () => renderCircleQuestionCard(t, screen.question),
          () => circleQuestionText(t, screen.question),
        );
        if (!supportsCards(context)) activity.textFormat = 'plain';
        return activity;
      }
      const build = await loadScreen(context, deps, screen);
      state.shown = build().options;
      return screenActivity(context, build);
    },
    readCard: (action, screen) =>
      screen.kind === 'question' && action.verb === 'circle.answer' && action.field === screen.question.field ? action : 'stale',
    readText: (text, t, screen, shown) =>
      screen.kind === 'question' ? readCircleAnswer(text, t, screen.question) : readScreenOption(text, (shown as ScreenOption[] | undefined) ?? []),
    retry: (context, screen) => {
      const t = translatorOf(context);
      const cards = supportsCards(context);
      if (screen.kind === 'question') {
        // Without a card the options are in the text above, perhaps far above: show them again.
        return { text: t.t('circles:text.retryAnswer'), showAgain: !cards };
      }
      return { text: t.t(cards ? 'circles:text.retryChooseCards' : 'circles:text.retryChoose') };
    },
    staleKey: 'circles:text.otherQuestion',
  };
}

/** The one prompt of the call-circle dialogs: the question engine with the circles' kind of question. */
export class CirclePrompt extends QuestionPrompt<PromptScreen> {
  constructor(dialogId: string, deps: CircleDialogDeps) {
    super(dialogId, circleQuestion(deps), deps.logger);
  }
}

/** Reads what a screen shows; a circle the chat may no longer open falls back to the list, with why. */
export async function loadScreen(
  context: TurnContext,
  deps: CircleDialogDeps,
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
