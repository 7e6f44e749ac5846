import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { ComponentDialog, Dialog, type DialogContext, DialogTurnStatus, type DialogTurnResult } from 'botbuilder-dialogs';
import { ALL_HELP_NUMBERS } from '../src/domain/emergency';
import type { Logger } from '../src/ports/logger';
import type { Translations } from '../src/ports/translator';
import type { CardAction } from '../cards/actions';
import { readEmergencyText, readMenuText } from './text-readers';
import { isWebChatChannel } from '../cards/channels';
import { isNextAction } from './card-prompt';
import { readCommand } from './commands';
import { ConversationStartersDialog, STARTERS_DIALOG, type StartersOptions } from './conversation-starters.dialog';
import { sendEmergency } from './emergency';
import { RecogniseSignsDialog, SIGNS_DIALOG, type SignsOptions } from './recognise-signs.dialog';
import { cardActionOf, isFirstContact, supportsCards, translatorOf } from './turn-context';
import type { Observation, UserProfile } from './user-profile';
import type { ReportSignalPort } from '../src/application/report-signal.types';
import { ReportSignalDialog, sendStaleReportNotice } from './report-signal.dialog';
import { sendMenu, sendWelcome } from './welcome';
import type { CirclesPort } from '../src/application/circles/circles.types';
import { type CircleAction, isCircleAction, isImmediateCircleAction } from '../cards/circles/circle-actions';
import { type CircleCommand, readCircleCommand } from './circles/circle-commands';
import { type CircleDialogDeps, isPersonalChat } from './circles/circle-context';
import { type HandlerResult, runCircleCommand, runImmediate } from './circles/circle-handlers';
import { beginCircles, CIRCLES_DIALOG, circleDialogs } from './circles/circles.dialog';
import { dispatch, handles, type VerbHandlers } from './verbs';
import { dangerAnswer, emergency, howItWorks, type RootState, type Turn, type TypedCommand } from './root-turn';
import { askLanguage, menuChoice, type RootCommandDeps, showStatus, switchLanguage } from './root-commands';

export const ROOT_DIALOG = 'root';

export interface RootDialogDeps {
  profile: StatePropertyAccessor<UserProfile>;
  observation: StatePropertyAccessor<Observation>;
  translations: Translations;
  logger: Logger;
  /** Signal reporting (issue 3): the use cases and where the reporter's chat is remembered. */
  report: ReportSignalPort;
  rememberChat: (context: TurnContext) => Promise<string>;
  /** Call circles (issue 4): the use cases; `rememberChat` gives the actor's chat key. */
  circles: CirclesPort;
}

/** The verbs the root answers itself, whatever dialog is running. */
type RootVerbAction = Extract<CardAction, { verb: 'menu' | 'menu.show' | 'emergency.resume' | 'starters.start' }>;
/** Every other verb but a circle button: the dialog underneath answers it, or {@link RootDialog.staleVerbs}. */
type StaleAction = Exclude<CardAction, RootVerbAction | Exclude<CircleAction, { verb: 'circle.answer' }>>;

/**
 * The router that never ends. Every message passes here first, so an emergency, a language
 * switch or "menu" interrupts any dialog; the dialog underneath stays where it was.
 */
export class RootDialog extends ComponentDialog {
  private readonly circles: CircleDialogDeps;
  private readonly commandDeps: RootCommandDeps;

  constructor(private readonly deps: RootDialogDeps) {
    super(ROOT_DIALOG);
    this.circles = { circles: deps.circles, rememberChat: deps.rememberChat, logger: deps.logger };
    this.commandDeps = { ...deps, circles: this.circles };
    for (const dialog of circleDialogs(this.circles)) this.addDialog(dialog);
    this.addDialog(new RecogniseSignsDialog(deps.observation, deps.logger));
    this.addDialog(new ConversationStartersDialog(deps.observation, deps.logger));
    this.addDialog(
      new ReportSignalDialog({ report: deps.report, observation: deps.observation, rememberChat: deps.rememberChat, logger: deps.logger }),
    );
  }

