import type { TurnContext } from 'botbuilder';
import type { Translator } from '../src/ports/translator';
import { channelRendersCards } from '../cards/channels';
import { parseCardAction, type ParseCardActionResult } from '../cards/actions';

const TRANSLATOR_KEY = Symbol('signaalbot.translator');
const CARD_ACTION_KEY = Symbol('signaalbot.cardAction');
const FIRST_CONTACT_KEY = Symbol('signaalbot.firstContact');
/** Set while an urgent reply (the help numbers) is being sent; see {@link sendUrgent}. */
export const URGENT_REPLY_KEY = Symbol('signaalbot.urgentReply');

export function setTranslator(context: TurnContext, translator: Translator): void {
  context.turnState.set(TRANSLATOR_KEY, translator);
}

/** The translator the bot resolved for this turn (user choice, then client locale, then default). */
export function translatorOf(context: TurnContext): Translator {
  const translator = context.turnState.get(TRANSLATOR_KEY) as Translator | undefined;
  if (!translator) throw new Error('no translator on this turn');
  return translator;
}

export function setFirstContact(context: TurnContext, first: boolean): void {
  context.turnState.set(FIRST_CONTACT_KEY, first);
}

/** True on the first message of a conversation that was never welcomed (Web Chat sends no membersAdded). */
export function isFirstContact(context: TurnContext): boolean {
  return context.turnState.get(FIRST_CONTACT_KEY) === true;
}

/**
 * The card submit of this turn (`activity.value`) checked against the verbs' zod schemas, once a
 * turn: the root and the dialog underneath both read it. Undefined when the turn carries no value.
 */
export function cardActionOf(context: TurnContext): ParseCardActionResult | undefined {
  const cached = context.turnState.get<{ parsed: ParseCardActionResult | undefined } | undefined>(CARD_ACTION_KEY);
  if (cached) return cached.parsed;
  const value: unknown = context.activity.value;
  const parsed = value !== undefined && value !== null ? parseCardAction(value) : undefined;
  context.turnState.set(CARD_ACTION_KEY, { parsed });
  return parsed;
}

export function supportsCards(context: TurnContext): boolean {
  return channelRendersCards(context.activity.channelId);
}

/**
 * Sends a reply that must reach the user whatever happens to the rest of the turn (the help
 * numbers): the bot passes it on at once instead of holding it until the turn's state is saved,
 * and a retried turn does not send the same reply twice.
 */
export async function sendUrgent<T>(context: TurnContext, send: () => Promise<T>): Promise<T> {
  context.turnState.set(URGENT_REPLY_KEY, true);
  try {
    return await send();
  } finally {
    context.turnState.delete(URGENT_REPLY_KEY);
  }
}
