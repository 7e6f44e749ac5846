import type { StatePropertyAccessor } from 'botbuilder';
import { ComponentDialog, type DialogTurnResult, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { pickStarters, type Setting } from '../src/domain/starters';
import type { Logger } from '../src/ports/logger';
import type { CardAction } from '../cards/actions';
import { renderSettingCard, renderStartersCard, renderStepsCard, type StartersInput } from '../cards/guide/render';
import { settingText, startersText, stepsText } from '../cards/text-fallback';
import { readSettingText, readStartersText } from './text-readers';
import { CardPrompt } from './card-prompt';
import { cardOrText, sendCardOrText } from './send';
import { translatorOf } from './turn-context';
import type { Observation } from './user-profile';

export const STARTERS_DIALOG = 'starters';
const SETTING_PROMPT = 'starters.settingPrompt';
const CHOICE_PROMPT = 'starters.choicePrompt';
const ASK_SETTING = 'starters.askSetting';
const LOOP = 'starters.loop';

export interface StartersOptions {
  setting?: Setting;
}

interface LoopState {
  setting: Setting;
  shown: string[];
  /** True after the steps card: the starters card above is still the one to act on. */
  skipShow?: boolean;
}

/** "Gesprek beginnen": pick a setting, get starters that fit it and the observed signs. */
export class ConversationStartersDialog extends ComponentDialog {
  constructor(
    private readonly observation: StatePropertyAccessor<Observation>,
    logger: Logger,
  ) {
    super(STARTERS_DIALOG);
    this.addDialog(
      new CardPrompt<undefined>(SETTING_PROMPT, {
        verbs: ['starters.setting'],
        readText: readSettingText,
        retryKey: 'common:starters.settingRetry',
        retryKeyCards: 'common:starters.settingRetryCards',
        logger,
        render: (context) => {
          const t = translatorOf(context);
          return cardOrText(context, () => renderSettingCard(t), () => settingText(t));
        },
      }),
    );
    this.addDialog(
      new CardPrompt<StartersInput | undefined>(CHOICE_PROMPT, {
        verbs: ['starters.more', 'starters.restart', 'starters.steps', 'starters.setting'],
        readText: readStartersText,
        retryKey: 'common:starters.choiceRetry',
        logger,
        render: (context, data) => {
          if (!data) return undefined;
          const t = translatorOf(context);
          return cardOrText(context, () => renderStartersCard(t, data), () => startersText(t, data));
        },
      }),
    );
    this.addDialog(new WaterfallDialog(ASK_SETTING, [this.askSetting.bind(this), this.startLoop.bind(this)]));
    this.addDialog(new WaterfallDialog(LOOP, [this.show.bind(this), this.handle.bind(this)]));
    this.initialDialogId = ASK_SETTING;
  }

  private async askSetting(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as StartersOptions;
    if (options.setting) return step.next({ verb: 'starters.setting', setting: options.setting });
    return step.prompt(SETTING_PROMPT, {});
  }

  private async startLoop(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { setting } = step.result as { setting: Setting };
    return step.replaceDialog(LOOP, { setting, shown: [] } satisfies LoopState);
  }

  private async show(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = step.options as LoopState;
    if (state.skipShow) return step.prompt(CHOICE_PROMPT, {});
    const { signs } = await this.observation.get(step.context, { signs: [] });
    let pick = pickStarters(state.setting, signs, state.shown);
    if (pick.ids.length === 0) {
      // Every starter was shown: say so and begin the set again.
      await step.context.sendActivity(translatorOf(step.context).t('common:starters.startingOver'));
      state.shown = [];
      pick = pickStarters(state.setting, signs, []);
    }
    state.shown = [...state.shown, ...pick.ids];
    const data: StartersInput = { setting: state.setting, starterIds: pick.ids, exhausted: pick.exhausted };
    return step.prompt(CHOICE_PROMPT, { validations: data });
  }

  private async handle(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = step.options as LoopState;
    const action = step.result as CardAction;
    switch (action.verb) {
      case 'starters.more':
        return step.replaceDialog(LOOP, { setting: state.setting, shown: state.shown } satisfies LoopState);
      case 'starters.restart':
        return step.replaceDialog(LOOP, { setting: state.setting, shown: [] } satisfies LoopState);
      case 'starters.setting':
        return step.replaceDialog(LOOP, { setting: action.setting, shown: [] } satisfies LoopState);
      case 'starters.steps': {
        const t = translatorOf(step.context);
        await sendCardOrText(step.context, () => renderStepsCard(t), () => stepsText(t));
        return step.replaceDialog(LOOP, { ...state, skipShow: true } satisfies LoopState);
      }
      default:
        return step.endDialog();
    }
  }
}
