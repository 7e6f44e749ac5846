import type { StatePropertyAccessor } from 'botbuilder';
import { ComponentDialog, type DialogTurnResult, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Sign } from '../src/domain/signs';
import { possibleKinds } from '../src/domain/signs';
import type { Logger } from '../src/ports/logger';
import type { CardAction } from '../cards/actions';
import { renderSignsSummaryCard, type SignsSummaryInput } from '../cards/guide/render';
import { signsSummaryText } from '../cards/text-fallback';
import { readSignsSummaryText } from './text-readers';
import { CardPrompt, type NextAction } from './card-prompt';
import { signsPrompt } from './questions/signs-prompt';
import { cardOrText } from './send';
import { translatorOf } from './turn-context';
import type { Observation } from './user-profile';

export const SIGNS_DIALOG = 'signs';
const SIGNS_PROMPT = 'signs.prompt';
const NEXT_PROMPT = 'signs.nextPrompt';
const FLOW = 'signs.flow';

export interface SignsOptions {
  /** Signs already ticked (when the user comes back to the card). */
  preselected?: Sign[];
  /** A submit that arrived while no dialog was waiting for it (an older card): use it directly. */
  submitted?: Sign[];
}

/** "Signalen herkennen": the signaleringskaart, then a careful summary and next steps. */
export class RecogniseSignsDialog extends ComponentDialog {
  constructor(
    private readonly observation: StatePropertyAccessor<Observation>,
    logger: Logger,
  ) {
    super(SIGNS_DIALOG);
    this.addDialog(signsPrompt(SIGNS_PROMPT, logger));
    // After the summary: its buttons reach the root directly; typed choices come through here.
    this.addDialog(
      new CardPrompt<SignsSummaryInput>(NEXT_PROMPT, {
        verbs: ['starters.start', 'menu', 'menu.show'],
        readText: readSignsSummaryText,
        retryKey: 'common:hints.useCard',
        logger,
        render: (context, summary) => {
          const t = translatorOf(context);
          return cardOrText(context, () => renderSignsSummaryCard(t, summary), () => signsSummaryText(t, summary));
        },
      }),
    );
    this.addDialog(new WaterfallDialog(FLOW, [this.ask.bind(this), this.summarise.bind(this), this.next.bind(this)]));
    this.initialDialogId = FLOW;
  }

  private async ask(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as SignsOptions;
    if (options.submitted) return step.next({ verb: 'signs.submit', signs: options.submitted });
    return step.prompt(SIGNS_PROMPT, { validations: options.preselected ?? [] });
  }

  private async summarise(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const action = step.result as CardAction;
    if (action.verb !== 'signs.submit') return step.endDialog();
    const signs = action.signs;
    if (signs.length === 0) {
      await step.context.sendActivity(translatorOf(step.context).t('common:signs.noneChosen'));
      return step.replaceDialog(FLOW, {});
    }
    await this.observation.set(step.context, { signs });
    return step.prompt(NEXT_PROMPT, { validations: { signs, kinds: possibleKinds(signs) } satisfies SignsSummaryInput });
  }

  /** A next step typed after the summary: hand it to the root, which acts on it. */
  private async next(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog({ next: step.result as CardAction } satisfies NextAction);
  }
}
