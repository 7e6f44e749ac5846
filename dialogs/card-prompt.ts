import type { Activity, TurnContext } from 'botbuilder';
import { Prompt, type PromptOptions, type PromptRecognizerResult } from 'botbuilder-dialogs';
import { type CardAction, parseCardAction } from '../cards/actions';
import type { Logger } from '../src/ports/logger';
import type { TextReader } from './text-readers';
import { supportsCards, translatorOf } from './turn-context';

type Verb = CardAction['verb'];
type Problem = 'card' | 'text' | 'stale';

/** What a dialog returns when the user's answer is an action for the root (for example "menu"). */
export interface NextAction {
  next: CardAction;
}

export function isNextAction(value: unknown): value is NextAction {
  return typeof value === 'object' && value !== null && 'next' in value;
}

/**
 * Builds the prompt from data saved with the dialog, in the turn's language. Rendering at prompt
 * time (not when the dialog step ran) means a reprompt after a language switch is in the new
 * language. Returns undefined when the card the user should act on is already on screen.
 */
export type PromptRenderer<T> = (context: TurnContext, data: T) => Partial<Activity> | undefined;

export interface CardPromptSettings<T> {
  verbs: readonly Verb[];
  readText: TextReader;
  render: PromptRenderer<T>;
  /** Locale key of the hint after an answer that is not one of the options. */
  retryKey: string;
  /** The same hint where the card shows buttons, not numbers (issue 14: "typ het nummer" only where numbers show). */
  retryKeyCards?: string;
  logger: Logger;
}

/**
 * Waits for a submit from a card (checked by the card's zod schema) or typed text that means the
 * same. Anything else gets a polite hint and the prompt stays where it was: nothing is lost.
 * Dialogs pass the render data as `validations` in the prompt options.
 */
export class CardPrompt<T = unknown> extends Prompt<CardAction> {
  private readonly verbs: readonly Verb[];
  private readonly readText: TextReader;
  private readonly logger: Logger;

  constructor(
    dialogId: string,
    private readonly settings: CardPromptSettings<T>,
  ) {
    super(dialogId);
    this.verbs = settings.verbs;
    this.readText = settings.readText;
    this.logger = settings.logger;
  }

  protected async onPrompt(
    context: TurnContext,
    state: { problem?: Problem },
    options: PromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    if (!isRetry) {
      const activity = this.settings.render(context, options.validations as T);
      if (activity) await context.sendActivity(activity);
      return;
    }
    const t = translatorOf(context);
    if (state.problem === 'stale') {
      // A button of an earlier card: after a crash the awaited card may never have arrived, so
      // it is shown again rather than pointing at "the card above" (issue 13).
      await context.sendActivity(t.t('common:errors.otherCard'));
      const activity = this.settings.render(context, options.validations as T);
      if (activity) await context.sendActivity(activity);
      return;
    }
    if (state.problem === 'card') {
      // Logged here, not in onRecognize: botbuilder also calls onRecognize to test whether a
      // message is meant for the prompt, and that check is not an error.
      this.logger.warn(
        { code: 'CARD_ACTION_INVALID', dialogId: this.id, conversationId: context.activity.conversation?.id },
        'card submit did not match the expected form',
      );
      await context.sendActivity(t.t('common:errors.cardInvalid'));
      return;
    }
    const { retryKey, retryKeyCards } = this.settings;
    await context.sendActivity(t.t(retryKeyCards && supportsCards(context) ? retryKeyCards : retryKey));
  }

  protected async onRecognize(
    context: TurnContext,
    state: { problem?: Problem },
  ): Promise<PromptRecognizerResult<CardAction>> {
    const activity = context.activity;
    if (activity.value !== undefined && activity.value !== null) {
      const parsed = parseCardAction(activity.value);
      if (parsed.ok && this.verbs.includes(parsed.action.verb)) return { succeeded: true, value: parsed.action };
      state.problem = parsed.ok ? 'stale' : 'card';
      return { succeeded: false };
    }
    const text = activity.text?.trim();
    if (text) {
      const action = this.readText(text, translatorOf(context));
      if (action && this.verbs.includes(action.verb)) return { succeeded: true, value: action };
    }
    state.problem = 'text';
    return { succeeded: false };
  }
}
