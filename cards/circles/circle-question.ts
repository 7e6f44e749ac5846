import type { CircleMode, MemberInput } from '../../src/domain/circles/circle';
import type { Translator } from '../../src/ports/translator';
import type { CircleAnswerAction } from './circle-actions';
import { formatPhone } from '../../src/domain/circles/circle';
import { cardSection, type CardEntry } from './circle-card';
import { memberEntry } from './circle-screens';
import { bullet, formatWeekdays, keyOption, numberedOptions, type ScreenOption } from './circle-format';
import {
  CIRCLE_ERROR_VARS,
  CIRCLE_QUESTIONS,
  type CircleField,
  circleOptionKey,
  type FormRow,
  ROW_COUNT,
  ROW_PARTS,
  rowInputId,
  type RowProblem,
} from './circle-questions';
import { type AdaptiveCard } from '../template';
import { renderQuestion } from '../question-card';
import { cardTextInput } from '../questions';
import { escapeCardText } from '../text-safety';
import { localeWords, page } from '../text-fallback';

/**
 * One question of the call-circle dialogs, as a card and as text. The render data holds ids,
 * locale keys and what the coordinator typed, never translated text, so a question asked again
 * after a language switch is in the new language.
 */

/** The circle being made, shown on the summary before it is saved. */
export interface CircleDraftSummary {
  name: string;
  startTime: string;
  weekdays: number[];
  mode: CircleMode;
  windowMinutes: number;
  skipHolidays: boolean;
  members: MemberInput[];
}

export interface CircleQuestionInput {
  field: CircleField;
  /** Filled into the title and text ({{name}}, {{number}}). Strings are typed by people: escaped in cards. */
  vars?: Record<string, string | number>;
  /** Why the question is asked again: `circles:errors.<code>`. */
  problem?: { code: string; vars?: Record<string, string | number> };
  /** The buttons of a question that picks a member, a coordinator or a place (labels are names). */
  choices?: { value: string; label: string }[];
  /** Lines of what people typed (the order of the members), shown under the text. */
  lines?: string[];
  /** For `summary`: the circle as entered. */
  summary?: CircleDraftSummary;
  /** Weekdays ticked beforehand ("1,3,5"); a days question also says them in words. */
  preset?: string;
  /** One more paragraph, chosen by the dialog: `circles:questions.<field>.notes.<note>`, filled with `vars`. */
  note?: string;
  /** The members form: rows given back with what was typed and what is wrong (first on the form). */
  formRows?: FormRow[];
  /** Typed lines that could not be read as a member (there is nothing to give back to the form). */
  rowProblems?: RowProblem[];
}

/** "Bert: Dat telefoonnummer kan ik niet gebruiken…", or "Regel 3: …" when there is no name. */
export function rowProblemText(t: Translator, problem: RowProblem, literal: Literal = asIs): string {
  const own = problem.code.startsWith('ROW_');
  const text = t.t(own ? `circles:rows.${problem.code}` : `circles:errors.${problem.code}`, { ...CIRCLE_ERROR_VARS, name: literal(problem.name) });
  return problem.name ? t.t('circles:rows.aboutName', { name: literal(problem.name), problem: text }) : t.t('circles:rows.aboutLine', { row: problem.row, problem: text });
}

/** The rows of the members form: those given back first (with their problem), then empty rows. */
function memberRowsView(t: Translator, input: CircleQuestionInput, literal: Literal) {
  const labels = {
    Name: t.t('circles:rows.labels.firstName'),
    Phone: t.t('circles:rows.labels.phone'),
    KhName: t.t('circles:rows.labels.khName'),
    KhPhone: t.t('circles:rows.labels.khPhone'),
    KhRelation: t.t('circles:rows.labels.khRelation'),
    Consent: t.t('circles:rows.labels.consent'),
  };
  const given = input.formRows ?? [];
  return Array.from({ length: Math.max(ROW_COUNT, given.length) }, (_, i) => {
    const row = given[i];
    return {
      title: t.t('circles:rows.title', { number: i + 1 }),
      problem: row ? rowProblemText(t, row.problem, literal) : null,
      ids: Object.fromEntries(ROW_PARTS.map((part) => [part, rowInputId(i + 1, part)])),
      // Input values are shown as typed, never as Markdown: no escaping.
      values: row?.values ?? { Name: '', Phone: '', KhName: '', KhPhone: '', KhRelation: '', Consent: 'false' },
      labels,
      placeholders: { Phone: t.t('circles:rows.placeholders.phone'), KhRelation: t.t('circles:rows.placeholders.khRelation') },
    };
  }).slice(0, ROW_COUNT);
}

