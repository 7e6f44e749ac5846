import { localDateTime, readableDate } from '../cards/circle-format';
import { MessageFactory, type StatePropertyAccessor } from 'botbuilder';
import { ComponentDialog, Dialog, type DialogContext, DialogTurnStatus, type DialogTurnResult } from 'botbuilder-dialogs';
import { ALL_HELP_NUMBERS, type EmergencyKind, helpNumbersFor } from '../src/domain/emergency';
import { assessEmergency } from '../src/domain/emergency-assess';
import type { Logger } from '../src/ports/logger';
import type { Locale, Translations } from '../src/ports/translator';
import { type CardAction, parseCardAction } from '../cards/actions';
import { readEmergencyText, readMenuText } from './text-readers';
import { isWebChatChannel } from '../cards/channels';
import { isNextAction } from './card-prompt';
import { readCommand, readHowItWorks } from './commands';
import { ConversationStartersDialog, STARTERS_DIALOG, type StartersOptions } from './conversation-starters.dialog';
import { askDanger, readDangerAnswer, sendEmergency } from './emergency';
import { RecogniseSignsDialog, SIGNS_DIALOG, type SignsOptions } from './recognise-signs.dialog';
import { isFirstContact, setTranslator, supportsCards, translatorOf } from './turn-context';
import type { Observation, UserProfile } from './user-profile';
import type { ReportSignalPort } from '../src/application/report-signal.types';
import { parseReference } from '../src/domain/reference';
import { REPORT_DIALOG, type ReportOptions, ReportSignalDialog, sendStaleReportNotice } from './report-signal.dialog';
import type { TurnContext } from 'botbuilder';
import { sendHowItWorks, sendMenu, sendWelcome } from './welcome';
import type { CirclesPort } from '../src/application/circles/circles.types';
import { type CircleAction, isCircleAction, isImmediateCircleAction } from '../cards/circle-actions';
import { readCircleCommand } from './circles/circle-commands';
import { type CirclesDeps, isPersonalChat } from './circles/circle-context';
import { type HandlerResult, runCircleCommand, runImmediate } from './circles/circle-handlers';
import { beginCircles, CIRCLES_DIALOG, circleDialogs } from './circles/circles.dialog';

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

type MenuChoice = Extract<CardAction, { verb: 'menu' }>['choice'];

/** The root's own state: after the help numbers, a typed "1" means that card's first option. */
interface RootState {
  emergencyShown?: { canResume: boolean };
  /** "Is er nu direct gevaar?" was asked: what the detector half-saw, and the message, for "nee". */
  dangerAsked?: { kinds: EmergencyKind[]; text: string };
}

/**
 * The router that never ends. Every message passes here first, so an emergency, a language
 * switch or "menu" interrupts any dialog; the dialog underneath stays where it was.
 */
export class RootDialog extends ComponentDialog {
  private readonly circles: CirclesDeps;

