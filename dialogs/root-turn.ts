import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { ParseCardActionResult } from '../cards/actions';
import { type EmergencyKind, helpNumbersFor } from '../src/domain/emergency';
import { assessEmergency } from '../src/domain/emergency-assess';
import type { Logger } from '../src/ports/logger';
import type { Translations } from '../src/ports/translator';
import type { CircleCommand } from './circles/circle-commands';
import { type readCommand, readHowItWorks } from './commands';
import { askDanger, readDangerAnswer, sendEmergency } from './emergency';
import { translatorOf } from './turn-context';
import { sendHowItWorks } from './welcome';

/**
 * A turn as the root's pipeline sees it (dialogs/root.dialog.ts), and its first steps: the
 * emergency interrupts, which go before anything else a message could mean.
 */

/** The root's own state: after the help numbers, a typed "1" means that card's first option. */
export interface RootState {
  emergencyShown?: { canResume: boolean };
  /** "Is er nu direct gevaar?" was asked: what the detector half-saw, and the message, for "nee". */
  dangerAsked?: { kinds: EmergencyKind[]; text: string };
}

export type TypedCommand = NonNullable<ReturnType<typeof readCommand>>;

/** What every step of the turn pipeline reads: the activity, checked once at the start. */
export interface Turn {
  readonly dc: DialogContext;
  readonly log: Logger;
  /** The root's saved state; a step that shows the help numbers or asks about danger sets it. */
  readonly state: RootState;
  /** Typed text, empty for a card submit. After "nee" to the danger question: the message that raised it. */
  text: string;
  /** False once the text needs no emergency check (it was the danger question's message). */
  assess: boolean;
  /** `activity.value` checked against the verbs' schemas (once a turn, see cardActionOf). */
  readonly card: ParseCardActionResult | undefined;
  /** Last turn's state, read and cleared: the help numbers were shown, or danger was asked. */
  readonly emergencyShown: RootState['emergencyShown'];
  readonly dangerAsked: RootState['dangerAsked'];
  /** The typed words read as commands, once. */
  command?: { value: TypedCommand | undefined };
  circleCommand?: { value: CircleCommand | undefined };
}

/** The answer to "Is er nu direct gevaar?": "ja" shows the numbers; "nee" lets the message through. */
export async function dangerAnswer(turn: Turn): Promise<DialogTurnResult | undefined> {
  const { dc, log, dangerAsked } = turn;
  if (!dangerAsked || !turn.text) return undefined;
  const answer = readDangerAnswer(turn.text);
  if (answer === 'yes') {
    const kinds: EmergencyKind[] = dangerAsked.kinds.includes('general') ? ['general'] : ['acute', ...dangerAsked.kinds];
    log.info({ code: 'EMERGENCY_SHOWN', kinds, asked: true, activeDialog: dc.activeDialog?.id }, 'help numbers shown');
    const canResume = dc.activeDialog !== undefined;
    await sendEmergency(dc.context, helpNumbersFor(kinds), canResume);
    turn.state.emergencyShown = { canResume };
    return Dialog.EndOfTurn;
  }
  if (answer === 'no') {
    // No danger now: the message that raised the question goes where it was meant to go.
    log.info({ code: 'EMERGENCY_DECLINED', kinds: dangerAsked.kinds }, 'no direct danger; going on');
    await dc.context.sendActivity(translatorOf(dc.context).t('emergency:ask.goOn'));
    turn.text = dangerAsked.text;
    dc.context.activity.text = turn.text;
    turn.assess = false;
  }
  return undefined;
}

/** Before the emergency check: a plain "help" asks what the bot does; the numbers are on the menu below. */
export async function howItWorks(turn: Turn, translations: Translations): Promise<DialogTurnResult | undefined> {
  const { dc, log } = turn;
  if (!turn.text || !turn.assess || !readHowItWorks(turn.text, translations)) return undefined;
  log.info({ code: 'HOW_IT_WORKS_SHOWN', activeDialog: dc.activeDialog?.id }, 'how-it-works overview shown');
  await sendHowItWorks(dc.context);
  return Dialog.EndOfTurn;
}

/**
 * The help numbers, or "Is er nu direct gevaar?" when the detector is not sure. `afterHelp` runs
 * once the numbers are out (a circle member's "hulp" is also their check-in).
 */
export async function emergency(turn: Turn, afterHelp: (canResume: boolean) => Promise<void>): Promise<DialogTurnResult | undefined> {
  const { dc, log, text } = turn;
  const { context } = dc;
  if (!text || !turn.assess) return undefined;
  const emergency = assessEmergency(text);
  if (emergency.action === 'ask') {
    log.info({ code: 'EMERGENCY_ASKED', kinds: emergency.kinds, activeDialog: dc.activeDialog?.id }, 'asked whether there is danger now');
    turn.state.dangerAsked = { kinds: emergency.kinds, text };
    await askDanger(context);
    return Dialog.EndOfTurn;
  }
  if (emergency.action !== 'show') return undefined;
  log.info({ code: 'EMERGENCY_SHOWN', kinds: emergency.kinds, source: emergency.source, activeDialog: dc.activeDialog?.id }, 'help numbers shown');
  const canResume = dc.activeDialog !== undefined;
  await sendEmergency(context, helpNumbersFor(emergency.kinds), canResume);
  turn.state.emergencyShown = { canResume };
  await afterHelp(canResume);
  return Dialog.EndOfTurn;
}