  protected override async onBeginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return this.onTurn(dc);
  }

  protected override async onContinueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return this.onTurn(dc);
  }

  /**
   * The turn pipeline, in order: the first step that returns a result ends the turn. The
   * interrupts come first (they work whatever dialog waits, which stays where it was); then the
   * dialog underneath gets the turn; then what is left of a turn nobody claimed.
   */
  private readonly pipeline: ReadonlyArray<{ name: string; run: (turn: Turn) => Promise<DialogTurnResult | undefined> }> = [
    { name: 'dangerAnswer', run: dangerAnswer },
    { name: 'howItWorks', run: (turn) => howItWorks(turn, this.deps.translations) },
    {
      name: 'emergency',
      run: (turn) =>
        emergency(turn, async (canResume) => {
          // "Ik heb hulp nodig" from a circle member is also their check-in: the coordinator hears it.
          if (this.circleCommand(turn)?.kind !== 'needHelp' || !isPersonalChat(turn.dc.context)) return;
          await runCircleCommand(turn.dc.context, this.circles, { kind: 'needHelp' }, { canResume, helpShown: true });
        }),
    },
    { name: 'language', run: (turn) => this.language(turn) },
    { name: 'menu', run: async (turn) => (this.command(turn)?.kind === 'menu' ? this.showMenu(turn.dc) : undefined) },
    { name: 'status', run: async (turn) => (this.command(turn)?.kind === 'status' ? showStatus(turn.dc, this.commandDeps, turn.text) : undefined) },
    { name: 'circleJoin', run: (turn) => this.circleJoin(turn) },
    { name: 'checkIn', run: (turn) => this.checkIn(turn) },
    { name: 'cardVerb', run: async (turn) => this.cardVerb(turn) },
    { name: 'activeDialog', run: (turn) => this.activeDialog(turn) },
    { name: 'staleCard', run: async (turn) => this.staleCard(turn) },
    { name: 'invalidCard', run: (turn) => this.invalidCard(turn) },
    { name: 'menuText', run: async (turn) => this.menuText(turn) },
  ];

  private async onTurn(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    const card = cardActionOf(context);
    const state = this.rootState(dc);
    const { emergencyShown, dangerAsked } = state;
    delete state.emergencyShown;
    delete state.dangerAsked;
    const turn: Turn = {
      dc,
      log: this.deps.logger.child({ conversationId: context.activity.conversation?.id }),
      state,
      text: card ? '' : (context.activity.text ?? '').trim(),
      assess: true,
      card,
      emergencyShown,
      dangerAsked,
    };
    for (const step of this.pipeline) {
      const result = await step.run(turn);
      if (result) return result;
    }
    return this.unclaimed(turn);
  }

  /** The words typed this turn, read once: a command ("menu", "status", a language) or nothing. */
  private command(turn: Turn): TypedCommand | undefined {
    if (!turn.text || !turn.assess) return undefined;
    turn.command ??= { value: readCommand(turn.text, this.deps.translations) };
    return turn.command.value;
  }

  /** Check-in words; call circles are Teams-only: on the web chat page they are ordinary text. */
  private circleCommand(turn: Turn): CircleCommand | undefined {
    if (!turn.text || !turn.assess || isWebChatChannel(turn.dc.context.activity.channelId)) return undefined;
    turn.circleCommand ??= { value: readCircleCommand(turn.text) };
    return turn.circleCommand.value;
  }

  /** A card's verb, or after the help numbers a typed "1" or "ga verder" meaning one. */
  private action(turn: Turn): CardAction | undefined {
    if (turn.card?.ok) return turn.card.action;
    const { text, emergencyShown } = turn;
    return text && emergencyShown ? readEmergencyText(text, translatorOf(turn.dc.context), emergencyShown.canResume) : undefined;
  }

  private async language(turn: Turn): Promise<DialogTurnResult | undefined> {
    const command = this.command(turn);
    if (command?.kind === 'language') return switchLanguage(turn.dc, this.commandDeps, command.locale);
    if (command?.kind === 'askLanguage') return askLanguage(turn.dc);
    return undefined;
  }

  private async circleJoin(turn: Turn): Promise<DialogTurnResult | undefined> {
    const command = this.circleCommand(turn);
    if (command?.kind !== 'join') return undefined;
    return this.circleAction(turn.dc, { verb: 'circle.join', ...(command.code ? { code: command.code } : {}) });
  }

  /** Check-in words while another dialog waits are that dialog's answer, not a check-in. */
  private async checkIn(turn: Turn): Promise<DialogTurnResult | undefined> {
    const { dc } = turn;
    const command = this.circleCommand(turn);
    if (!command || command.kind === 'join' || !isPersonalChat(dc.context)) return undefined;
    if (dc.activeDialog && dc.activeDialog.id !== CIRCLES_DIALOG) return undefined;
    const result = await runCircleCommand(dc.context, this.circles, command, { canResume: dc.activeDialog !== undefined });
    return result.handled ? this.afterCircleAction(dc, result) : undefined;
  }

  /** A verb that means the same from any card, whatever dialog is running. */
  private async cardVerb(turn: Turn): Promise<DialogTurnResult | undefined> {
    const action = this.action(turn);
    return action ? this.rootAction(turn.dc, action) : undefined;
  }

  private async activeDialog(turn: Turn): Promise<DialogTurnResult | undefined> {
    const { dc } = turn;
    if (!dc.activeDialog) return undefined;
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.complete && isNextAction(result.result)) {
      await this.rootAction(dc, result.result.next);
    }
    return Dialog.EndOfTurn;
  }

  /** A button on an older card, pressed when no dialog waits for it: do what it says. */
  private async staleCard(turn: Turn): Promise<DialogTurnResult | undefined> {
    const action = this.action(turn);
    if (!action || !handles(this.staleVerbs, action)) return undefined;
    await dispatch(this.staleVerbs, action, turn.dc);
    return Dialog.EndOfTurn;
  }

  private async invalidCard(turn: Turn): Promise<DialogTurnResult | undefined> {
    const { context } = turn.dc;
    if (!turn.card || turn.card.ok) return undefined;
    turn.log.warn({ code: 'CARD_ACTION_INVALID' }, 'card submit did not match any form');
    await context.sendActivity(translatorOf(context).t('common:errors.cardInvalid'));
    await sendMenu(context);
    return Dialog.EndOfTurn;
  }

  /** A menu option typed as its number or words (channels without cards). */
  private async menuText(turn: Turn): Promise<DialogTurnResult | undefined> {
    const choice = turn.text ? readMenuText(turn.text, translatorOf(turn.dc.context)) : undefined;
    return choice?.verb === 'menu' ? menuChoice(turn.dc, this.commandDeps, choice.choice) : undefined;
  }

  /** Nothing claimed the turn: the welcome on first contact, else a hint and the menu. */
  private async unclaimed(turn: Turn): Promise<DialogTurnResult> {
    const { context } = turn.dc;
    if (isFirstContact(context)) {
      await sendWelcome(context);
    } else {
      // "Typ een nummer" only where the menu shows numbers: card channels show buttons.
      await context.sendActivity(translatorOf(context).t(supportsCards(context) ? 'common:hints.menuCards' : 'common:hints.menu'));
      await sendMenu(context);
    }
    return Dialog.EndOfTurn;
  }

  /** The root's own verbs: they mean the same from any card, whatever dialog is running. */
  private readonly rootVerbs: VerbHandlers<RootVerbAction, [DialogContext], Promise<DialogTurnResult>> = {
    'menu.show': (_action, dc) => this.showMenu(dc),
    menu: async (action, dc) => {
      if (action.choice === 'help' && dc.activeDialog) {
        // "Hulp nu nodig" on a summary: the numbers, and the dialog underneath can go on.
        await sendEmergency(dc.context, [...ALL_HELP_NUMBERS], true);
        this.rootState(dc).emergencyShown = { canResume: true };
        return Dialog.EndOfTurn;
      }
      await dc.cancelAllDialogs();
      return menuChoice(dc, this.commandDeps, action.choice);
    },
    'emergency.resume': async (_action, dc) => {
      if (dc.activeDialog) {
        await dc.repromptDialog();
      } else {
        await dc.context.sendActivity(translatorOf(dc.context).t('emergency:noDialogToResume'));
        await sendMenu(dc.context);
      }
      return Dialog.EndOfTurn;
    },
    'starters.start': async (_action, dc) => {
      await dc.cancelAllDialogs();
      await dc.beginDialog(STARTERS_DIALOG, {} satisfies StartersOptions);
      return Dialog.EndOfTurn;
    },
  };

  /**
   * The root's verbs, and every circle button but an answer (which belongs to the dialog that
   * asked): these work from anywhere. Undefined: the verb is for the dialog underneath.
   */
  private async rootAction(dc: DialogContext, action: CardAction): Promise<DialogTurnResult | undefined> {
    if (handles(this.rootVerbs, action)) return dispatch(this.rootVerbs, action, dc);
    if (isCircleAction(action) && action.verb !== 'circle.answer') return this.circleAction(dc, action);
    return undefined;
  }

  /**
   * A check-in, an acknowledgement or an outcome is done at once, and the dialog underneath (if
   * any) asks its question again; a button that opens something starts that instead.
   */
  private async circleAction(dc: DialogContext, action: Exclude<CircleAction, { verb: 'circle.answer' }>): Promise<DialogTurnResult> {
    if (isWebChatChannel(dc.context.activity.channelId)) {
      await dc.context.sendActivity(translatorOf(dc.context).t('circles:teamsOnly'));
      return Dialog.EndOfTurn;
    }
    if (!isImmediateCircleAction(action)) {
      await beginCircles(dc, this.circles, action);
      return Dialog.EndOfTurn;
    }
    if (!isPersonalChat(dc.context)) {
      await dc.context.sendActivity(translatorOf(dc.context).t('circles:personalOnly'));
      return Dialog.EndOfTurn;
    }
    const result = await runImmediate(dc.context, this.circles, action, { canResume: dc.activeDialog !== undefined });
    return this.afterCircleAction(dc, result);
  }

  private async afterCircleAction(dc: DialogContext, result: HandlerResult): Promise<DialogTurnResult> {
    if (result.emergencyShown) this.rootState(dc).emergencyShown = { canResume: dc.activeDialog !== undefined };
    if (result.next) await this.rootAction(dc, result.next);
    // After the help numbers the dialog waits for "ga verder", as after any emergency. The circles
    // card stays where it is: one action, one message (its buttons keep working).
    else if (dc.activeDialog && !result.emergencyShown && dc.activeDialog.id !== CIRCLES_DIALOG) await dc.repromptDialog();
    return Dialog.EndOfTurn;
  }

  /**
   * A dialog's verb on an older card, pressed when no dialog waits for it: every such verb has its
   * answer here (a new verb that is neither the root's nor a circle button must be added).
   */
  private readonly staleVerbs: VerbHandlers<StaleAction, [DialogContext], Promise<unknown>> = {
    'signs.submit': (action, dc) => dc.beginDialog(SIGNS_DIALOG, { submitted: action.signs } satisfies SignsOptions),
    // Never a second signal from an old card: the report that card belonged to has ended.
    answer: (_action, dc) => sendStaleReportNotice(dc.context),
    'report.confirm': (_action, dc) => sendStaleReportNotice(dc.context),
    'report.correct': (_action, dc) => sendStaleReportNotice(dc.context),
    'report.cancel': (_action, dc) => sendStaleReportNotice(dc.context),
    'starters.setting': (action, dc) => dc.beginDialog(STARTERS_DIALOG, { setting: action.setting } satisfies StartersOptions),
    'starters.more': (_action, dc) => dc.beginDialog(STARTERS_DIALOG, {} satisfies StartersOptions),
    'starters.restart': (_action, dc) => dc.beginDialog(STARTERS_DIALOG, {} satisfies StartersOptions),
    'starters.steps': (_action, dc) => dc.beginDialog(STARTERS_DIALOG, {} satisfies StartersOptions),
    'circle.answer': async (_action, dc) => {
      // A question of a circle dialog that has ended: nothing half-done is saved; start from the circles.
      await dc.context.sendActivity(translatorOf(dc.context).t('circles:stale'));
      await beginCircles(dc, this.circles, { verb: 'circle.list' });
    },
  };

  private rootState(dc: DialogContext): RootState {
    // The inner context's parent holds this component's own instance; its state is saved with the dialog stack.
    const instance = dc.parent?.activeDialog;
    if (!instance) return {};
    instance.state.root ??= {};
    return instance.state.root as RootState;
  }

  private async showMenu(dc: DialogContext): Promise<DialogTurnResult> {
    await dc.cancelAllDialogs();
    await sendMenu(dc.context);
    return Dialog.EndOfTurn;
  }

}
