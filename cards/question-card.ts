import questionTemplate from './question-card.json';
import { type AdaptiveCard, expandTemplate } from './template';

/**
 * The one question card of both features (issue 10): a report question and a call-circle question
 * are the same card, filled with different data. A feature's renderer builds this data from its
 * own view model; the card decides nothing. Every field is present (null or empty when unused),
 * because the template binder refuses an unbound `${...}`. Typed strings arrive escaped.
 */

/** What a button or the submit sends: a feature's answer action, as its verb schema reads it. */
export type AnswerData = Record<string, string>;

/** A numbered item on the card: its lines beside the number, phone numbers in a column that never wraps. */
export interface QuestionEntry {
  number: string;
  indent: boolean;
  rows: Array<{ text: string; phone: string | null }>;
}

export interface QuestionSection {
  title: string | null;
  /** Shown when there are no entries. */
  lines: string[];
  entries: QuestionEntry[];
}

/** One row of a form that asks for several people at once (the call circle's members). */
export interface FormRowView {
  title: string;
  problem: string | null;
  ids: Record<string, string>;
  values: Record<string, string>;
  labels: Record<string, string>;
  placeholders: Record<string, string>;
}

export interface QuestionCardData {
  /** Shown in previews and notifications. */
  fallbackText: string;
  /** A line before the question ("Fijn dat u een signaal wilt doorgeven."). */
  intro: string | null;
  /** Why the question is asked again, in the attention colour. */
  problem: string | null;
  rowProblems: string[];
  title: string;
  paragraphs: string[];
  /** Short lines right under the text (the signs chosen before). */
  items: string[];
  sections: QuestionSection[];
  hint: string | null;
  textInput: { label: string; placeholder: string; errorMessage: string; maxLength: number; multiline: boolean; style: 'Text' | 'Tel' } | null;
  formRows: FormRowView[];
  daysInput: { label: string; errorMessage: string; value: string; choices: Array<{ title: string; value: string }> } | null;
  rangeInput: { from: string; to: string; errorMessage: string } | null;
  /** The button that sends the inputs. */
  submit: { title: string; data: AnswerData } | null;
  /** Answer buttons: they send their own data and no inputs. */
  buttons: Array<{ title: string; style: 'default' | 'positive' | 'destructive'; data: AnswerData }>;
}

export function renderQuestion(data: QuestionCardData): AdaptiveCard {
  return expandTemplate(questionTemplate, data);
}
