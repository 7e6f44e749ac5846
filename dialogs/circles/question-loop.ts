import { ComponentDialog, type DialogTurnResult, WaterfallDialog, type WaterfallStep, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { CircleAnswerAction } from '../../cards/circles/circle-actions';
import type { CircleQuestionInput } from '../../cards/circles/circle-question';
import type { CircleDialogDeps } from './circle-context';
import { CirclePrompt, type PromptScreen } from './circle-prompt';

const QUESTION_PROMPT = 'circle.question';
const START = 'circle.start';
const LOOP = 'circle.loop';

export type Problem = NonNullable<CircleQuestionInput['problem']>;

/**
 * A dialog's state between questions: where it is, and why the question is asked again. A dialog
 * names its stages (`LoopState<'name' | 'time'>`) so a stage it does not ask cannot be gone to.
 */
export interface LoopState<Stage extends string = string> {
  stage: Stage;
  problem?: Problem;
}

/**
 * A dialog that asks one question at a time: a first step (which may end at once), then ask and
 * handle in a loop, the state travelling as the loop's options (saved with the dialog stack, so
 * a restart of the bot continues at the same question).
 */
export abstract class QuestionLoopDialog<S extends LoopState> extends ComponentDialog {
  constructor(
    dialogId: string,
    protected readonly deps: CircleDialogDeps,
  ) {
    super(dialogId);
    this.addDialog(new CirclePrompt(QUESTION_PROMPT, deps));
    this.addDialog(new WaterfallDialog(START, [this.start.bind(this) as WaterfallStep]));
    this.addDialog(new WaterfallDialog(LOOP, [this.ask.bind(this), this.handle.bind(this)]));
    this.initialDialogId = START;
  }

  protected abstract start(step: WaterfallStepContext): Promise<DialogTurnResult>;
  protected abstract question(state: S): CircleQuestionInput;
  protected abstract answer(step: WaterfallStepContext, state: S, answer: CircleAnswerAction): Promise<DialogTurnResult>;

  private async ask(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const screen: PromptScreen = { kind: 'question', question: this.question(step.options as S) };
    return step.prompt(QUESTION_PROMPT, { validations: screen });
  }

  private async handle(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return this.answer(step, step.options as S, step.result as CircleAnswerAction);
  }

  /** Asks `stage` next, with `problem` shown above it when the last answer was refused. */
  protected go(step: WaterfallStepContext, state: S, stage: S['stage'], problem?: Problem): Promise<DialogTurnResult> {
    const next = { ...state, stage } as S;
    if (problem) next.problem = problem;
    else delete next.problem;
    return step.replaceDialog(LOOP, next);
  }
}
