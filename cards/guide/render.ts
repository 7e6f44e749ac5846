import type { Sign } from '../../src/domain/signs';
import type { Translator } from '../../src/ports/translator';
import emergencyTemplate from './emergency-card.json';
import menuTemplate from './menu-card.json';
import settingTemplate from './setting-card.json';
import signsSummaryTemplate from './signs-summary-card.json';
import signsTemplate from './signs-card.json';
import startersTemplate from './starters-card.json';
import stepsTemplate from './steps-card.json';
import { type AdaptiveCard, expandTemplate } from '../template';
import {
  emergencyText,
  menuText,
  settingText,
  signsSummaryText,
  signsText,
  startersText,
  stepsText,
} from '../text-fallback';
import {
  type EmergencyInput,
  emergencyView,
  menuView,
  settingView,
  type SignsSummaryInput,
  signsSummaryView,
  signsView,
  type StartersInput,
  startersView,
  stepsView,
} from './views';

/**
 * The bot's Adaptive Cards (schema 1.5, Action.Submit only, so they work in Teams and Web Chat).
 * Every string comes from the translator; the templates hold layout and submit `data` only.
 * Each card carries its plain-text version as `fallbackText`.
 */

export type { AdaptiveCard, HelpNumberId } from '../template';
export type { EmergencyInput, SignsSummaryInput, StartersInput } from './views';

const bullet = (line: string) => `• ${line}`;

/** Welcome and main menu: five buttons `{ verb: 'menu', choice }`. */
export function renderMenuCard(t: Translator): AdaptiveCard {
  return expandTemplate(menuTemplate, { ...menuView(t), fallbackText: menuText(t) });
}

/**
 * The signaleringskaart: one multi-select per group (input id = group id, values = sign ids).
 * Submits `{ verb: 'signs.submit', <group>: "sign,sign" }`; "Menu" sends no inputs.
 */
export function renderSignsCard(t: Translator, preselected: readonly Sign[] = []): AdaptiveCard {
  return expandTemplate(signsTemplate, { ...signsView(t, preselected), fallbackText: signsText(t) });
}

/** What was observed, the framing, careful words on kinds of loneliness, and next steps. */
export function renderSignsSummaryCard(t: Translator, input: SignsSummaryInput): AdaptiveCard {
  const view = signsSummaryView(t, input);
  return expandTemplate(signsSummaryTemplate, {
    ...view,
    groups: view.groups.map((group) => ({ ...group, signs: group.signs.map(bullet) })),
    nextSteps: view.nextSteps.map(bullet),
    fallbackText: signsSummaryText(t, input),
  });
}

/** Where the conversation happens: a button `{ verb: 'starters.setting', setting }` per setting. */
export function renderSettingCard(t: Translator): AdaptiveCard {
  return expandTemplate(settingTemplate, { ...settingView(t), fallbackText: settingText(t) });
}

/** Starters for a setting plus attitude tips; "Andere" until exhausted, then "start again". */
export function renderStartersCard(t: Translator, input: StartersInput): AdaptiveCard {
  const view = startersView(t, input);
  return expandTemplate(startersTemplate, { ...view, tips: view.tips.map(bullet), fallbackText: startersText(t, input) });
}

/** Movisie's five conversation steps. */
export function renderStepsCard(t: Translator): AdaptiveCard {
  return expandTemplate(stepsTemplate, { ...stepsView(t), fallbackText: stepsText(t) });
}

/** Help lines as readable text, each with a `tel:` button where one number applies. */
export function renderEmergencyCard(t: Translator, input: EmergencyInput): AdaptiveCard {
  return expandTemplate(emergencyTemplate, { ...emergencyView(t, input), fallbackText: emergencyText(t, input) });
}
