import type { Translator } from '../../src/ports/translator';
import type { CardAction } from '../actions';
import circleTemplate from './circle-card.json';
import { numberedOptions, type ScreenOption } from './circle-format';
import { type AdaptiveCard, expandTemplate } from '../template';
import { page } from '../text-fallback';
import { escapeCardText } from '../text-safety';

/**
 * One layout for every call-circle screen and message: a title, paragraphs, sections of lines
 * (each with its own buttons), `tel:` buttons, and the card's buttons, some folded away behind a
 * "show" button. The screens in circle-screens.ts and circle-notice.ts fill it in; the template
 * `circle-card.json` holds layout and nothing to read.
 */

export type ButtonStyle = 'default' | 'positive' | 'destructive';

export interface CardButton {
  title: string;
  data: CardAction;
  style: ButtonStyle;
}

/** Buttons folded behind one button (Action.ShowCard); `input` adds a text field (the join code). */
export interface FoldedButtons {
  title: string;
  buttons: CardButton[];
  input?: { id: string; label: string; placeholder: string; errorMessage: string; maxLength: number } | null;
}

/**
 * A numbered item whose lines may wrap without breaking a phone number: on a card each line is
 * a column of text beside a column with the number (never wrapped), and the lines under the
 * number are indented by a column, not by spaces. The text version keeps `lines`.
 */
export interface CardEntry {
  /** "1.", or nothing (with `indent`: a line under the item before). */
  number: string | null;
  /** A narrow column in front, for the number or as the indent. */
  indent: boolean;
  rows: Array<{ text: string; phone: string | null }>;
}

export interface CircleCardSection {
  title: string | null;
  lines: string[];
  buttons: CardButton[];
  more: FoldedButtons | null;
  /** When set, the card shows these instead of `lines` (which stay for text channels). */
  entries?: CardEntry[];
}

export interface CircleCardView {
  /** Above the title in the attention colour: "sent late", a problem. */
  attention: string | null;
  title: string;
  paragraphs: string[];
  sections: CircleCardSection[];
  /** Phone numbers to call with one tap. */
  dial: Array<{ title: string; url: string }>;
  buttons: CardButton[];
  more: FoldedButtons[];
}

export const button = (title: string, data: CardAction, style: ButtonStyle = 'default'): CardButton => ({ title, data, style });

export const section = (title: string | null, lines: string[], buttons: CardButton[] = [], more: FoldedButtons | null = null): CircleCardSection => ({
  title,
  lines,
  buttons,
  more,
});

/** Every card carries its title as `fallbackText`: clients show it in previews and notifications. */
export function renderCircleCard(view: CircleCardView): AdaptiveCard {
  return expandTemplate(circleTemplate, {
    ...view,
    sections: view.sections.map(cardSection),
    // Only the buttons next to a text field send the card's inputs; every other button sends its data alone.
    more: view.more.map((m) => ({ ...m, input: m.input ?? null, buttons: m.buttons.map((b) => ({ ...b, sendsInput: m.input != null })) })),
    fallbackText: view.title,
  });
}

/** One line of text, and beside it the phone number that must not break. */
export const entryRow = (text: string, phone: string | null = null) => ({ text, phone });

/** A section as the card template reads it: its entries instead of its lines when it has them. */
export function cardSection<S extends { lines: string[]; entries?: CardEntry[] }>(s: S): S & { entries: Array<CardEntry & { number: string }> } {
  // "1." alone is an empty Markdown list item (the number vanished in the playground): escaped.
  // An indent without a number still needs a text in its column: a no-break space.
  const entries = (s.entries ?? []).map((e) => ({ ...e, number: e.number === null ? '\u00a0' : escapeCardText(e.number) }));
  return entries.length > 0 ? { ...s, lines: [], entries } : { ...s, entries: [] };
}

/** A number to dial, as a card button: "Bel 06 12345678" with `tel:+31612345678`. */
export function dialButton(t: Translator, display: string, e164: string): { title: string; url: string } {
  return { title: t.t('circles:buttons.call', { number: display }), url: `tel:${e164}` };
}

/**
 * The same screen as plain text: the sections as lines, then either numbered options (a dialog
 * waits for the reply) or a hint with words to type (a message sent on its own).
 */
export function circleCardText(view: CircleCardView, reply: { options: readonly ScreenOption[]; choose: string } | { hint: string }): string {
  return page(
    view.attention ?? false,
    view.title,
    ...view.paragraphs,
    ...view.sections.map((s) => [s.title, ...s.lines].filter((line): line is string => line !== null).join('\n')),
    'options' in reply ? numberedOptions(reply.options) : false,
    'options' in reply ? reply.choose : reply.hint,
  );
}
