import type { QuestionCardData } from './question-card';

/**
 * The one question-list format of both features (issue 10): a report question and a call-circle
 * question are described by the same spec, so the question card, the text fallback and the
 * typed-answer readers treat them alike. A feature adds what only it needs (the report: which
 * draft field a question fills; the circles: nothing) by extending `QuestionSpec`.
 */

/** How a question takes a typed answer: one line, a longer note, a phone number, a number, weekdays, two dates, or rows of members. */
export type InputKind = 'text' | 'note' | 'tel' | 'number' | 'days' | 'range' | 'rows';

/** How a button stands out: the way on is positive, stopping is destructive. */
export type OptionStyle = 'positive' | 'destructive';

export interface QuestionOption {
  /** What the button sends as `value`. */
  value: string;
  /** The button's words: `<feature>:questions.<key>.options.<name>`. */
  name: string;
  style?: OptionStyle;
  /** Locale key of short words that also pick this option when typed ("ja", "nee"). */
  words?: string;
}

export interface QuestionSpec {
  /** The answer buttons, in order (numbered in this order in text). */
  options: readonly QuestionOption[];
  /** A typed answer: the card shows an input; in text channels a reply that is no option is the answer. */
  input?: { kind: InputKind; maxLength: number };
  /** More buttons come from the question's data (member names, positions), before `options`. */
  dynamic?: boolean;
  /** Shows `<feature>:questions.<key>.hint` under the text. */
  hint?: boolean;
}

export function option(value: string, more: { name?: string; style?: OptionStyle; words?: string } = {}): QuestionOption {
  return { value, name: more.name ?? value, ...(more.style ? { style: more.style } : {}), ...(more.words ? { words: more.words } : {}) };
}

/** True when `value` is a button of this question (an input question takes any text besides). */
export function isOption(spec: QuestionSpec, value: string | undefined): boolean {
  return value !== undefined && spec.options.some((o) => o.value === value);
}

/** The card's text field for a one-line, note or phone question, in the feature's words. */
export function cardTextInput(
  input: QuestionSpec['input'],
  words: { label: string; placeholder: string; errorMessage: string },
): QuestionCardData['textInput'] {
  if (input === undefined || !['text', 'note', 'tel', 'number'].includes(input.kind)) return null;
  return { ...words, maxLength: input.maxLength, multiline: input.kind === 'note', style: input.kind === 'tel' ? 'Tel' : 'Text' };
}
