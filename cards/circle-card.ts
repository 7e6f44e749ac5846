import type { Translator } from '../src/ports/translator';
import type { CardAction } from './actions';
import circleTemplate from './circle-card.json';
import { numberedOptions, type ScreenOption } from './circle-format';
import { type AdaptiveCard, expandTemplate } from './template';
import { page } from './text-fallback';

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

export interface CircleCardSection {
  title: string | null;
  lines: string[];
  buttons: CardButton[];
  more: FoldedButtons | null;
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
    // Only the buttons next to a text field send the card's inputs; every other button sends its data alone.
    more: view.more.map((m) => ({ ...m, input: m.input ?? null, buttons: m.buttons.map((b) => ({ ...b, sendsInput: m.input != null })) })),
    fallbackText: view.title,
  });
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
