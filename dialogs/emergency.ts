import { MessageFactory, type TurnContext } from 'botbuilder';
import type { HelpNumberId } from '../src/domain/emergency';
import { renderEmergencyCard } from '../cards/guide/render';
import { emergencyText } from '../cards/text-fallback';
import { normalise } from './text-readers';
import { sendCardOrText } from './send';
import { sendUrgent, translatorOf } from './turn-context';

/** Shows the help numbers at once; never queued, never stored, never held back by the turn. */
export async function sendEmergency(context: TurnContext, numbers: HelpNumberId[], canResume: boolean): Promise<void> {
  const t = translatorOf(context);
  const data = { numbers, canResume };
  await sendUrgent(context, () => sendCardOrText(context, () => renderEmergencyCard(t, data), () => emergencyText(t, data)));
}

/** The one calm question when the detector is unsure; Ja / Nee as buttons, or typed. */
export async function askDanger(context: TurnContext): Promise<void> {
  const t = translatorOf(context);
  await context.sendActivity(
    MessageFactory.suggestedActions([t.t('emergency:ask.yes'), t.t('emergency:ask.no')], `${t.t('emergency:ask.question')} ${t.t('emergency:ask.hint')}`),
  );
}

// Typed answers in Dutch (also Flemish "neen") and English; the first word decides ("nee hoor", "yes now").
const YES = new Set(['ja', 'j', 'jawel', 'jazeker', 'yes', 'y', 'yeah', 'yep']);
const NO = new Set(['nee', 'neen', 'n', 'nope', 'no', 'nah']);

/** The answer to "Is er nu direct gevaar?", or undefined when the reply is something else. */
export function readDangerAnswer(text: string): 'yes' | 'no' | undefined {
  const first = normalise(text).split(' ')[0] ?? '';
  if (YES.has(first)) return 'yes';
  if (NO.has(first)) return 'no';
  return undefined;
}
