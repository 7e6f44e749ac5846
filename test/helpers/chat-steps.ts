import type { Locator } from 'playwright-core';
import type { Translator } from '../../src/ports/translator';

/**
 * The one step runner of the browser tests: a chat step is an action (click a button on the
 * card in front of the user, or type a message) and the card that must follow, found by its
 * text. Playground, Web Chat and the /chat page all run their steps through here, so a step
 * waits, and fails, the same way everywhere.
 */

/** What a chat client driver offers (PlaygroundChat and WebChat both do). */
export interface ChatDriver {
  /** Types a message into the client's send box and sends it. */
  send(text: string): Promise<void>;
  /** Does `act`, then waits for the first card showing `hasText` that was not there before. */
  expectNewCard(hasText: string | RegExp, act: () => Promise<void>, timeoutMs?: number): Promise<Locator>;
  click(card: Locator, title: string): Promise<void>;
  checkbox(card: Locator, title: string): Locator;
  expectText(text: string | RegExp): Promise<Locator>;
  screenshot(step: string, card?: Locator): Promise<void>;
}

/** Click `click` on the current card, or type `type` into the chat; then `next` must show on a new card. */
export type ChatStep = ({ click: string } | { type: string }) & { next: string | RegExp; timeoutMs?: number };

/** Runs one step from `card` and returns the new card. */
export function runStep(chat: ChatDriver, card: Locator | undefined, step: ChatStep): Promise<Locator> {
  if ('type' in step) return chat.expectNewCard(step.next, () => chat.send(step.type), step.timeoutMs);
  if (!card) throw new Error(`a click on "${step.click}" needs a card to click on`);
  return chat.expectNewCard(step.next, () => chat.click(card, step.click), step.timeoutMs);
}

/** Runs the steps in order, each from the card the step before brought; returns the last card. */
export async function runSteps(chat: ChatDriver, card: Locator | undefined, steps: readonly ChatStep[]): Promise<Locator> {
  let current = card;
  for (const step of steps) current = await runStep(chat, current, step);
  if (!current) throw new Error('no steps to run');
  return current;
}

/** `text` as a literal inside a RegExp (bot texts hold dots, question marks and brackets). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * How many of the bot's apologies (a failed turn, an unreadable card; both languages) `where`
 * shows. Every chat test ends by expecting none: a flow can reach its end past an apology.
 */
export async function apologiesShown(where: { getByText(text: string): Locator } | undefined, translators: readonly Translator[]): Promise<number> {
  if (!where) return 0;
  let shown = 0;
  for (const t of translators) {
    for (const key of ['common:errors.generic', 'common:errors.cardInvalid']) shown += await where.getByText(t.t(key)).count();
  }
  return shown;
}
