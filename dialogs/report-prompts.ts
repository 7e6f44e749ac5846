import { acceptsAnswer } from '../cards/signals/report-questions';
import { type QuestionInput, renderQuestionCard, renderReportSummaryCard, type ReportSummaryInput } from '../cards/signals/report-render';
import { optionsHint, questionText, reportSummaryText } from '../cards/signals/report-text';
import { readQuestionText, readReportSummaryText } from './text-readers';
import { type Question, QuestionPrompt } from './questions/question-prompt';
import type { Logger } from '../src/ports/logger';
import { CardPrompt } from './card-prompt';
import { cardOrText } from './send';
import { supportsCards, translatorOf } from './turn-context';

/**
 * Every question of the report, as one kind of question: the question (and its key) travels in the
 * prompt options, so one prompt serves them all. A button answer must be this question's and one
 * of its options (any text for a question with an input); typed text is read against its options,
 * and on a question with a text input any other reply is the answer. A button of an earlier
 * question shows this one again with a word on which question is open; an unknown reply gets the
 * numbered options.
 */
export const reportQuestion: Question<QuestionInput> = {
  render: (context, question) => {
    const t = translatorOf(context);
    return cardOrText(context, () => renderQuestionCard(t, question), () => questionText(t, question));
  },
  readCard: (action, question) => {
    if (action.verb !== 'answer' || action.question !== question.key) return 'stale';
    return acceptsAnswer(action.question, action.value) ? action : 'invalid';
  },
  readText: (text, t, question) => readQuestionText(text, t, question.key),
  retry: (context, question) => {
    const t = translatorOf(context);
    return { text: t.t('report:retry.choose', { options: optionsHint(t, question.key) }) };
  },
  staleKey: 'report:retry.otherQuestion',
};

export const questionPrompt = (dialogId: string, logger: Logger): QuestionPrompt<QuestionInput> => new QuestionPrompt(dialogId, reportQuestion, logger);

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
