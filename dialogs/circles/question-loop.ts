import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { CircleAnswerAction } from '../../cards/circles/circle-actions';
import type { CircleQuestionInput } from '../../cards/circles/circle-question';
import { AskLoopDialog } from '../questions/ask-loop';
import type { CircleDialogDeps } from './circle-context';
import { CirclePrompt, type PromptScreen } from './circle-prompt';

const QUESTION_PROMPT = 'circle.question';

export type Problem = NonNullable<CircleQuestionInput['problem']>;

/**
 * A dialog's state between questions: where it is, and why the question is asked again. A dialog
 * names its stages (`LoopState<'name' | 'time'>`) so a stage it does not ask cannot be gone to.
 */
export interface LoopState<Stage extends string = string> {
  stage: Stage;
  problem?: Problem;
}

/** A call-circle dialog: the shared ask/handle loop over one circle question card per stage. */
export abstract class QuestionLoopDialog<S extends LoopState> extends AskLoopDialog<S> {
  constructor(
    dialogId: string,
    protected readonly deps: CircleDialogDeps,
  ) {
    super(dialogId, 'circle');
    this.addDialog(new CirclePrompt(QUESTION_PROMPT, deps));
  }

  protected abstract question(state: S): CircleQuestionInput;
  /** The answer comes from the circle prompt: always a `circle.answer` of this question. */
  protected abstract override answer(step: WaterfallStepContext, state: S, answer: CircleAnswerAction): Promise<DialogTurnResult>;

  protected ask(step: WaterfallStepContext, state: S): Promise<DialogTurnResult> {
    const screen: PromptScreen = { kind: 'question', question: this.question(state) };
    return step.prompt(QUESTION_PROMPT, { validations: screen });
  }

  /** Asks `stage` next, with `problem` shown above it when the last answer was refused. */
  protected go(step: WaterfallStepContext, state: S, stage: S['stage'], problem?: Problem): Promise<DialogTurnResult> {
    const next = { ...state, stage } as S;
    if (problem) next.problem = problem;
    else delete next.problem;
    return this.loop(step, next);
  }
}