export const circleAnswer = (field: CircleField, value: string): CircleAnswerAction => ({ verb: 'circle.answer', field, value });
type Literal = (typed: string) => string;
const asIs: Literal = (s) => s;

/** `{{name}}` in a paragraph of a list (lists are not interpolated by the translator). */
function fill(text: string, vars: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`no value for {{${name}}}`);
    return String(value);
  });
}

function literalVars(vars: CircleQuestionInput['vars'], literal: Literal): Record<string, string | number> {
  return Object.fromEntries(Object.entries(vars ?? {}).map(([k, v]) => [k, typeof v === 'string' ? literal(v) : v]));
}

/** The buttons of a question, in order: its fixed options after the dynamic choices. */
export function questionOptions(t: Translator, input: CircleQuestionInput, literal: Literal = asIs): ScreenOption[] {
  const spec = CIRCLE_QUESTIONS[input.field];
  const dynamic = spec.dynamic ? (input.choices ?? []).map((c) => ({ label: literal(c.label), action: circleAnswer(input.field, c.value) })) : [];
  const fixed = spec.options.map((o) => {
    const option = keyOption(t, circleOptionKey(input.field, o.name), circleAnswer(input.field, o.value));
    return o.words ? { ...option, words: [...(option.words ?? []), ...localeWords(o.words, t)] } : option;
  });
  return [...dynamic, ...fixed];
}

/** Typed numbers pick buttons, except where numbers are the answer (weekdays, minutes). */
export function isNumbered(field: CircleField): boolean {
  const kind = CIRCLE_QUESTIONS[field].input?.kind;
  return kind !== 'number' && kind !== 'days';
}

function summarySections(t: Translator, summary: CircleDraftSummary, literal: Literal) {
  const settings = [
    t.t('circles:summary.name', { name: literal(summary.name) }),
    t.t('circles:summary.start', { time: summary.startTime }),
    t.t('circles:summary.days', { days: formatWeekdays(t, summary.weekdays) }),
    t.t(`circles:summary.mode.${summary.mode}`),
    t.t('circles:summary.window', { minutes: summary.windowMinutes }),
    t.t(summary.skipHolidays ? 'circles:summary.holidaysSkipped' : 'circles:summary.holidaysKept'),
  ];
  const members = summary.members.map((m, index) =>
    t.t('circles:summary.member', {
      number: index + 1,
      name: literal(m.firstName),
      phone: formatPhone(m.phone),
      keyHolder: literal(m.keyHolder.name),
      relation: literal(m.keyHolder.relation),
      keyHolderPhone: formatPhone(m.keyHolder.phone),
    }),
  );
  return [
    { title: t.t('circles:summary.settingsTitle') as string | null, lines: settings.map(bullet), entries: [] as CardEntry[] },
    {
      title: t.t('circles:summary.membersTitle', { count: summary.members.length }) as string | null,
      lines: members.map(bullet),
      entries: summary.members.map((m, i) => memberEntry(t, i + 1, m, literal)),
    },
  ];
}

/** Problems worded differently on a card, which shows buttons and no numbers (issue 14). */
const ON_CARD = new Set(['CHOOSE']);