  constructor(private readonly deps: RootDialogDeps) {
    super(ROOT_DIALOG);
    this.circles = { circles: deps.circles, rememberChat: deps.rememberChat, logger: deps.logger };
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

  private async onTurn(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    const value: unknown = context.activity.value;
    const hasValue = value !== undefined && value !== null;
    const typed = hasValue ? '' : (context.activity.text ?? '').trim();
    const log = this.deps.logger.child({ conversationId: context.activity.conversation?.id });
    const state = this.rootState(dc);
    const emergencyShown = state.emergencyShown;
    delete state.emergencyShown;
    const dangerAsked = state.dangerAsked;
    delete state.dangerAsked;
    let text = typed;
    let assess = true;

    if (dangerAsked && text) {
      const answer = readDangerAnswer(text);
      if (answer === 'yes') {
        const kinds: EmergencyKind[] = dangerAsked.kinds.includes('general') ? ['general'] : ['acute', ...dangerAsked.kinds];
        log.info({ code: 'EMERGENCY_SHOWN', kinds, asked: true, activeDialog: dc.activeDialog?.id }, 'help numbers shown');
        const canResume = dc.activeDialog !== undefined;
        await sendEmergency(context, helpNumbersFor(kinds), canResume);
        state.emergencyShown = { canResume };
        return Dialog.EndOfTurn;
      }
      if (answer === 'no') {
        // No danger now: the message that raised the question goes where it was meant to go.
        log.info({ code: 'EMERGENCY_DECLINED', kinds: dangerAsked.kinds }, 'no direct danger; going on');
        await context.sendActivity(translatorOf(context).t('emergency:ask.goOn'));
        text = dangerAsked.text;
        context.activity.text = text;
        assess = false;
      }
    }

    if (text && assess && readHowItWorks(text, this.deps.translations)) {
      // Before the emergency check: a plain "help" asks what the bot does; the numbers are on the menu below.
      log.info({ code: 'HOW_IT_WORKS_SHOWN', activeDialog: dc.activeDialog?.id }, 'how-it-works overview shown');
      await sendHowItWorks(context);
      return Dialog.EndOfTurn;
    }

    if (text && assess) {
      const emergency = assessEmergency(text);
      if (emergency.action === 'ask') {
        log.info({ code: 'EMERGENCY_ASKED', kinds: emergency.kinds, activeDialog: dc.activeDialog?.id }, 'asked whether there is danger now');
        state.dangerAsked = { kinds: emergency.kinds, text };
        await askDanger(context);
        return Dialog.EndOfTurn;
      }
      if (emergency.action === 'show') {
        log.info({ code: 'EMERGENCY_SHOWN', kinds: emergency.kinds, source: emergency.source, activeDialog: dc.activeDialog?.id }, 'help numbers shown');
        const canResume = dc.activeDialog !== undefined;
        await sendEmergency(context, helpNumbersFor(emergency.kinds), canResume);
        state.emergencyShown = { canResume };
        // "Ik heb hulp nodig" from a circle member is also their check-in: the coordinator hears it.
        if (readCircleCommand(text)?.kind === 'needHelp' && isPersonalChat(context) && !isWebChatChannel(context.activity.channelId)) {
          await runCircleCommand(context, this.circles, { kind: 'needHelp' }, { canResume, helpShown: true });
        }
        return Dialog.EndOfTurn;
      }
      const command = readCommand(text, this.deps.translations);
      if (command?.kind === 'language') return this.switchLanguage(dc, command.locale);
      if (command?.kind === 'askLanguage') return this.askLanguage(dc);
      if (command?.kind === 'menu') return this.showMenu(dc);
      if (command?.kind === 'status') return this.showStatus(dc, text);
      // Call circles are Teams-only: on the web chat page check-in words are ordinary text.
      const circleCommand = isWebChatChannel(context.activity.channelId) ? undefined : readCircleCommand(text);
      if (circleCommand?.kind === 'join') {
        return this.circleAction(dc, { verb: 'circle.join', ...(circleCommand.code ? { code: circleCommand.code } : {}) });
      }
      // Check-in words while another dialog waits are that dialog's answer, not a check-in.
      if (circleCommand && isPersonalChat(context) && (!dc.activeDialog || dc.activeDialog.id === CIRCLES_DIALOG)) {
        const result = await runCircleCommand(context, this.circles, circleCommand, { canResume: dc.activeDialog !== undefined });
        if (result.handled) return this.afterCircleAction(dc, result);
      }
    }

    const typedAfterHelp = text && emergencyShown ? readEmergencyText(text, translatorOf(context), emergencyShown.canResume) : undefined;
    const parsed = hasValue ? parseCardAction(value) : undefined;
    const action = parsed?.ok ? parsed.action : typedAfterHelp;
    if (action) {
      const handled = await this.rootAction(dc, action);
      if (handled) return handled;
    }

    if (dc.activeDialog) {
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.complete && isNextAction(result.result)) {
        await this.rootAction(dc, result.result.next);
      }
      return Dialog.EndOfTurn;
    }

    if (action) return this.staleAction(dc, action);
    if (parsed && !parsed.ok) {
      log.warn({ code: 'CARD_ACTION_INVALID' }, 'card submit did not match any form');
      await context.sendActivity(translatorOf(context).t('common:errors.cardInvalid'));
      await sendMenu(context);
      return Dialog.EndOfTurn;
    }

    const choice = text ? readMenuText(text, translatorOf(context)) : undefined;
    if (choice?.verb === 'menu') return this.menuChoice(dc, choice.choice);
    if (isFirstContact(context)) {
      await sendWelcome(context);
    } else {
      // "Typ een nummer" only where the menu shows numbers: card channels show buttons.
      await context.sendActivity(translatorOf(context).t(supportsCards(context) ? 'common:hints.menuCards' : 'common:hints.menu'));
      await sendMenu(context);
    }
    return Dialog.EndOfTurn;
  }

