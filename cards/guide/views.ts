import { groupSigns, SIGN_GROUP_IDS, SIGN_GROUPS, type LonelinessKind, type Sign } from '../../src/domain/signs';
import { SETTINGS, STEP_IDS, TIP_IDS, type Setting } from '../../src/domain/starters';
import type { Translator } from '../../src/ports/translator';
import { DIAL } from '../help-numbers';
import type { HelpNumberId } from '../template';

/**
 * What each card shows, already translated. The Adaptive Card templates bind these objects and the
 * text fallback prints them, so both always say the same thing.
 */

export interface SignsSummaryInput {
  signs: readonly Sign[];
  kinds: readonly LonelinessKind[];
}

export interface StartersInput {
  setting: Setting;
  starterIds: readonly string[];
  exhausted: boolean;
}

export interface EmergencyInput {
  numbers: readonly HelpNumberId[];
  canResume: boolean;
}

export function menuView(t: Translator) {
  return {
    title: t.t('cards:menu.title'),
    text: t.t('cards:menu.text'),
    buttons: {
      signs: t.t('cards:menu.signs'),
      starters: t.t('cards:menu.starters'),
      report: t.t('cards:menu.report'),
      circle: t.t('cards:menu.circle'),
      help: t.t('cards:menu.help'),
    },
  };
}

const signText = (t: Translator, group: string, sign: string) => t.t(`content:signs.${group}.items.${sign}`);

export function signsView(t: Translator, preselected: readonly Sign[] = []) {
  const chosen = new Set<string>(preselected);
  return {
    title: t.t('cards:signs.title'),
    framing: t.t('content:framing.conversation'),
    choose: t.t('content:framing.choose'),
    groups: SIGN_GROUP_IDS.map((group) => ({
      id: group,
      title: t.t(`content:signs.${group}.title`),
      value: SIGN_GROUPS[group].filter((sign) => chosen.has(sign)).join(','),
      choices: SIGN_GROUPS[group].map((sign) => ({ title: signText(t, group, sign), value: sign })),
    })),
    buttons: { submit: t.t('cards:signs.submit'), menu: t.t('cards:buttons.menu') },
  };
}

export function signsSummaryView(t: Translator, input: SignsSummaryInput) {
  const kinds = input.kinds.length > 0
    ? [t.t('content:kinds.intro'), ...input.kinds.map((kind) => t.t(`content:kinds.${kind}`))]
    : [t.t('content:kinds.none')];
  // Few contacts is easily read as loneliness; say plainly that it is something else.
  if (input.signs.includes('fewContacts') || input.kinds.includes('social')) kinds.push(t.t('content:kinds.isolation'));
  return {
    title: t.t('cards:summary.title'),
    groups: groupSigns(input.signs).map(({ group, signs }) => ({
      title: t.t(`content:signs.${group}.title`),
      signs: signs.map((sign) => signText(t, group, sign)),
    })),
    framing: [t.t('content:framing.conversation'), t.t('content:framing.otherCauses'), t.t('content:framing.onlyPerson')],
    kindsTitle: t.t('cards:summary.kindsTitle'),
    kinds,
    nextStepsTitle: t.t('cards:summary.nextStepsTitle'),
    nextSteps: [
      // "Ziet geen zin of toekomst meer": 113 and De Luisterlijn, gently, first (issue #12).
      ...(input.signs.includes('meaninglessness') ? [t.t('emergency:gentle.meaninglessness')] : []),
      t.t('content:nextSteps.talk'),
      t.t('content:nextSteps.permission'),
      t.t('content:nextSteps.report'),
      t.t('content:nextSteps.luisterlijn'),
    ],
    buttons: {
      starters: t.t('cards:summary.starters'),
      report: t.t('cards:summary.report'),
      menu: t.t('cards:buttons.menu'),
      help: t.t('cards:menu.help'),
    },
  };
}

export function settingView(t: Translator) {
  return {
    title: t.t('cards:setting.title'),
    text: t.t('cards:setting.text'),
    settings: SETTINGS.map((id) => ({ id, title: t.t(`content:settings.${id}`), hint: t.t(`content:settings.${id}Hint`) })),
    buttons: { menu: t.t('cards:buttons.menu') },
  };
}

export function startersView(t: Translator, input: StartersInput) {
  return {
    title: t.t(`content:settings.${input.setting}`),
    hint: t.t(`content:settings.${input.setting}Hint`),
    intro: t.t('cards:starters.intro'),
    starters: input.starterIds.map((id) => t.t(`content:starters.${id}`)),
    tipsTitle: t.t('cards:starters.tipsTitle'),
    tips: TIP_IDS.map((id) => t.t(`content:tips.${id}`)),
    exhausted: input.exhausted,
    exhaustedText: t.t('cards:starters.exhausted'),
    buttons: {
      more: t.t('cards:starters.more'),
      restart: t.t('cards:starters.restart'),
      steps: t.t('cards:starters.steps'),
      menu: t.t('cards:buttons.menu'),
    },
  };
}

export function stepsView(t: Translator) {
  return {
    title: t.t('cards:steps.title'),
    intro: t.t('cards:steps.intro'),
    steps: STEP_IDS.map((id, index) => ({
      heading: t.t('cards:steps.heading', { number: index + 1, title: t.t(`content:steps.${id}.title`) }),
      text: t.t(`content:steps.${id}.text`),
    })),
    buttons: { menu: t.t('cards:buttons.menu') },
  };
}

export function emergencyView(t: Translator, input: EmergencyInput) {
  return {
    title: t.t('emergency:title'),
    intro: t.t('emergency:intro'),
    numbers: input.numbers.map((id) => {
      const dial = DIAL[id];
      return {
        text: t.t(`emergency:numbers.${id}`),
        call: dial ? { title: t.t('cards:emergency.call', { number: dial.display }), url: dial.tel } : null,
      };
    }),
    canResume: input.canResume,
    resumeOffer: t.t('emergency:resumeOffer'),
    buttons: { resume: t.t('emergency:resumeButton'), menu: t.t('emergency:menuButton') },
  };
}
