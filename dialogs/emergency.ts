import type { TurnContext } from 'botbuilder';
import type { HelpNumberId } from '../src/domain/emergency';
import { renderEmergencyCard } from '../cards/render';
import { emergencyText } from '../cards/text-fallback';
import { sendCardOrText } from './send';
import { translatorOf } from './turn-context';

/** Shows the help numbers at once; never queued, never stored. */
export async function sendEmergency(context: TurnContext, numbers: HelpNumberId[], canResume: boolean): Promise<void> {
  const t = translatorOf(context);
  const data = { numbers, canResume };
  await sendCardOrText(context, () => renderEmergencyCard(t, data), () => emergencyText(t, data));
}
