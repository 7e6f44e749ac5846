import { randomUUID } from 'node:crypto';
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { Dialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { isWithoutName, type ReportSignalPort } from '../src/application/report-signal.types';
import type { Sign } from '../src/domain/signs';
import { ALL_HELP_NUMBERS } from '../src/domain/emergency';
import type { Logger } from '../src/ports/logger';
import type { AnswerAction, CardAction } from '../cards/actions';
import type { QuestionInput, ReportSummaryInput } from '../cards/signals/report-render';
import { readMenuText } from './text-readers';
import type { NextAction } from './card-prompt';
import { completeDraft, firstStageOf, nextStage, type ReportState, type Stage } from './report-flow';
import { answerQuestion, type Step } from './report-answers';
import { contactLine, sendDone, sendDraftInvalid } from './report-messages';
import { questionPrompt, summaryPrompt } from './report-prompts';
import { AskLoopDialog } from './questions/ask-loop';
import { signsPrompt } from './questions/signs-prompt';
import { sendEmergency } from './emergency';
import { cardActionOf, translatorOf } from './turn-context';
import type { Observation } from './user-profile';
import { sendMenu } from './welcome';

export const REPORT_DIALOG = 'report';
const QUESTION_PROMPT = 'report.question';
const SIGNS_PROMPT = 'report.signs';
const SUMMARY_PROMPT = 'report.summary';

export interface ReportOptions {
  /** Signs observed earlier with "Signalen herkennen": offered for reuse. */
  signs?: Sign[];
}

export interface ReportSignalDialogDeps {
  report: ReportSignalPort;
  observation: StatePropertyAccessor<Observation>;
  /** Stores this chat's conversation reference and returns its key (for hearing back). */
  rememberChat: (context: TurnContext) => Promise<string>;
  logger: Logger;
}

/**
 * "Signaal melden": safety first, then who, consent, place, what was seen, contact details, a
 * summary to confirm or correct, and the reference. Nothing is stored before the confirm; an
 * emergency ends the dialog with the numbers and stores nothing. Ends with a `NextAction` when
 * the root should act (talk first: `starters.start`; stop: `menu.show`, or a menu choice typed
 * after the report).
 */
export class ReportSignalDialog extends AskLoopDialog<ReportState> {
  constructor(private readonly deps: ReportSignalDialogDeps) {
    super(REPORT_DIALOG, 'report');
    this.addDialog(questionPrompt(QUESTION_PROMPT, deps.logger));
    this.addDialog(signsPrompt(SIGNS_PROMPT, deps.logger));
    this.addDialog(summaryPrompt(SUMMARY_PROMPT, deps.logger));
  }

  private log(context: TurnContext): Logger {
    return this.deps.logger.child({ conversationId: context.activity.conversation?.id, dialog: REPORT_DIALOG });
  }

  protected async start(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as ReportOptions;
    const offered = options.signs?.length ? options.signs : (await this.deps.observation.get(step.context, { signs: [] })).signs;
    const log = this.log(step.context);
    log.info({ code: 'REPORT_STARTED', offeredSigns: offered.length }, 'report dialog started');
    // The intro travels with the first question: one activity a step (issue 10, `npm run bench`).
    const state: ReportState = { submissionKey: randomUUID(), stage: 'danger', draft: {}, offered: [...offered], intro: true };
    return this.loop(step, state);
  }

  protected async ask(step: WaterfallStepContext, state: ReportState): Promise<DialogTurnResult> {
    switch (state.stage) {
      case 'signs':
        return step.prompt(SIGNS_PROMPT, { validations: state.draft.signs ?? state.offered });
      case 'summary':
        return step.prompt(SUMMARY_PROMPT, { validations: { ...summaryOf(state), retentionDays: this.deps.report.retentionDays } });
      case 'done':
        // Waits one turn: a replayed confirm must find this dialog, not start a second signal.
        return Dialog.EndOfTurn;
      default: {
        const question: QuestionInput = {
          key: state.stage,
          ...(state.draft.about ? { about: state.draft.about } : {}),
          ...(isWithoutName(state.draft) ? { withoutName: true } : {}),
          ...(state.problem ? { problem: state.problem } : {}),
          ...(state.intro ? { intro: true } : {}),
          ...(state.stage === 'reuseSigns' ? { signs: state.offered } : {}),
        };
        return step.prompt(QUESTION_PROMPT, { validations: question });
      }
    }
  }

  protected async answer(step: WaterfallStepContext, state: ReportState, result: unknown): Promise<DialogTurnResult> {
    const flow: Step = {
      context: step.context,
      log: this.log(step.context),
      port: this.deps.report,
      go: (next, stage, changes) => this.go(step, next, stage, changes),
      end: (result) => step.endDialog(result),
    };
    switch (state.stage) {
      case 'signs':
        return this.onSigns(step, state, result as CardAction);
      case 'summary':
        return this.onSummary(step, state, result as CardAction);
      case 'done':
        return this.afterDone(step, state);
      default: {
        const answer = result as AnswerAction;
        return answerQuestion(flow, state, state.stage, answer.value ?? '');
      }
    }
  }

  /** Moves to `stage`; the problem shown with a question is cleared, a finished correction too. */
  private go(step: WaterfallStepContext, state: ReportState, stage: Stage, changes: Partial<ReportState> = {}) {
    const next: ReportState = { ...state, problem: undefined, intro: undefined, ...changes, stage };
    if (stage === 'summary') next.correcting = undefined;
    return this.loop(step, next);
  }

  private async onSigns(step: WaterfallStepContext, state: ReportState, action: CardAction): Promise<DialogTurnResult> {
    if (action.verb !== 'signs.submit') {
      return this.go(step, state, 'signs');
    }
    if (action.signs.length === 0) {
      await step.context.sendActivity(translatorOf(step.context).t('common:signs.noneChosen'));
      return this.go(step, state, 'signs');
    }
    await this.deps.observation.set(step.context, { signs: action.signs });
    const next: ReportState = { ...state, draft: { ...state.draft, signs: action.signs } };
    return this.go(step, next, nextStage(next, 'signs'));
  }

  private async onSummary(step: WaterfallStepContext, state: ReportState, action: CardAction): Promise<DialogTurnResult> {
    const { context } = step;
    switch (action.verb) {
      case 'report.cancel': {
        const log = this.log(context);
        log.info({ code: 'REPORT_CANCELLED' }, 'report cancelled at the summary; nothing stored');
        await context.sendActivity(translatorOf(context).t('report:stopped'));
        return step.endDialog({ next: { verb: 'menu.show' } } satisfies NextAction);
      }
      case 'report.correct':
        return this.go(step, state, firstStageOf(action.part, state), { correcting: action.part });
      case 'report.confirm':
        return this.submit(step, state);
      case 'menu':
        // "Hulp nu nodig" on the summary: every number, and the report stays where it was.
        if (action.choice === 'help') await sendEmergency(context, [...ALL_HELP_NUMBERS], false);
        return this.go(step, state, 'summary');
      default:
        return this.go(step, state, 'summary');
    }
  }

  /** Stores the signal through the port, with the key made at the start of this run. */
  private async submit(step: WaterfallStepContext, state: ReportState, replay = false): Promise<DialogTurnResult> {
    const { context } = step;
    const log = this.log(context);
    const draft = completeDraft(state);
    if (!draft) throw new Error('report summary confirmed without a complete draft');
    const reporterChatKey = await this.deps.rememberChat(context);
    const result = await this.deps.report.submit(draft, { submissionKey: state.submissionKey, reporterChatKey });
    if (!result.ok && result.code === 'DAILY_LIMIT') {
      // Issue 11: the draft is not kept; the reporter is told politely and gets the menu.
      log.warn({ code: result.code }, 'report refused: daily limit');
      await context.sendActivity(translatorOf(context).t('report:refused.dailyLimit'));
      await sendMenu(context);
      return step.endDialog();
    }
    if (!result.ok) {
      log.warn({ code: result.code, fields: result.fields }, 'report refused by the use case');
      await sendDraftInvalid(context, result.fields);
      return this.go(step, state, 'summary');
    }
    this.logSubmitted(context, replay, result.reference);
    await sendDone(context, result, draft.wantsFeedback);
    await sendMenu(context);
    const { reference, signaalpuntName, deadline, contact } = result;
    // Only what a replayed confirm needs stays in conversation state: the draft (names, phone
    // numbers, the note) is in the signal now, under its retention, and goes from here.
    const kept: ReportState = { submissionKey: state.submissionKey, stage: 'done', draft: {}, offered: [] };
    return this.go(step, kept, 'done', { result: { reference, signaalpuntName, deadline, wantsFeedback: draft.wantsFeedback, ...(contact ? { contact } : {}) } });
  }

  private logSubmitted(context: TurnContext, replay: boolean, reference: string): void {
    const log = this.log(context);
    log.info({ code: replay ? 'REPORT_REPLAYED' : 'REPORT_SUBMITTED', reference }, 'report submitted');
  }

  /**
   * The turn after the reference. The same confirm again (a replayed submit, a double click) asks
   * the port again with the same key and shows the same reference; other buttons of this report
   * say it was already sent; anything else leaves the report, and a typed menu choice is done.
   */
  private async afterDone(step: WaterfallStepContext, state: ReportState): Promise<DialogTurnResult> {
    const { context } = step;
    const parsed = cardActionOf(context);
    const action = parsed?.ok ? parsed.action : undefined;
    if (action?.verb === 'report.confirm') {
      // A replayed confirm (a double click): the same reference again, from what was kept.
      if (!state.result) return this.submit(step, state, true);
      this.logSubmitted(context, true, state.result.reference);
      await sendDone(context, state.result, state.result.wantsFeedback === true);
      await sendMenu(context);
      return this.go(step, state, 'done');
    }
    if (action && ['report.cancel', 'report.correct', 'answer'].includes(action.verb)) {
      const t = translatorOf(context);
      const reference = state.result?.reference ?? '';
      await context.sendActivity(`${t.t('report:done.alreadySent', { reference })}\n\n${contactLine(t, { reference, signaalpuntName: state.result?.signaalpuntName ?? '', contact: state.result?.contact })}`);
      return this.go(step, state, 'done');
    }
    const text = context.activity.text?.trim();
    const choice = text ? readMenuText(text, translatorOf(context)) : undefined;
    return step.endDialog({ next: choice ?? { verb: 'menu.show' } } satisfies NextAction);
  }
}

function summaryOf(state: ReportState): ReportSummaryInput {
  const draft = completeDraft(state);
  if (!draft) throw new Error('report summary without a complete draft');
  return { ...draft, ...(state.signaalpuntName ? { signaalpuntName: state.signaalpuntName } : {}) };
}

/**
 * For the root: a button of a report that is finished or stopped (no report dialog waits for it).
 * Says so and shows the menu; it never starts a second signal.
 */
export async function sendStaleReportNotice(context: TurnContext): Promise<void> {
  await context.sendActivity(translatorOf(context).t('report:stale'));
  await sendMenu(context);
}
