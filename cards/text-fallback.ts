import { SETTINGS } from '../src/domain/starters';
import { RESOURCES } from '../src/i18n/resources';
import { LOCALES, type Translator } from '../src/ports/translator';
import type { CardAction } from './actions';
import {
  type EmergencyInput,
  emergencyView,
  menuView,
  settingView,
  signsSummaryView,
  signsView,
  type StartersInput,
  startersView,
  stepsView,
  type SignsSummaryInput,
} from './guide/views';

/**
 * Plain text for channels without Adaptive Cards: the same content as each card, its buttons as a
 * numbered list. The options are exported for the readers in dialogs/text-readers.ts, which turn a
 * typed reply (a number, or the words of an option in Dutch or English, any case) into the same
 * `CardAction` the card would submit.
 */

export interface Option {
  /** Locale key of the option's words. */
  key: string;
  action: CardAction;
}

export const MENU_SHOW: Option = { key: 'cards:buttons.menu', action: { verb: 'menu.show' } };

export const MENU_OPTIONS: readonly Option[] = (['signs', 'starters', 'report', 'circle', 'help'] as const).map((choice) => ({
  key: `cards:menu.${choice}`,
  action: { verb: 'menu', choice },
}));
export const SIGNS_SUMMARY_OPTIONS: readonly Option[] = [
  { key: 'cards:summary.starters', action: { verb: 'starters.start' } },
  { key: 'cards:summary.report', action: { verb: 'menu', choice: 'report' } },
  MENU_SHOW,
  { key: 'cards:menu.help', action: { verb: 'menu', choice: 'help' } },
];
export const SETTING_OPTIONS: readonly Option[] = SETTINGS.map((setting) => ({
  key: `content:settings.${setting}`,
  action: { verb: 'starters.setting', setting },
}));
export const STARTERS_OPTIONS: readonly Option[] = [
  { key: 'cards:starters.more', action: { verb: 'starters.more' } },
  { key: 'cards:starters.steps', action: { verb: 'starters.steps' } },
  MENU_SHOW,
];
export const RESTART: Option = { key: 'cards:starters.restart', action: { verb: 'starters.restart' } };
const RESUME: Option = { key: 'emergency:resumeButton', action: { verb: 'emergency.resume' } };
const EMERGENCY_MENU: Option = { key: 'emergency:menuButton', action: { verb: 'menu.show' } };

/**
 * The words of a locale key in the turn's language first, then in every locale we ship, as written
 * (the readers normalise them). Typed in Dutch or English, both work.
 */
export function localeWords(key: string, t: Translator): string[] {
  const [ns = '', path = ''] = key.split(':');
  const found = [t.t(key)];
  for (const locale of LOCALES) {
    let node: unknown = (RESOURCES[locale] as Record<string, unknown>)[ns];
    for (const part of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    if (typeof node === 'string') found.push(node);
  }
  return found;
}

const bullets = (lines: readonly string[]) => lines.map((line) => `- ${line}`).join('\n');

export function numbered(t: Translator, options: readonly Option[], first = 1): string {
  return options.map((option, index) => `${index + first}. ${t.t(option.key)}`).join('\n');
}

export function page(...sections: ReadonlyArray<string | false>): string {
  return sections.filter((s): s is string => typeof s === 'string' && s.length > 0).join('\n\n');
}

export function menuText(t: Translator): string {
  const view = menuView(t);
  return page(view.title, view.text, numbered(t, MENU_OPTIONS), t.t('cards:fallback.choose'));
}


/** All signs numbered 1..n across the groups, so a reply like "1, 4, 12" can pick them. */
export function signsText(t: Translator): string {
  const view = signsView(t);
  let n = 0;
  const groups = view.groups.map((group) => `${group.title}\n${group.choices.map((c) => `${++n}. ${c.title}`).join('\n')}`);
  return page(view.title, view.framing, view.choose, ...groups, t.t('cards:fallback.signsHow'), t.t('cards:fallback.signsCancel'));
}

export function signsSummaryText(t: Translator, input: SignsSummaryInput): string {
  const view = signsSummaryView(t, input);
  const groups = view.groups.map((group) => `${group.title}\n${bullets(group.signs)}`);
  return page(
    view.title,
    ...groups,
    view.framing.join(' '),
    `${view.kindsTitle}\n${view.kinds.join('\n')}`,
    `${view.nextStepsTitle}\n${bullets(view.nextSteps)}`,
    numbered(t, SIGNS_SUMMARY_OPTIONS),
    t.t('cards:fallback.choose'),
  );
}


export function settingText(t: Translator): string {
  const view = settingView(t);
  const settings = view.settings.map((s, index) => `${index + 1}. ${s.title}\n   ${s.hint}`).join('\n');
  return page(view.title, view.text, `${settings}\n${SETTINGS.length + 1}. ${view.buttons.menu}`, t.t('cards:fallback.choose'));
}


/** When exhausted, option 1 reads "start again"; typing 1 still means "more", which starts over when none are left. */
export function startersText(t: Translator, input: StartersInput): string {
  const view = startersView(t, input);
  const first = input.exhausted ? `1. ${view.buttons.restart}` : `1. ${view.buttons.more}`;
  return page(
    `${view.title}\n${view.hint}`,
    `${view.intro}\n${bullets(view.starters)}`,
    `${view.tipsTitle}\n${bullets(view.tips)}`,
    input.exhausted && view.exhaustedText,
    `${first}\n${numbered(t, STARTERS_OPTIONS.slice(1), 2)}`,
    t.t('cards:fallback.choose'),
  );
}

export function stepsText(t: Translator): string {
  const view = stepsView(t);
  const steps = view.steps.map((step) => `${step.heading}\n${step.text}`);
  return page(view.title, view.intro, ...steps, numbered(t, [MENU_SHOW]));
}


/** The emergency screen's options: "1" resumes only where the screen offers it. */
export const emergencyOptions = (canResume: boolean): readonly Option[] => (canResume ? [RESUME, EMERGENCY_MENU] : [EMERGENCY_MENU]);

export function emergencyText(t: Translator, input: EmergencyInput): string {
  const view = emergencyView(t, input);
  const options = emergencyOptions(input.canResume);
  return page(view.title, view.intro, view.numbers.map((n) => n.text).join('\n'), input.canResume && view.resumeOffer, numbered(t, options));
}
