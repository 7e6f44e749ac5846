import type { TurnContext } from 'botbuilder';
import type { Translator } from '../src/ports/translator';
import { channelRendersCards } from '../cards/channels';

const TRANSLATOR_KEY = Symbol('signaalbot.translator');
const FIRST_CONTACT_KEY = Symbol('signaalbot.firstContact');

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

export function supportsCards(context: TurnContext): boolean {
  return channelRendersCards(context.activity.channelId);
}
