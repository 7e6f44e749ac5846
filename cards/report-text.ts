import { RESOURCES } from '../src/i18n/resources';
import { LOCALES, type Translator } from '../src/ports/translator';
import type { AnswerAction, CardAction } from './actions';
import { optionKey, type QuestionKey, QUESTIONS, REPORT_PARTS, SKIP } from './report-questions';
import { type Fact, type QuestionInput, questionView, type ReportSummaryInput, reportSummaryView } from './report-views';
import { labelsOf, normalise, numbered, type Option, page, readOptions } from './text-fallback';

/**
 * The report cards as plain text, for channels without Adaptive Cards, and the readers that turn
 * a typed reply into the action the card would submit. Buttons become a numbered list; a
 * question that takes typed text takes any reply that is not one of its options.
 */

const answer = (key: QuestionKey, value: string): AnswerAction => ({ verb: 'answer', question: key, value });
const bullets = (lines: readonly string[]) => lines.map((line) => `- ${line}`).join('\n');

function optionsOf(key: QuestionKey): Option[] {
  return QUESTIONS[key].options.map((value) => ({ key: optionKey(key, value), action: answer(key, value) }));
}

function wordsOf(key: QuestionKey): Option[] {
  return Object.entries(QUESTIONS[key].words ?? {}).map(([value, wordKey]) => ({ key: wordKey, action: answer(key, value) }));
}

/**
 * "geen", "none", "-": nothing to add, in any language we ship. Only ASCII punctuation also
 * counts; text in another script is an answer (normalising would leave nothing of it).
 */
function isSkipWord(text: string): boolean {
  if (/^[\s\-–—.…/]*$/.test(text)) return true;
  const input = normalise(text);
  return LOCALES.some((locale) => RESOURCES[locale].report.words.skip.map(normalise).includes(input));
}

export function questionText(t: Translator, input: QuestionInput): string {
  const view = questionView(t, input);
  const options = optionsOf(input.key);
  return page(
    view.intro ?? false,
    view.problem ?? false,
    view.title,
    ...view.paragraphs,
    view.items.length > 0 && bullets(view.items),
    view.hint ?? false,
    view.input !== null && t.t('report:fallback.typeAnswer'),
    options.length > 0 && numbered(t, options),
    options.length > 0 && t.t(view.input ? 'report:fallback.orNumber' : 'cards:fallback.choose'),
  );
}

/** The typed reply to a question, as the answer its card would send; undefined when it is none. */
export function readQuestionText(text: string, t: Translator, key: QuestionKey): AnswerAction | undefined {
  const spec = QUESTIONS[key];
  const options = optionsOf(key);
  if (!spec.input) {
    const action: CardAction | undefined = readOptions(text, t, options, wordsOf(key));
    return action?.verb === 'answer' ? action : undefined;
  }
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const input = normalise(trimmed);
  const picked = /^\d+$/.test(input) ? options[Number(input) - 1] : options.find((o) => labelsOf(o.key, t).includes(input));
  if (picked?.action.verb === 'answer') return picked.action;
  if (spec.options.includes(SKIP) && isSkipWord(trimmed)) return answer(key, SKIP);
  return answer(key, trimmed);
}

const SUMMARY_OPTIONS: readonly Option[] = [
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
    numbered(t, SUMMARY_OPTIONS),
    t.t('cards:fallback.choose'),
  );
}

/** "1" sends, "postcode" (or its number) reopens the place, "stoppen" cancels. */
export function readReportSummaryText(text: string, t: Translator): CardAction | undefined {
  return readOptions(text, t, SUMMARY_OPTIONS);
}

/** The numbered options of a question on one line, for the hint after an answer that is none of them. */
export function optionsHint(t: Translator, key: QuestionKey): string {
  return optionsOf(key)
    .map((option, index) => `${index + 1}. ${t.t(option.key)}`)
    .join(', ');
}