  /** Actions that mean the same from any card, whatever dialog is running. */
  private async rootAction(dc: DialogContext, action: CardAction): Promise<DialogTurnResult | undefined> {
    switch (action.verb) {
      case 'menu.show':
        return this.showMenu(dc);
      case 'menu':
        if (action.choice === 'help' && dc.activeDialog) {
          // "Hulp nu nodig" on a summary: the numbers, and the dialog underneath can go on.
          await sendEmergency(dc.context, [...ALL_HELP_NUMBERS], true);
          this.rootState(dc).emergencyShown = { canResume: true };
          return Dialog.EndOfTurn;
        }
        await dc.cancelAllDialogs();
        return this.menuChoice(dc, action.choice);
      case 'emergency.resume':
        if (dc.activeDialog) {
          await dc.repromptDialog();
        } else {
          await dc.context.sendActivity(translatorOf(dc.context).t('emergency:noDialogToResume'));
          await sendMenu(dc.context);
        }
        return Dialog.EndOfTurn;
      case 'starters.start':
        await dc.cancelAllDialogs();
        await dc.beginDialog(STARTERS_DIALOG, {} satisfies StartersOptions);
        return Dialog.EndOfTurn;
      default:
        // A circle's answer belongs to the dialog that asked; every other circle button works from anywhere.
        if (isCircleAction(action) && action.verb !== 'circle.answer') return this.circleAction(dc, action);
        return undefined;
    }
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

  /** A button on an older card, pressed when no dialog waits for it: do what it says. */
  private async staleAction(dc: DialogContext, action: CardAction): Promise<DialogTurnResult> {
    switch (action.verb) {
      case 'signs.submit':
        await dc.beginDialog(SIGNS_DIALOG, { submitted: action.signs } satisfies SignsOptions);
        break;
      case 'answer':
      case 'report.confirm':
      case 'report.correct':
      case 'report.cancel':
        // Never a second signal from an old card: the report that card belonged to has ended.
        await sendStaleReportNotice(dc.context);
        break;
      case 'starters.setting':
        await dc.beginDialog(STARTERS_DIALOG, { setting: action.setting } satisfies StartersOptions);
        break;
      case 'circle.answer':
        // A question of a circle dialog that has ended: nothing half-done is saved; start from the circles.
        await dc.context.sendActivity(translatorOf(dc.context).t('circles:stale'));
        await beginCircles(dc, this.circles, { verb: 'circle.list' });
        break;
      default:
        await dc.beginDialog(STARTERS_DIALOG, {} satisfies StartersOptions);
    }
    return Dialog.EndOfTurn;
  }

  private async menuChoice(dc: DialogContext, choice: MenuChoice): Promise<DialogTurnResult> {
    const { context } = dc;
    switch (choice) {
      case 'signs':
        await dc.beginDialog(SIGNS_DIALOG, {} satisfies SignsOptions);
        break;
      case 'starters':
        await dc.beginDialog(STARTERS_DIALOG, {} satisfies StartersOptions);
        break;
      case 'help':
        await sendEmergency(context, [...ALL_HELP_NUMBERS], false);
        break;
      case 'report': {
        const { signs } = await this.deps.observation.get(context, { signs: [] });
        await dc.beginDialog(REPORT_DIALOG, { signs } satisfies ReportOptions);
        break;
      }
      case 'circle':
        await beginCircles(dc, this.circles, { verb: 'circle.list' });
        break;
    }
    return Dialog.EndOfTurn;
  }

  /** "status" or "status SIG-2026-000123": the reporter's own signals only. */
  private async showStatus(dc: DialogContext, text: string): Promise<DialogTurnResult> {
    const { context } = dc;
    const t = translatorOf(context);
    const key = await this.deps.rememberChat(context);
    const lines = await this.deps.report.statusForReporter(key, parseReference(text)?.reference);
    if (lines.length === 0) {
      await context.sendActivity(t.t('team:statusCommand.none'));
    } else {
      const rows = lines.map((l) =>
        t.t('team:statusCommand.line', { reference: l.reference, status: t.t(`team:status.${l.status}`), date: readableDate(t, localDateTime(l.createdAt).date) }),
      );
      await context.sendActivity([t.t('team:statusCommand.intro'), ...rows].join('\n'));
    }
    if (dc.activeDialog) await dc.repromptDialog();
    return Dialog.EndOfTurn;
  }

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

  private async switchLanguage(dc: DialogContext, locale: Locale): Promise<DialogTurnResult> {
    const { context } = dc;
    const profile = await this.deps.profile.get(context, {});
    profile.language = locale;
    await this.deps.profile.set(context, profile);
    const t = this.deps.translations.forLocale(locale);
    setTranslator(context, t);
    context.activity.locale = t.tag;
    await context.sendActivity(t.t('common:language.switched'));
    if (dc.activeDialog) await dc.repromptDialog();
    else await sendMenu(context);
    return Dialog.EndOfTurn;
  }

  private async askLanguage(dc: DialogContext): Promise<DialogTurnResult> {
    const t = translatorOf(dc.context);
    await dc.context.sendActivity(
      MessageFactory.suggestedActions([t.t('common:language.optionNl'), t.t('common:language.optionEn')], t.t('common:language.choose')),
    );
    return Dialog.EndOfTurn;
  }
}
