import { SIGN_GROUP_IDS, SIGN_GROUPS, type Sign } from '../src/domain/signs';
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
} from './views';

/**
 * Plain text for channels without Adaptive Cards: the same content as each card, its buttons as a
 * numbered list, and readers that turn a typed reply (a number, or the words of an option in Dutch
 * or English, any case) into the same `CardAction` the card would submit.
 */

/** Reads typed text as one of a card's actions; undefined when the text means none of them. */
export type TextReader = (text: string, t: Translator) => CardAction | undefined;

export interface Option {
  /** Locale key of the option's words. */
  key: string;
  action: CardAction;
}

const MENU_SHOW: Option = { key: 'cards:buttons.menu', action: { verb: 'menu.show' } };

const MENU_OPTIONS: readonly Option[] = (['signs', 'starters', 'report', 'circle', 'help'] as const).map((choice) => ({
  key: `cards:menu.${choice}`,
  action: { verb: 'menu', choice },
}));
const SUMMARY_OPTIONS: readonly Option[] = [
  { key: 'cards:summary.starters', action: { verb: 'starters.start' } },
  { key: 'cards:summary.report', action: { verb: 'menu', choice: 'report' } },
  MENU_SHOW,
  { key: 'cards:menu.help', action: { verb: 'menu', choice: 'help' } },
];
const SETTING_OPTIONS: readonly Option[] = SETTINGS.map((setting) => ({
  key: `content:settings.${setting}`,
  action: { verb: 'starters.setting', setting },
}));
const STARTERS_OPTIONS: readonly Option[] = [
  { key: 'cards:starters.more', action: { verb: 'starters.more' } },
  { key: 'cards:starters.steps', action: { verb: 'starters.steps' } },
  MENU_SHOW,
];
const RESTART: Option = { key: 'cards:starters.restart', action: { verb: 'starters.restart' } };
const RESUME: Option = { key: 'emergency:resumeButton', action: { verb: 'emergency.resume' } };
const EMERGENCY_MENU: Option = { key: 'emergency:menuButton', action: { verb: 'menu.show' } };

/** Every sign in card order; the signs list numbers them 1..n. */
const ALL_SIGNS: readonly Sign[] = SIGN_GROUP_IDS.flatMap((group) => SIGN_GROUPS[group] as readonly Sign[]);
/** Words people put between numbers ("1, 4 en 12"). */
const FILLERS = new Set(['en', 'and']);

