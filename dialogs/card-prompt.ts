import type { Activity, TurnContext } from 'botbuilder';
import type { CardAction } from '../cards/actions';
import type { Logger } from '../src/ports/logger';
import { type Question, QuestionPrompt } from './questions/question-prompt';
import type { TextReader } from './text-readers';
import { supportsCards, translatorOf } from './turn-context';

type Verb = CardAction['verb'];

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

/** A card whose answers are some of the card actions (by verb), typed as numbers or words too. */
export function cardQuestion<T>(settings: Omit<CardPromptSettings<T>, 'logger'>): Question<T> {
  const { verbs, readText, render, retryKey, retryKeyCards } = settings;
  return {
    render: (context, data) => render(context, data),
    readCard: (action) => (verbs.includes(action.verb) ? action : 'stale'),
    readText: (text, t) => {
      const action = readText(text, t);
      return action && verbs.includes(action.verb) ? action : undefined;
    },
    retry: (context) => ({ text: translatorOf(context).t(retryKeyCards && supportsCards(context) ? retryKeyCards : retryKey) }),
    staleKey: 'common:errors.otherCard',
  };
}

/**
 * The question engine's prompt for one card (see QuestionPrompt): a submit of one of `verbs`, or
 * typed text that means the same. Dialogs pass the render data as `validations` in the prompt options.
 */
export class CardPrompt<T = unknown> extends QuestionPrompt<T> {
  constructor(dialogId: string, settings: CardPromptSettings<T>) {
    super(dialogId, cardQuestion(settings), settings.logger);
  }
}
