import type { CircleView } from '../../src/application/circles/circles.types';
import { CIRCLE_LIMITS, CIRCLE_MODES, type CircleErrorCode, type CircleMode, type CircleSettings, parseClockTime, validateSettings } from '../../src/domain/circles/circle';
import type { CircleEditOp } from '../../cards/circles/circle-actions';
import type { CircleQuestionInput } from '../../cards/circles/circle-question';
import { KEEP } from '../../cards/circles/circle-questions';
import { parseMinutes, parseWeekdays } from './circle-parse';
import type { Problem } from './question-loop';

/**
 * The settings family of the edit dialog: the 'schedule' op (start time, days, chain or star,
 * round window) and the 'timing' op (reminder and acknowledge minutes). Their questions and how
 * an answer is read, with no dialog state: edit-circle.dialog.ts asks, keeps and saves.
 */

/** The settings the 'schedule' and 'timing' ops change. */
export type EditableSettings = Pick<CircleSettings, 'startTime' | 'weekdays' | 'mode' | 'windowMinutes' | 'reminderMinutes' | 'ackMinutes'>;

/** The questions of the ops that change settings, in order; one save after the last. */
export const SETTING_STAGES: Partial<Record<CircleEditOp, readonly string[]>> = {
  schedule: ['editTime', 'editDays', 'editMode', 'editWindow'],
  timing: ['reminder', 'ackWait'],
};

/** The use case's field names, as the question that asks them. */
export const STAGE_OF_SETTING = {
  startTime: 'editTime',
  weekdays: 'editDays',
  mode: 'editMode',
  windowMinutes: 'editWindow',
  reminderMinutes: 'reminder',
  ackMinutes: 'ackWait',
} as const satisfies Readonly<Record<keyof EditableSettings, string>>;

export type SettingStage = (typeof STAGE_OF_SETTING)[keyof EditableSettings];
const STAGES: readonly string[] = Object.values(STAGE_OF_SETTING);

export function isSettingStage(stage: string): stage is SettingStage {
  return STAGES.includes(stage);
}

export function settingsOf(view: CircleView): EditableSettings {
  const { startTime, weekdays, mode, windowMinutes, reminderMinutes, ackMinutes } = view;
  return { startTime, weekdays, mode, windowMinutes, reminderMinutes, ackMinutes };
}

/** A setting's question: what the circle has now, and the limits. `change`: what was chosen before in this op. */
export function settingQuestion(stage: SettingStage, settings: EditableSettings, change: Partial<EditableSettings>, problem?: Problem): CircleQuestionInput {
  const p = problem ? { problem } : {};
  const s = settings;
  switch (stage) {
    case 'editTime':
      return { field: 'editTime', ...p, vars: { current: s.startTime } };
    case 'editDays':
      // The time just chosen (or kept) is said back at once, with its time zone.
      return { field: 'editDays', ...p, preset: s.weekdays.join(','), note: 'timeSet', vars: { time: change.startTime ?? s.startTime } };
    case 'editMode':
      return { field: 'editMode', ...p, note: s.mode };
    case 'editWindow':
      return { field: 'editWindow', ...p, vars: { current: s.windowMinutes, min: CIRCLE_LIMITS.windowMin, max: CIRCLE_LIMITS.windowMax } };
    case 'reminder':
      return { field: 'reminder', ...p, vars: { current: s.reminderMinutes, max: CIRCLE_LIMITS.reminderMax } };
    case 'ackWait':
      return { field: 'ackWait', ...p, vars: { current: s.ackMinutes, min: CIRCLE_LIMITS.ackMin, max: CIRCLE_LIMITS.ackMax } };
  }
}

/** An answer read: the change it makes ({} for "keep"), or why it is asked again. */
export type SettingAnswer = { ok: true; change: Partial<EditableSettings> } | { ok: false; problem: Problem };

const refused = (code: string): SettingAnswer => ({ ok: false, problem: { code } });

export function readSettingAnswer(stage: SettingStage, value: string, settings: EditableSettings): SettingAnswer {
  if (value === KEEP) return { ok: true, change: {} };
  switch (stage) {
    case 'editTime': {
      const time = parseClockTime(value);
      return time.ok ? { ok: true, change: { startTime: time.value } } : refused(time.code);
    }
    case 'editDays': {
      const weekdays = parseWeekdays(value);
      return weekdays ? { ok: true, change: { weekdays } } : refused(value === '' ? 'WEEKDAYS_EMPTY' : 'DAYS_UNREADABLE');
    }
    case 'editMode':
      return (CIRCLE_MODES as readonly string[]).includes(value) ? { ok: true, change: { mode: value as CircleMode } } : refused('CHOOSE');
    case 'editWindow':
      return minutes(value, settings, 'windowMinutes', 'WINDOW_INVALID');
    case 'reminder':
      return minutes(value, settings, 'reminderMinutes', 'REMINDER_INVALID');
    case 'ackWait':
      return minutes(value, settings, 'ackMinutes', 'ACK_INVALID');
  }
}

// The parts of a circle the edit dialog does not change, so one setting can be checked by the domain.
const SAMPLE_CIRCLE = { name: 'Sample', skipHolidays: true } as const;

/** A number of minutes for one setting, checked by the domain's own rules. */
function minutes(value: string, settings: EditableSettings, setting: 'windowMinutes' | 'reminderMinutes' | 'ackMinutes', code: CircleErrorCode): SettingAnswer {
  const n = parseMinutes(value);
  const checked = n === undefined ? undefined : validateSettings({ ...SAMPLE_CIRCLE, ...settings, [setting]: n });
  return checked?.ok ? { ok: true, change: { [setting]: checked.value[setting] } } : refused(code);
}

/** Only what differs from the circle as it was: a setting chosen again as it was is not a change. */
export function changedSettings(before: EditableSettings, change: Partial<EditableSettings>): Partial<EditableSettings> {
  const same = (key: keyof EditableSettings) => JSON.stringify(before[key]) === JSON.stringify(change[key]);
  return Object.fromEntries(Object.entries(change).filter(([key]) => !same(key as keyof EditableSettings))) as Partial<EditableSettings>;
}
