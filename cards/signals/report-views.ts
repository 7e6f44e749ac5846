import { isWithoutName, type ReportDraft } from '../../src/application/report-signal.types';
import type { About } from '../../src/domain/signal';
import { groupSigns, type Sign } from '../../src/domain/signs';
import type { Translator } from '../../src/ports/translator';
import { optionKey, QUESTIONS, type QuestionKey, REPORT_PARTS } from './report-questions';
import { cardTextInput } from '../questions';

/**
 * What the report cards show, already translated. The card templates bind these objects and the
 * text fallback prints them, so both say the same thing. Render data holds locale keys and ids,
 * never translated text, so a card shown again after a language switch is in the new language.
 */

/** Locale keys under `report:problems`: why a question is asked again. */
export type ProblemKey =
  | 'postcodeInvalid'
  | 'addressInvalid'
  | 'houseNumberInvalid'
  | 'noteTooLong'
  | 'tooLong'
  | 'contactInvalid'
  | 'empty';

export interface QuestionInput {
  key: QuestionKey;
  /** Picks the "self" wording where a question has one. */
  about?: About;
  /** "Melden zonder naam": picks that wording where a question has one (only the 4 digits of the postcode). */
  withoutName?: boolean;
  /** Shown above the question when it is asked again. */
  problem?: { key: ProblemKey; vars?: Record<string, number> };
  /** For `reuseSigns`: the signs observed earlier. */
  signs?: readonly Sign[];
  /** The first question also says what the report is and how to stop (one message, not two). */
  intro?: boolean;
}

/** The summary: the draft, the signaalpunt the postcode led to, and how long details are kept. */
export interface ReportSummaryInput extends ReportDraft {
  signaalpuntName?: string;
  /** Days after closing before names, contact details and the note are erased. */
  retentionDays?: number;
}

const signText = (t: Translator, group: string, sign: string) => t.t(`content:signs.${group}.items.${sign}`);

/** Observed signs as lines, grouped in card order. */
export function signLines(t: Translator, signs: readonly Sign[]): string[] {
  return groupSigns(signs).flatMap(({ group, signs: inGroup }) => inGroup.map((sign) => signText(t, group, sign)));
}

export function questionView(t: Translator, input: QuestionInput) {
  const spec = QUESTIONS[input.key];
  const base = `report:questions.${input.key}`;
  const self = spec.selfWording === true && input.about === 'self';
  const withoutName = spec.withoutNameWording === true && input.withoutName === true;
  const variant = self ? 'Self' : withoutName ? 'WithoutName' : '';
  const problem = input.problem ? t.t(`report:problems.${input.problem.key}`, input.problem.vars) : null;
  return {
    key: input.key,
    intro: input.intro ? t.t('report:start') : null,
    title: t.t(`${base}.title${variant}`),
    problem,
    paragraphs: t.list(`${base}.text${variant}`),
    items: input.key === 'reuseSigns' ? signLines(t, input.signs ?? []) : [],
    hint: spec.hint ? t.t(`${base}.hint${withoutName ? 'WithoutName' : ''}`) : null,
    textInput: cardTextInput(spec.input, {
      label: t.t('report:input.label'),
      placeholder: t.t('report:input.placeholder'),
      errorMessage: t.t('report:input.required'),
    }),
    submit: spec.input ? t.t('report:input.submit') : null,
    buttons: spec.options.map((o) => ({ value: o.value, title: t.t(optionKey(input.key, o.name)) })),
  };
}

export interface Fact {
  title: string;
  value: string;
}

/**
 * The summary. `literal` is applied to every value the user typed (names, contact details,
 * postcode, the note): the card passes `escapeCardText`, the text fallback leaves them as typed.
 */
export function reportSummaryView(t: Translator, input: ReportSummaryInput, literal: (typed: string) => string = (s) => s) {
  const label = (field: string) => t.t(`report:summary.fields.${field}`);
  const fact = (field: string, value: string): Fact => ({ title: label(field), value });
  const typed = (value: string | undefined) => (value ? literal(value) : t.t('report:summary.notGiven'));
  const yesNo = (value: boolean) => t.t(value ? 'report:summary.yes' : 'report:summary.no');
  const other = input.about === 'other';
  const place = [input.postcode, input.houseNumber].filter((part) => part !== undefined && part !== '').join(' ');

  const person: Fact[] = [
    fact('about', t.t(`report:summary.about.${input.about}`)),
    ...(other ? [fact('informed', yesNo(input.informed)), fact('consent', yesNo(input.consent))] : []),
    fact('ageGroup', t.t(optionKey('ageGroup', input.ageGroup))),
    fact('postcode', literal(place)),
    ...(other ? [fact('relation', t.t(optionKey('relation', input.relation)))] : []),
    ...(other && input.consent ? [fact('personName', typed(input.personName)), fact('personContact', typed(input.personContact))] : []),
  ];
  const reporter: Fact[] = [
    fact('reporterName', typed(input.reporterName)),
    ...(other
      ? [fact('reporterOrganisation', typed(input.reporterOrganisation)), fact('reporterSector', t.t(optionKey('reporterSector', input.reporterSector)))]
      : []),
    fact('reporterContact', typed(input.reporterContact)),
    fact('wantsFeedback', yesNo(input.wantsFeedback)),
  ];
  const note = input.note
    ? input.note
        .split(/\r\n?|\n/)
        .map((line) => line.trim())
        .filter((line) => line.length > 0)
        .map(literal)
    : [t.t('report:summary.noNote')];

  return {
    title: t.t('report:summary.title'),
    intro: t.t('report:summary.intro'),
    sections: [
      { title: t.t(other ? 'report:summary.personTitle' : 'report:summary.selfTitle'), facts: person },
      { title: t.t('report:summary.reporterTitle'), facts: reporter },
    ],
    signsTitle: t.t('report:summary.signsTitle'),
    signs: signLines(t, input.signs),
    noteTitle: t.t('report:summary.noteTitle'),
    note,
    // Where it goes and who reads it; on the "zonder naam" path also what the signaalpunt does not get.
    routing:
      [
        input.signaalpuntName ? t.t('report:summary.routing', { name: input.signaalpuntName }) : undefined,
        isWithoutName(input) ? t.t('report:summary.withoutName') : undefined,
      ]
        .filter((line) => line !== undefined)
        .join(' ') || null,
    safety: input.signs.includes('meaninglessness') ? t.t('emergency:gentle.meaninglessness') : null,
    privacy: [t.t('report:summary.privacy'), ...(input.retentionDays ? [t.t('report:summary.kept', { days: input.retentionDays })] : [])].join(' '),
    correctText: t.t('report:summary.correctText'),
    buttons: {
      confirm: t.t('report:summary.confirm'),
      correct: t.t('report:summary.correct'),
      cancel: t.t('report:summary.cancel'),
      help: t.t('cards:menu.help'),
    },
    parts: REPORT_PARTS.map((id) => ({ id, title: t.t(`report:summary.parts.${id}`) })),
  };
}