export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The option's words in the turn's language and in every locale we ship, normalised. */
export function labelsOf(key: string, t: Translator): string[] {
  const [ns = '', path = ''] = key.split(':');
  const found = [t.t(key)];
  for (const locale of LOCALES) {
    let node: unknown = (RESOURCES[locale] as Record<string, unknown>)[ns];
    for (const part of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    if (typeof node === 'string') found.push(node);
  }
  return [...new Set(found.map(normalise))];
}

/** An option as the reader sees it: its normalised words in every language, and what it does. */
export interface LabelledOption {
  labels: readonly string[];
  action: CardAction;
}

/**
 * Typed text as one of the options: a number picks from the first `numberedCount`; words match an
 * option when they are one of its whole labels, or when every typed word (3+ letters) is a whole
 * word (or, with 5+ letters, the start or end of a compound) of exactly one option's labels. The first label is the user's language; a word from another
 * language's label counts only with 4+ letters, so "nee" or "ja" never pick "Help needed now" and a
 * postcode or a name never matches inside a longer word (issue #12).
 */
const OTHER_LANGUAGE_MIN = 4;
const COMPOUND_PART_MIN = 5;
/** "stappen" in "gespreksstappen": a letters-only word of 5+ letters at the start or end of a Dutch compound. */
const isCompoundPart = (word: string, labelWord: string): boolean =>
  word.length >= COMPOUND_PART_MIN && /^[a-z]+$/.test(word) && (labelWord.startsWith(word) || labelWord.endsWith(word));

export function pickOption(text: string, options: readonly LabelledOption[], numberedCount: number): CardAction | undefined {
  const input = normalise(text);
  if (input === '') return undefined;
  if (/^\d+$/.test(input)) {
    const n = Number(input);
    return n >= 1 && n <= numberedCount ? options[n - 1]?.action : undefined;
  }
  const exact = options.find((option) => option.labels.includes(input));
  if (exact) return exact.action;
  const words = input.split(' ').filter((word) => word.length >= 3);
  if (words.length === 0) return undefined;
  const hits = new Map<string, CardAction>();
  for (const option of options) {
    const matches = option.labels.some((label, index) => {
      const labelWords = label.split(' ');
      const minLength = index === 0 ? 3 : OTHER_LANGUAGE_MIN;
      return words.every(
        (word) =>
          word.length >= minLength &&
          labelWords.some((w) => w === word || (index === 0 && isCompoundPart(word, w))),
      );
    });
    if (matches) hits.set(JSON.stringify(option.action), option.action);
  }
  return hits.size === 1 ? [...hits.values()][0] : undefined;
}

/** `pickOption` over options whose words come from locale keys (typed in any shipped language). */
export function readOptions(
  text: string,
  t: Translator,
  numbered: readonly Option[],
  wordsOnly: readonly Option[] = [],
): CardAction | undefined {
  const labelled = [...numbered, ...wordsOnly].map((option) => ({ labels: labelsOf(option.key, t), action: option.action }));
  return pickOption(text, labelled, numbered.length);
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

export const readMenuText: TextReader = (text, t) => readOptions(text, t, MENU_OPTIONS);

/** All signs numbered 1..n across the groups, so a reply like "1, 4, 12" can pick them. */
export function signsText(t: Translator): string {
  const view = signsView(t);
  let n = 0;
  const groups = view.groups.map((group) => `${group.title}\n${group.choices.map((c) => `${++n}. ${c.title}`).join('\n')}`);
  return page(view.title, view.framing, view.choose, ...groups, t.t('cards:fallback.signsHow'), t.t('cards:fallback.signsCancel'));
}

/** "1, 4 en 12" becomes those signs; "menu" goes back. Any number out of range refuses the whole reply. */
export const readSignsText: TextReader = (text, t) => {
  const menu = readOptions(text, t, [], [MENU_SHOW]);
  if (menu) return menu;
  const tokens = normalise(text)
    .split(' ')
    .filter((token) => token !== '' && !FILLERS.has(token));
  if (tokens.length === 0 || !tokens.every((token) => /^\d+$/.test(token))) return undefined;
  const indexes = tokens.map((token) => Number(token) - 1);
  if (indexes.some((index) => ALL_SIGNS[index] === undefined)) return undefined;
  const signs = [...new Set(indexes)].sort((a, b) => a - b).map((index) => ALL_SIGNS[index] as Sign);
  return { verb: 'signs.submit', signs };
};

export function signsSummaryText(t: Translator, input: SignsSummaryInput): string {
  const view = signsSummaryView(t, input);
  const groups = view.groups.map((group) => `${group.title}\n${bullets(group.signs)}`);
  return page(
    view.title,
    ...groups,
    view.framing.join(' '),
    `${view.kindsTitle}\n${view.kinds.join('\n')}`,
    `${view.nextStepsTitle}\n${bullets(view.nextSteps)}`,
    numbered(t, SUMMARY_OPTIONS),
    t.t('cards:fallback.choose'),
  );
}

export const readSignsSummaryText: TextReader = (text, t) => readOptions(text, t, SUMMARY_OPTIONS);

export function settingText(t: Translator): string {
  const view = settingView(t);
  const settings = view.settings.map((s, index) => `${index + 1}. ${s.title}\n   ${s.hint}`).join('\n');
  return page(view.title, view.text, `${settings}\n${SETTINGS.length + 1}. ${view.buttons.menu}`, t.t('cards:fallback.choose'));
}

export const readSettingText: TextReader = (text, t) => readOptions(text, t, [...SETTING_OPTIONS, MENU_SHOW]);

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

/** Also takes a setting's words ("telefoon") to switch setting, and "opnieuw" to start again. */
export const readStartersText: TextReader = (text, t) => readOptions(text, t, STARTERS_OPTIONS, [RESTART, ...SETTING_OPTIONS]);

export function stepsText(t: Translator): string {
  const view = stepsView(t);
  const steps = view.steps.map((step) => `${step.heading}\n${step.text}`);
  return page(view.title, view.intro, ...steps, numbered(t, [MENU_SHOW]));
}

export const readStepsText: TextReader = (text, t) => readOptions(text, t, [MENU_SHOW]);

export function emergencyText(t: Translator, input: EmergencyInput): string {
  const view = emergencyView(t, input);
  const options = input.canResume ? [RESUME, EMERGENCY_MENU] : [EMERGENCY_MENU];
  return page(view.title, view.intro, view.numbers.map((n) => n.text).join('\n'), input.canResume && view.resumeOffer, numbered(t, options));
}

/** Pass the same `canResume` the text was shown with: it decides what "1" means. */
export function readEmergencyText(text: string, t: Translator, canResume = false): CardAction | undefined {
  return readOptions(text, t, canResume ? [RESUME, EMERGENCY_MENU] : [EMERGENCY_MENU]);
}
