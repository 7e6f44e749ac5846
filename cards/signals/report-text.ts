import type { Translator } from '../../src/ports/translator';
import type { AnswerAction } from '../actions';
import { optionKey, type QuestionKey, QUESTIONS, REPORT_PARTS } from './report-questions';
import { type Fact, type QuestionInput, questionView, type ReportSummaryInput, reportSummaryView } from './report-views';
import { numbered, type Option, page } from '../text-fallback';

/**
 * The report cards as plain text, for channels without Adaptive Cards. Buttons become a numbered
 * list; dialogs/text-readers.ts reads a typed reply against the same options.
 */

const answer = (key: QuestionKey, value: string): AnswerAction => ({ verb: 'answer', question: key, value });
const bullets = (lines: readonly string[]) => lines.map((line) => `- ${line}`).join('\n');

/** A question's buttons, numbered in text in this order. */
export function questionOptions(key: QuestionKey): Option[] {
  return QUESTIONS[key].options.map((o) => ({ key: optionKey(key, o.name), action: answer(key, o.value) }));
}

/** Short words that also pick an option ("ja", "nee"), not numbered. */
export function questionWords(key: QuestionKey): Option[] {
  return QUESTIONS[key].options.flatMap((o) => (o.words ? [{ key: o.words, action: answer(key, o.value) }] : []));
}

export function questionText(t: Translator, input: QuestionInput): string {
  const view = questionView(t, input);
  const options = questionOptions(input.key);
  return page(
    view.intro ?? false,
    view.problem ?? false,
    view.title,
    ...view.paragraphs,
    view.items.length > 0 && bullets(view.items),
    view.hint ?? false,
    view.submit !== null && t.t('report:fallback.typeAnswer'),
    options.length > 0 && numbered(t, options),
    options.length > 0 && t.t(view.submit !== null ? 'report:fallback.orNumber' : 'cards:fallback.choose'),
  );
}

/** The summary's choices, numbered in text in this order. */
export const REPORT_SUMMARY_OPTIONS: readonly Option[] = [
  { key: 'report:summary.confirm', action: { verb: 'report.confirm' } },
  ...REPORT_PARTS.map((part): Option => ({ key: `report:summary.parts.${part}`, action: { verb: 'report.correct', part } })),
  { key: 'report:summary.cancel', action: { verb: 'report.cancel' } },
  { key: 'cards:menu.help', action: { verb: 'menu', choice: 'help' } },
];

const factLines = (facts: readonly Fact[]) => facts.map((fact) => `${fact.title}: ${fact.value}`).join('\n');

/** Everything as typed (plain text: send it with `textFormat: 'plain'`), then the numbered choices. */
export function reportSummaryText(t: Translator, input: ReportSummaryInput): string {
  const view = reportSummaryView(t, input);
  return page(
    view.title,
    view.intro,
    ...view.sections.map((section) => `${section.title}\n${factLines(section.facts)}`),
    `${view.signsTitle}\n${bullets(view.signs)}`,
    `${view.noteTitle}\n${view.note.join('\n')}`,
    view.routing ?? false,
    view.safety ?? false,
    view.privacy,
    numbered(t, REPORT_SUMMARY_OPTIONS),
    t.t('cards:fallback.choose'),
  );
}

/** The numbered options of a question on one line, for the hint after an answer that is none of them. */
export function optionsHint(t: Translator, key: QuestionKey): string {
  return questionOptions(key)
    .map((option, index) => `${index + 1}. ${t.t(option.key)}`)
    .join(', ');
}
