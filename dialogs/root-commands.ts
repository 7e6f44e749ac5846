import { MessageFactory, type StatePropertyAccessor } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { localDateTime, readableDate } from '../cards/circles/circle-format';
import type { MenuChoice } from '../cards/actions';
import type { ReportSignalPort } from '../src/application/report-signal.types';
import { ALL_HELP_NUMBERS } from '../src/domain/emergency';
import { parseReference } from '../src/domain/reference';
import type { Locale, Translations } from '../src/ports/translator';
import type { CircleDialogDeps } from './circles/circle-context';
import { beginCircles } from './circles/circles.dialog';
import { STARTERS_DIALOG, type StartersOptions } from './conversation-starters.dialog';
import { sendEmergency } from './emergency';
import { SIGNS_DIALOG, type SignsOptions } from './recognise-signs.dialog';
import { REPORT_DIALOG, type ReportOptions } from './report-signal.dialog';
import { setTranslator, translatorOf } from './turn-context';
import type { Observation, UserProfile } from './user-profile';
import { sendMenu } from './welcome';

/**
 * What the root does for a menu choice, "status" and a language switch: the answers of the turn
 * pipeline's command steps (dialogs/root.dialog.ts), kept apart so the pipeline reads as a table.
 */
export interface RootCommandDeps {
  profile: StatePropertyAccessor<UserProfile>;
  observation: StatePropertyAccessor<Observation>;
  translations: Translations;
  report: ReportSignalPort;
  circles: CircleDialogDeps;
}

/** What each menu option starts (cards/actions.ts MENU_CHOICES). */
const MENU: Readonly<Record<MenuChoice, (dc: DialogContext, deps: RootCommandDeps) => Promise<unknown>>> = {
  signs: (dc) => dc.beginDialog(SIGNS_DIALOG, {} satisfies SignsOptions),
  starters: (dc) => dc.beginDialog(STARTERS_DIALOG, {} satisfies StartersOptions),
  help: (dc) => sendEmergency(dc.context, [...ALL_HELP_NUMBERS], false),
  report: async (dc, deps) => {
    const { signs } = await deps.observation.get(dc.context, { signs: [] });
    return dc.beginDialog(REPORT_DIALOG, { signs } satisfies ReportOptions);
  },
  circle: (dc, deps) => beginCircles(dc, deps.circles, { verb: 'circle.list' }),
};

export async function menuChoice(dc: DialogContext, deps: RootCommandDeps, choice: MenuChoice): Promise<DialogTurnResult> {
  await MENU[choice](dc, deps);
  return Dialog.EndOfTurn;
}

/** "status" or "status SIG-2026-000123": the reporter's own signals only. */
export async function showStatus(dc: DialogContext, deps: RootCommandDeps, text: string): Promise<DialogTurnResult> {
  const { context } = dc;
  const t = translatorOf(context);
  const key = await deps.circles.rememberChat(context);
  const lines = await deps.report.statusForReporter(key, parseReference(text)?.reference);
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

export async function switchLanguage(dc: DialogContext, deps: RootCommandDeps, locale: Locale): Promise<DialogTurnResult> {
  const { context } = dc;
  const profile = await deps.profile.get(context, {});
  profile.language = locale;
  await deps.profile.set(context, profile);
  const t = deps.translations.forLocale(locale);
  setTranslator(context, t);
  context.activity.locale = t.tag;
  await context.sendActivity(t.t('common:language.switched'));
  if (dc.activeDialog) await dc.repromptDialog();
  else await sendMenu(context);
  return Dialog.EndOfTurn;
}

export async function askLanguage(dc: DialogContext): Promise<DialogTurnResult> {
  const t = translatorOf(dc.context);
  await dc.context.sendActivity(
    MessageFactory.suggestedActions([t.t('common:language.optionNl'), t.t('common:language.optionEn')], t.t('common:language.choose')),
  );
  return Dialog.EndOfTurn;
}
