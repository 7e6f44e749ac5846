import type { TurnContext } from 'botbuilder';
import { renderMenuCard } from '../cards/render';
import { menuText } from '../cards/text-fallback';
import { sendCardOrText } from './send';
import { translatorOf } from './turn-context';

/** The short welcome and the menu, sent once per conversation (the bot keeps track). */
export async function sendWelcome(context: TurnContext): Promise<void> {
  const t = translatorOf(context);
  await context.sendActivity(t.t('common:welcome.text'));
  await sendMenu(context);
}

export async function sendMenu(context: TurnContext): Promise<void> {
  const t = translatorOf(context);
  await sendCardOrText(context, () => renderMenuCard(t), () => menuText(t));
}