export function circleQuestionView(t: Translator, input: CircleQuestionInput, literal: Literal = asIs, onCard = false) {
  const spec = CIRCLE_QUESTIONS[input.field];
  const base = `circles:questions.${input.field}`;
  const vars = literalVars(input.vars, literal);
  const kind = spec.input?.kind;
  const days = t.list('circles:days.long');
  return {
    field: input.field,
    title: t.t(`${base}.title`, vars),
    problem: input.problem
      ? t.t(`circles:errors.${input.problem.code}${onCard && ON_CARD.has(input.problem.code) ? '_ON_CARD' : ''}`, { ...CIRCLE_ERROR_VARS, ...literalVars(input.problem.vars, literal) })
      : null,
    // On the members form each row shows its own problem; elsewhere (the consent question after a typed list) all are listed.
    rowProblems: [...(kind === 'rows' ? [] : (input.formRows ?? []).map((r) => r.problem)), ...(input.rowProblems ?? [])]
      .sort((a, b) => a.row - b.row)
      .map((p) => rowProblemText(t, p, literal)),
    paragraphs: [
      ...t.list(`${base}.text`).map((p) => fill(p, vars)),
      ...(input.note ? [t.t(`${base}.notes.${input.note}`, vars)] : []),
      ...(kind === 'days' && input.preset ? [t.t('circles:input.daysNow', { days: formatWeekdays(t, input.preset.split(',').map(Number)) })] : []),
    ],
    sections: [
      ...(input.lines ? [{ title: null, lines: input.lines.map(literal), entries: [] as CardEntry[] }] : []),
      ...(input.summary ? summarySections(t, input.summary, literal) : []),
    ],
    hint: spec.hint ? t.t(`${base}.hint`, vars) : null,
    textInput: cardTextInput(spec.input, {
      label: t.t('circles:input.label'),
      placeholder: t.t('circles:input.placeholder'),
      errorMessage: t.t('circles:input.required'),
    }),
    daysInput:
      kind === 'days'
        ? {
            label: t.t('circles:input.daysLabel'),
            errorMessage: t.t('circles:input.daysRequired'),
            value: input.preset ?? '',
            choices: days.map((title, index) => ({ title, value: String(index + 1) })),
          }
        : null,
    memberRows: kind === 'rows' ? memberRowsView(t, input, literal) : [],
    rangeInput:
      kind === 'range'
        ? { from: t.t('circles:input.from'), to: t.t('circles:input.to'), errorMessage: t.t('circles:input.dateRequired') }
        : null,
    submit: kind ? t.t('circles:input.submit') : null,
    buttons: questionOptions(t, input, literal).map((o) => {
      const value = (o.action as CircleAnswerAction).value ?? '';
      return { title: o.label, field: input.field, value, style: spec.options.find((x) => x.value === value)?.style ?? ('default' as const) };
    }),
  };
}

/** The question card: buttons send `{ verb: 'circle.answer', field, value }`; the submit sends the inputs. */
export function renderCircleQuestionCard(t: Translator, input: CircleQuestionInput): AdaptiveCard {
  const view = circleQuestionView(t, input, escapeCardText, true);
  const answer = { verb: 'circle.answer', field: view.field };
  return renderQuestion({
    fallbackText: view.title,
    intro: null,
    problem: view.problem,
    rowProblems: view.rowProblems,
    title: view.title,
    paragraphs: view.paragraphs,
    items: [],
    sections: view.sections.map(cardSection),
    hint: view.hint,
    textInput: view.textInput,
    formRows: view.memberRows,
    daysInput: view.daysInput,
    rangeInput: view.rangeInput,
    submit: view.submit === null ? null : { title: view.submit, data: answer },
    buttons: view.buttons.map((b) => ({ title: b.title, style: b.style, data: { ...answer, value: b.value } })),
  });
}

export function circleQuestionText(t: Translator, input: CircleQuestionInput): string {
  const view = circleQuestionView(t, input);
  const options = questionOptions(t, input);
  const kind = CIRCLE_QUESTIONS[input.field].input?.kind;
  const how =
    kind === 'days'
      ? `${view.daysInput?.choices.map((c) => `${c.value}. ${c.title}`).join('\n')}\n\n${t.t('circles:text.typeDays')}`
      : kind === 'range'
        ? t.t('circles:text.typeRange')
        : kind === 'rows'
          ? t.list('circles:text.typeMembers').join('\n')
        : kind
          ? t.t('circles:text.typeAnswer')
          : false;
  const numbered = isNumbered(input.field);
  const rowProblems = [...(input.formRows ?? []).map((r) => r.problem), ...(input.rowProblems ?? [])].sort((a, b) => a.row - b.row).map((p) => rowProblemText(t, p));
  return page(
    view.problem ?? false,
    rowProblems.length > 0 && rowProblems.join('\n'),
    view.title,
    ...view.paragraphs,
    ...view.sections.map((s) => [s.title, ...s.lines].filter((line): line is string => line !== null).join('\n')),
    view.hint ?? false,
    how,
    options.length > 0 && (numbered ? numberedOptions(options) : options.map((o) => bullet(o.label)).join('\n')),
    options.length > 0 && t.t(numbered ? (kind ? 'circles:text.orNumber' : 'circles:text.choose') : 'circles:text.orWords'),
  );
}
