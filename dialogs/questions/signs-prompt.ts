import { renderSignsCard } from '../../cards/guide/render';
import { signsText } from '../../cards/text-fallback';
import type { Sign } from '../../src/domain/signs';
import type { Logger } from '../../src/ports/logger';
import { CardPrompt } from '../card-prompt';
import { cardOrText } from '../send';
import { readSignsText } from '../text-readers';
import { translatorOf } from '../turn-context';

/** The signs card of the report and of "Signalen herkennen" (the signs ticked before as `validations`): ticked signs, or their numbers typed. */
export function signsPrompt(dialogId: string, logger: Logger): CardPrompt<readonly Sign[] | undefined> {
  return new CardPrompt<readonly Sign[] | undefined>(dialogId, {
    verbs: ['signs.submit'],
    readText: readSignsText,
    retryKey: 'common:signs.retry',
    retryKeyCards: 'common:signs.retryCards',
    logger,
    render: (context, preselected) => {
      const t = translatorOf(context);
      return cardOrText(context, () => renderSignsCard(t, preselected ?? []), () => signsText(t));
    },
  });
}

