import type { Sign, SignGroup } from './signs';
import { groupOf } from './signs';

/** Where the professional meets the person; starters differ by setting. */
export const SETTINGS = ['counter', 'frontDoor', 'homeVisit', 'phone', 'youngPerson'] as const;
export type Setting = (typeof SETTINGS)[number];

export function isSetting(value: string): value is Setting {
  return (SETTINGS as readonly string[]).includes(value);
}

/**
 * A conversation starter. The text is in the locale files under `starters.<id>`.
 * `fits` lists the sign groups (or single signs) that make this starter a good way in.
 */
export interface Starter {
  id: string;
  settings: readonly Setting[];
  fits: ReadonlyArray<SignGroup | Sign>;
}

export const STARTERS: readonly Starter[] = [
  { id: 'counterWeekend', settings: ['counter'], fits: ['social'] },
  { id: 'counterBusy', settings: ['counter', 'phone'], fits: [] },
  { id: 'counterNotSeen', settings: ['counter', 'frontDoor'], fits: ['staysAway', 'neverOut'] },
  { id: 'counterHowAreYou', settings: ['counter', 'frontDoor', 'homeVisit', 'phone'], fits: ['psychological', 'physical'] },
  { id: 'counterTired', settings: ['counter', 'homeVisit'], fits: ['fatigue', 'selfCare', 'appetite'] },
  { id: 'counterNextTime', settings: ['counter'], fits: ['fewContacts'] },
  { id: 'doorCurtains', settings: ['frontDoor'], fits: ['curtainsClosed', 'lightsDaytime', 'letterbox'] },
  { id: 'doorGarden', settings: ['frontDoor'], fits: ['neglected', 'deadPlants'] },
  { id: 'doorNeighbourhood', settings: ['frontDoor', 'homeVisit'], fits: ['move', 'social'] },
  { id: 'doorHelp', settings: ['frontDoor'], fits: ['noSupport'] },
  { id: 'doorParcel', settings: ['frontDoor'], fits: ['letterbox', 'neverOut'] },
  { id: 'visitPhotos', settings: ['homeVisit'], fits: ['bereavement', 'lifeEvents'] },
  { id: 'visitDay', settings: ['homeVisit', 'phone'], fits: ['social', 'behaviour'] },
  { id: 'visitVisitors', settings: ['homeVisit', 'phone'], fits: ['fewContacts', 'noSupport'] },
  { id: 'visitEnjoy', settings: ['homeVisit', 'phone'], fits: ['meaninglessness', 'psychological'] },
  { id: 'visitChange', settings: ['homeVisit', 'phone', 'counter'], fits: ['lifeEvents'] },
  { id: 'visitWish', settings: ['homeVisit', 'phone'], fits: ['noSupport', 'psychological'] },
  // The core of loneliness is the gap between the contact someone wants and has; and what would help.
  { id: 'visitContacts', settings: ['homeVisit', 'phone'], fits: ['fewContacts', 'noSupport', 'social'] },
  { id: 'visitNeed', settings: ['homeVisit', 'phone'], fits: ['noSupport', 'psychological'] },
  { id: 'phoneLastCall', settings: ['phone'], fits: ['fewContacts', 'social'] },
  { id: 'phoneWeek', settings: ['phone'], fits: [] },
  { id: 'youngFriends', settings: ['youngPerson'], fits: ['social', 'fewContacts'] },
  { id: 'youngSchool', settings: ['youngPerson'], fits: ['jobLoss', 'move', 'behaviour'] },
  { id: 'youngOnline', settings: ['youngPerson'], fits: ['keepsDistance', 'socialSkills'] },
  { id: 'youngFeeling', settings: ['youngPerson'], fits: ['psychological', 'sadness'] },
  // A young person is spoken to with "je", so the "u" starters of a home visit get their own young version.
  { id: 'youngEnjoy', settings: ['youngPerson'], fits: ['meaninglessness', 'psychological'] },
  { id: 'youngWish', settings: ['youngPerson'], fits: ['noSupport', 'psychological'] },
  { id: 'youngWeekend', settings: ['youngPerson'], fits: ['fewContacts', 'staysAway', 'neverOut'] },
];

export interface StarterPick {
  ids: string[];
  /** True when every starter for this setting has now been shown once. */
  exhausted: boolean;
}

function relevance(starter: Starter, observed: ReadonlySet<string>): number {
  return starter.fits.filter((f) => observed.has(f)).length;
}

/** A set of starters is never smaller than this (unless the setting has fewer), nor larger than `count + 1`. */
const MIN_BATCH = 3;

/**
 * How many of `remaining` unseen starters to show now. A plain `count` would leave a last "Andere"
 * set of one or two (6 starters in sets of 4 gives 4 + 2), so a small remainder is folded into this
 * set when it stays within `count + 1`, or left at `MIN_BATCH` for the next set.
 */
function batchSize(remaining: number, count: number): number {
  if (remaining <= count) return remaining;
  if (remaining - count >= MIN_BATCH) return count;
  if (remaining <= count + 1) return remaining;
  return Math.max(remaining - MIN_BATCH, MIN_BATCH);
}

/**
 * Picks about `count` starters (3 to `count + 1`) for a setting, best fit for the observed signs
 * first, never one already shown. Ties keep the list order so the result is the same for the same
 * input. `exhausted` is true when this set shows the last unseen starters.
 */
export function pickStarters(
  setting: Setting,
  observed: readonly Sign[],
  alreadyShown: readonly string[],
  count = 4,
): StarterPick {
  const keys = new Set<string>([...observed, ...observed.map((s) => groupOf(s))]);
  const shown = new Set(alreadyShown);
  const candidates = STARTERS.map((starter, index) => ({ starter, index }))
    .filter(({ starter }) => starter.settings.includes(setting) && !shown.has(starter.id))
    .sort((a, b) => relevance(b.starter, keys) - relevance(a.starter, keys) || a.index - b.index);
  const size = batchSize(candidates.length, count);
  const ids = candidates.slice(0, size).map((c) => c.starter.id);
  return { ids, exhausted: size >= candidates.length };
}

/** The attitude tips and Movisie's five conversation steps, by locale key. */
export const TIP_IDS = ['openHonestCurious', 'listenSummariseAsk', 'noJudgement', 'dontFillIn', 'notAboutLoneliness', 'startFromStrengths', 'takeTime'] as const;
export const STEP_IDS = ['listen', 'explore', 'value', 'wishes', 'lookBack'] as const;
