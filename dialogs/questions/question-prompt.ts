import type { Activity, TurnContext } from 'botbuilder';
import { Prompt, type PromptOptions, type PromptRecognizerResult } from 'botbuilder-dialogs';
import type { CardAction } from '../../cards/actions';
import type { Logger } from '../../src/ports/logger';
import type { Translator } from '../../src/ports/translator';
import { cardActionOf, translatorOf } from '../turn-context';

/** Why the last reply was not an answer: a card submit of the wrong form, typed text that is none of the options, or a button of another card. */
export type Problem = 'card' | 'text' | 'stale';

/** What the prompt keeps between a question and its answer (saved with the dialog stack, so JSON only). */
export interface QuestionState {
  problem?: Problem;
  /** Data a question kind keeps from its rendering (for example the options as numbered on screen). */
  shown?: unknown;
}

/**
 * One kind of question: how it is shown and how a reply is read. The question itself (`Q`) is
 * plain data saved with the dialog, holding ids and locale keys, never translated text, so a
 * question shown again after a language switch is in the new language.
 */
export interface Question<Q> {
  /**
   * The question as a card or text, in the turn's language. Undefined when the card the user
   * should act on is already on screen. May load what it shows; `state.shown` may keep what the
   * text reader needs (`readText` gets it back).
   */
  render(context: TurnContext, question: Q, state: QuestionState): Promise<Partial<Activity> | undefined> | Partial<Activity> | undefined;
  /**
   * A card submit, already checked by the card actions' zod schema: the answer, `'stale'` when it
   * belongs to another card or question, or `'invalid'` when it is this question's but not one of
   * its answers.
   */
  readCard(action: CardAction, question: Q): CardAction | 'stale' | 'invalid';
  /** Typed text as the answer its card would send; undefined when it is none. */
  readText(text: string, t: Translator, question: Q, shown: unknown): CardAction | undefined;
  /** The hint after typed text that is none of the options; `showAgain` repeats the question under it. */
  retry(context: TurnContext, question: Q): { text: string; showAgain?: boolean };
  /** Locale key said before a button of another card shows this question again. */
  staleKey: string;
}

/**
 * The one prompt of the dialogs: waits for a card submit (checked by the cards' zod schemas) or
 * typed text that means the same. Anything else gets a polite word and the question stays where
 * it was, so nothing is lost: a form that does not match is refused, typed text gets a hint, and a
 * button of another card (after a crash the awaited card may never have arrived) shows this
 * question again rather than pointing at "the card above" (issue 13). Dialogs pass the question
 * as `validations` in the prompt options.
 */
export class QuestionPrompt<Q> extends Prompt<CardAction> {
  constructor(
    dialogId: string,
    private readonly kind: Question<Q>,
    private readonly logger: Logger,
  ) {
    super(dialogId);
  }

  protected async onPrompt(context: TurnContext, state: QuestionState, options: PromptOptions, isRetry: boolean): Promise<void> {
    const question = options.validations as Q;
    if (!isRetry) return this.show(context, question, state);
    const t = translatorOf(context);
    switch (state.problem) {
      case 'stale':
        await context.sendActivity(t.t(this.kind.staleKey));
        return this.show(context, question, state);
      case 'card':
        // Logged here, not in onRecognize: botbuilder also calls onRecognize to test whether a
        // message is meant for the prompt, and that check is not an error.
        this.logger.warn(
          { code: 'CARD_ACTION_INVALID', dialogId: this.id, conversationId: context.activity.conversation?.id },
          'card submit did not match the expected form',
        );
        await context.sendActivity(t.t('common:errors.cardInvalid'));
        return;
      default: {
        const retry = this.kind.retry(context, question);
        await context.sendActivity(retry.text);
        if (retry.showAgain) await this.show(context, question, state);
      }
    }
  }

  protected async onRecognize(context: TurnContext, state: QuestionState, options?: PromptOptions): Promise<PromptRecognizerResult<CardAction>> {
    const question = options?.validations as Q;
    const parsed = cardActionOf(context);
    if (parsed) {
      const read = parsed.ok ? this.kind.readCard(parsed.action, question) : 'invalid';
      if (typeof read === 'object') return { succeeded: true, value: read };
      state.problem = read === 'invalid' ? 'card' : 'stale';
      return { succeeded: false };
    }
    const text = context.activity.text?.trim();
    const answer = text ? this.kind.readText(text, translatorOf(context), question, state.shown) : undefined;
    if (answer) return { succeeded: true, value: answer };
    state.problem = 'text';
    return { succeeded: false };
  }

  private async show(context: TurnContext, question: Q, state: QuestionState): Promise<void> {
    const activity = await this.kind.render(context, question, state);
    if (activity) await context.sendActivity(activity);
  }
}
