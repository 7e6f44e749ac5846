import type { Translator } from '../../src/ports/translator';
import summaryTemplate from './report-summary-card.json';
import { questionText } from './report-text';
import { type QuestionInput, questionView, type ReportSummaryInput, reportSummaryView } from './report-views';
import { type AdaptiveCard, expandTemplate } from '../template';
import { renderQuestion } from '../question-card';
import { escapeCardText } from '../text-safety';

export type { QuestionInput, ReportSummaryInput } from './report-views';

/**
 * One question of "Signaal melden": buttons `{ verb: 'answer', question, value }` (they send no
 * inputs), and for typed answers an `Input.Text` with id `value` plus a "Verder" button
 * `{ verb: 'answer', question }` that sends it.
 */
export function renderQuestionCard(t: Translator, input: QuestionInput): AdaptiveCard {
  const view = questionView(t, input);
  const answer = { verb: 'answer', question: view.key };
  return renderQuestion({
    fallbackText: questionText(t, input),
    intro: view.intro,
    problem: view.problem,
    rowProblems: [],
    title: view.title,
    paragraphs: view.paragraphs,
    items: view.items,
    sections: [],
    hint: view.hint,
    textInput: view.textInput,
    formRows: [],
    daysInput: null,
    rangeInput: null,
    submit: view.submit === null ? null : { title: view.submit, data: answer },
    buttons: view.buttons.map((b) => ({ title: b.title, style: 'default', data: { ...answer, value: b.value } })),
  });
}

/**
 * Everything the reporter entered, with every typed value escaped so it shows literally.
 * Buttons: `report.confirm`, "change" opening `{ verb: 'report.correct', part }` per part,
 * `report.cancel`. The fallback text names no personal details: clients show it in previews.
 */
export function renderReportSummaryCard(t: Translator, input: ReportSummaryInput): AdaptiveCard {
  const view = reportSummaryView(t, input, escapeCardText);
  return expandTemplate(summaryTemplate, {
    ...view,
    signs: view.signs.map((line) => `• ${line}`),
    fallbackText: `${view.title}. ${view.intro}`,
  });
}
