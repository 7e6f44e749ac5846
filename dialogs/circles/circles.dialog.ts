import { ComponentDialog, type DialogContext, type DialogTurnResult, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { CircleAction, CircleAnswerAction, ImmediateCircleAction } from '../../cards/circles/circle-actions';
import { isWebChatChannel } from '../../cards/channels';
import type { CircleQuestionInput } from '../../cards/circles/circle-question';
import type { NextAction } from '../card-prompt';
import { translatorOf } from '../turn-context';
import { dispatch, type VerbHandlers } from '../verbs';
import { type CircleDialogDeps, isPersonalChat } from './circle-context';
import { joinWithCode } from './circle-handlers';
import { CirclePrompt, type PromptScreen } from './circle-prompt';
import { CREATE_CIRCLE_DIALOG, CreateCircleDialog } from './create-circle.dialog';
import { EDIT_CIRCLE_DIALOG, EditCircleDialog } from './edit-circle.dialog';
import type { EditCircleOptions } from './edit-saves';
import { type LoopState, type Problem, QuestionLoopDialog } from './question-loop';

export const CIRCLES_DIALOG = 'circles';
export const JOIN_CIRCLE_DIALOG = 'circle.joinCode';
const SCREEN_PROMPT = 'circles.screen';
const MAIN = 'circles.main';

export interface CirclesOptions {
  screen: { kind: 'list' } | { kind: 'circle'; circleId: string };
}

/**
 * "Belcirkel" in the menu: the chat's circles, or one circle (a coordinator's view, a member's
 * check-in). It waits for a typed number in text channels; whatever is chosen (and any button of
 * these cards) goes to the root as a `NextAction`, which starts the create, edit or join dialog or
 * runs the check-in. So a button keeps working after this dialog has ended.
 */
export class CirclesDialog extends ComponentDialog {
  constructor(deps: CircleDialogDeps) {
    super(CIRCLES_DIALOG);
    this.addDialog(new CirclePrompt(SCREEN_PROMPT, deps));
    this.addDialog(new WaterfallDialog(MAIN, [this.show.bind(this), this.chosen.bind(this)]));
    this.initialDialogId = MAIN;
  }

  private async show(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { screen } = step.options as CirclesOptions;
    return step.prompt(SCREEN_PROMPT, { validations: screen satisfies PromptScreen });
  }

  private async chosen(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog({ next: step.result } as NextAction);
  }
}

interface JoinState extends LoopState {
  stage: 'code';
}

/** A code from the card that was refused: asked again with why. */
interface JoinOptions {
  problem?: Problem;
}

/** "Meedoen met een code" without the code: asks it, and asks again after a wrong one. */
export class JoinCircleDialog extends QuestionLoopDialog<JoinState> {
  constructor(deps: CircleDialogDeps) {
    super(JOIN_CIRCLE_DIALOG, deps);
  }

  protected async start(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { problem } = (step.options ?? {}) as JoinOptions;
    return this.go(step, { stage: 'code' }, 'code', problem);
  }

  protected question(state: JoinState): CircleQuestionInput {
    return { field: 'code', ...(state.problem ? { problem: state.problem } : {}) };
  }

  protected async answer(step: WaterfallStepContext, state: JoinState, action: CircleAnswerAction): Promise<DialogTurnResult> {
    const code = (action.value ?? '').trim();
    if (code === 'back') {
      return step.endDialog({ next: { verb: 'circle.list' } } satisfies NextAction);
    }
    const joined = await joinWithCode(step.context, this.deps, code);
    if (joined.ok) return step.endDialog({ next: joined.next } satisfies NextAction);
    return this.go(step, state, 'code', { code: joined.code });
  }
}

/** The call-circle dialogs, for the root to add. */
export function circleDialogs(deps: CircleDialogDeps): ComponentDialog[] {
  return [new CirclesDialog(deps), new CreateCircleDialog(deps), new EditCircleDialog(deps), new JoinCircleDialog(deps)];
}

/**
 * A circle button or menu choice that opens something: the list, a circle, the create, edit or
 * join dialog. Whatever ran is cancelled first, like any menu choice. Circles belong in a
 * personal chat: elsewhere the bot says so.
 */
export type NavigationCircleAction = Exclude<CircleAction, ImmediateCircleAction | CircleAnswerAction>;

export async function beginCircles(dc: DialogContext, deps: CircleDialogDeps, action: NavigationCircleAction): Promise<void> {
  const { context } = dc;
  if (isWebChatChannel(context.activity.channelId)) {
    await context.sendActivity(translatorOf(context).t('circles:teamsOnly'));
    return;
  }
  if (!isPersonalChat(context)) {
    await context.sendActivity(translatorOf(context).t('circles:personalOnly'));
    return;
  }
  await dc.cancelAllDialogs();
  await dispatch(NAVIGATION_VERBS, action, dc, deps);
}

/** What each navigation verb opens (cards/circles/circle-actions.ts has their schemas). */
const NAVIGATION_VERBS: VerbHandlers<NavigationCircleAction, [DialogContext, CircleDialogDeps], Promise<unknown>> = {
  'circle.create': (_action, dc) => dc.beginDialog(CREATE_CIRCLE_DIALOG),
  'circle.edit': (action, dc) => {
    const { verb: _verb, ...options } = action;
    return dc.beginDialog(EDIT_CIRCLE_DIALOG, options satisfies EditCircleOptions);
  },
  'circle.join': async (action, dc, deps) => {
    const code = action.code?.trim();
    if (!code) return dc.beginDialog(JOIN_CIRCLE_DIALOG);
    const joined = await joinWithCode(dc.context, deps, code);
    // A wrong, expired or used code: asked again, with why.
    if (!joined.ok) return dc.beginDialog(JOIN_CIRCLE_DIALOG, { problem: { code: joined.code } } satisfies JoinOptions);
    // A coordinator waiting for approval sees the list (without this circle), not the circle.
    const screen: CirclesOptions['screen'] = joined.next.verb === 'circle.open' ? { kind: 'circle', circleId: joined.circleId } : { kind: 'list' };
    return dc.beginDialog(CIRCLES_DIALOG, { screen } satisfies CirclesOptions);
  },
  'circle.open': (action, dc) => dc.beginDialog(CIRCLES_DIALOG, { screen: { kind: 'circle', circleId: action.circleId } } satisfies CirclesOptions),
  'circle.list': (_action, dc) => dc.beginDialog(CIRCLES_DIALOG, { screen: { kind: 'list' } } satisfies CirclesOptions),
};
