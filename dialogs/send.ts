import { type Activity, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../cards/guide/render';
import { supportsCards } from './turn-context';

/**
 * Sends a card where the channel renders cards, and its plain-text version elsewhere.
 * Both are built lazily so only one is rendered.
 */
export async function sendCardOrText(
  context: TurnContext,
  card: () => AdaptiveCard,
  text: () => string,
): Promise<void> {
  await context.sendActivity(cardOrText(context, card, text));
}

export function cardOrText(context: TurnContext, card: () => AdaptiveCard, text: () => string): Partial<Activity> {
  if (supportsCards(context)) return MessageFactory.attachment(CardFactory.adaptiveCard(card()));
  return MessageFactory.text(text());
}
