import type { TurnContext } from 'botbuilder';
import { renderMenuCard } from '../cards/guide/render';
import { menuText } from '../cards/text-fallback';
import { sendCardOrText } from './send';
import { translatorOf } from './turn-context';

/** The short welcome and the menu, sent once per conversation (the bot keeps track). */
export async function sendWelcome(context: TurnContext): Promise<void> {
  const t = translatorOf(context);
  await context.sendActivity(t.t('common:welcome.text'));
  await sendMenu(context);
}

/**
 * "help" or "hoe werkt dit": what each menu choice does and what can be typed, then the menu, so
 * "Hulp nu nodig" stays one choice away. A dialog that waits keeps waiting: its card is above.
 */
export async function sendHowItWorks(context: TurnContext): Promise<void> {
  const t = translatorOf(context);
  const lines = [
    t.t('common:howItWorks.title'),
    t.list('common:howItWorks.lines').map((line) => `- ${line}`).join('\n'),
    t.t('common:howItWorks.typing'),
  ];
  await context.sendActivity(lines.join('\n\n'));
  await sendMenu(context);
}

export async function sendMenu(context: TurnContext): Promise<void> {
  const t = translatorOf(context);
  await sendCardOrText(context, () => renderMenuCard(t), () => menuText(t));
}
