import { ComponentDialog, type DialogTurnResult, WaterfallDialog, type WaterfallStep, type WaterfallStepContext } from 'botbuilder-dialogs';

/**
 * The one ask/handle loop of the dialogs (issue 10): the report and every call-circle dialog ask
 * one question at a time. A first step (which may end at once) makes the state; then the loop
 * asks (`ask`: a prompt for the state's stage) and handles the answer (`answer`), and moves on
 * with `loop(step, next)`. The state travels as the loop's options, saved with the dialog stack,
 * so a restart of the bot continues at the same question.
 *
 * `prefix` names the two waterfalls (`<prefix>.start`, `<prefix>.loop`): they are part of the
 * saved dialog stack, so a dialog keeps its prefix across releases.
 */
export abstract class AskLoopDialog<S extends object> extends ComponentDialog {
  private readonly loopId: string;

  constructor(dialogId: string, prefix: string) {
    super(dialogId);
    const startId = `${prefix}.start`;
    this.loopId = `${prefix}.loop`;
    this.addDialog(new WaterfallDialog(startId, [this.start.bind(this) as WaterfallStep]));
    this.addDialog(new WaterfallDialog(this.loopId, [(step) => this.ask(step, step.options as S), (step) => this.answer(step, step.options as S, step.result)]));
    this.initialDialogId = startId;
  }

  /** Makes the first state and calls `loop`, or ends at once. */
  protected abstract start(step: WaterfallStepContext): Promise<DialogTurnResult>;
  /** Asks the question of this state: a prompt, or a wait for the next turn. */
  protected abstract ask(step: WaterfallStepContext, state: S): Promise<DialogTurnResult>;
  /** Handles what the prompt returned (the answer, already read and checked by the prompt). */
  protected abstract answer(step: WaterfallStepContext, state: S, result: unknown): Promise<DialogTurnResult>;

  /** Asks again from `next`: the same stage with a problem, or the next stage. */
  protected loop(step: WaterfallStepContext, next: S): Promise<DialogTurnResult> {
    return step.replaceDialog(this.loopId, next);
  }
}
