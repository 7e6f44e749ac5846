import type { TurnContext } from 'botbuilder';
import type { PromptOptions, PromptRecognizerResult } from 'botbuilder-dialogs';
import type { AnswerAction, CardAction } from '../cards/actions';
import { acceptsAnswer } from '../cards/report-questions';
import { type QuestionInput, renderQuestionCard, renderReportSummaryCard, type ReportSummaryInput } from '../cards/report-render';
import { optionsHint, questionText, reportSummaryText } from '../cards/report-text';
import { readQuestionText, readReportSummaryText } from './text-readers';
import type { Logger } from '../src/ports/logger';
import { CardPrompt } from './card-prompt';
import { cardOrText } from './send';
import { supportsCards, translatorOf } from './turn-context';

type Problem = 'card' | 'text' | 'stale';

/**
 * A CardPrompt for every question of the report: the question (and its key) travels in the prompt
 * options, so one prompt serves them all. Typed text is read against that question's options;
 * on a question with a text input any other reply is the answer. A button of an earlier
 * question is refused with a word on which question is open, and an unknown reply gets the
 * numbered options.
 */
export class QuestionPrompt extends CardPrompt<QuestionInput> {
  constructor(dialogId: string, logger: Logger) {
    super(dialogId, {
      verbs: ['answer'],
      // Text is read in onRecognize below, where the question is known.
      readText: () => undefined,
      retryKey: 'common:hints.useCard',
      logger,
      render: (context, question) => {
        const t = translatorOf(context);
        return cardOrText(context, () => renderQuestionCard(t, question), () => questionText(t, question));
      },
    });
  }

  protected override async onPrompt(
    context: TurnContext,
    state: { problem?: Problem },
    options: PromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    const question = options.validations as QuestionInput;
    const t = translatorOf(context);
    if (isRetry && state.problem === 'text') {
      await context.sendActivity(t.t('report:retry.choose', { options: optionsHint(t, question.key) }));
      return;
    }
    if (isRetry && state.problem === 'stale') {
      await context.sendActivity(t.t('report:retry.otherQuestion'));
      await super.onPrompt(context, {}, options, false);
      return;
    }
    await super.onPrompt(context, state, options, isRetry);
  }

  protected override async onRecognize(
    context: TurnContext,
    state: { problem?: Problem },
    options?: PromptOptions,
  ): Promise<PromptRecognizerResult<CardAction>> {
    const question = options?.validations as QuestionInput | undefined;
    if (!question) return { succeeded: false };
    const value: unknown = context.activity.value;
    if (value !== undefined && value !== null) {
      const result = await super.onRecognize(context, state as { problem?: 'card' | 'text' });
      if (!result.succeeded || result.value?.verb !== 'answer') return result;
      const answer: AnswerAction = result.value;
      if (answer.question !== question.key) {
        state.problem = 'stale';
        return { succeeded: false };
      }
      if (!acceptsAnswer(answer.question, answer.value)) {
        state.problem = 'card';
        return { succeeded: false };
      }
      return result;
    }
    const text = context.activity.text ?? '';
    const answer = readQuestionText(text, translatorOf(context), question.key);
    if (answer) return { succeeded: true, value: answer };
    state.problem = 'text';
    return { succeeded: false };
  }
}

/** The summary with confirm, correct (per part) and cancel; typed numbers or words do the same. */
export function summaryPrompt(dialogId: string, logger: Logger): CardPrompt<ReportSummaryInput> {
  return new CardPrompt<ReportSummaryInput>(dialogId, {
    verbs: ['report.confirm', 'report.correct', 'report.cancel', 'menu'],
    readText: readReportSummaryText,
    retryKey: 'report:retry.summary',
    retryKeyCards: 'report:retry.summaryCards',
    logger,
    render: (context, summary) => {
      const t = translatorOf(context);
      const activity = cardOrText(context, () => renderReportSummaryCard(t, summary), () => reportSummaryText(t, summary));
      // The text version repeats what the user typed: it must not be read as Markdown either.
      if (!supportsCards(context)) activity.textFormat = 'plain';
      return activity;
    },
  });
}
