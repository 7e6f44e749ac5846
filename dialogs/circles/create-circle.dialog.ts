import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import {
  CIRCLE_LIMITS,
  CIRCLE_MODES,
  type CircleInput,
  type CircleMode,
  type MemberInput,
  parseClockTime,
  validateSettings,
} from '../../src/domain/circles/circle';
import type { CircleAnswerAction } from '../../cards/circles/circle-actions';
import { type FormRow, ROW_INPUT_IDS, type RowProblem } from '../../cards/circles/circle-questions';
import type { CircleDraftSummary, CircleQuestionInput } from '../../cards/circles/circle-question';
import type { NextAction } from '../card-prompt';
import { translatorOf } from '../turn-context';
import { actorOf, type CircleDialogDeps, circlesLog } from './circle-context';
import { parseMinutes, parseWeekdays } from './circle-parse';
import {
  answerMemberField,
  draftOf,
  isMemberStage,
  type MemberDraft,
  type MemberStage,
  memberFieldOf,
  memberInputOf,
  memberQuestion,
} from './member-steps';
import { checkRows, formRowsOf, rowsOfForm, rowsOfText } from './member-rows';
import { type LoopState, type Problem, QuestionLoopDialog } from './question-loop';

export const CREATE_CIRCLE_DIALOG = 'circle.create';

type Settings = Omit<CircleDraftSummary, 'members'>;
const SETTING_STAGES = ['name', 'time', 'days', 'mode', 'window', 'holidays'] as const;
type SettingStage = (typeof SETTING_STAGES)[number];
/** The use case's field names for the settings. */
const STAGE_OF_FIELD: Readonly<Record<string, SettingStage>> = {
  name: 'name',
  startTime: 'time',
  weekdays: 'days',
  mode: 'mode',
  windowMinutes: 'window',
};

/** Every question of "Nieuwe belcirkel"; each is a question of the circle cards (a `CircleField`). */
type CreateStage = SettingStage | MemberStage | 'members' | 'consentAll' | 'more' | 'summary' | 'pickMember';

interface CreateState extends LoopState<CreateStage> {
  settings: Partial<Settings>;
  members: MemberInput[];
  member: MemberDraft;
  /** Correcting one answer after the summary (or after the use case refused it): back to the summary next. */
  fixing?: { index?: number };
  /** Rows of the members form (or typed lines) that were not added, with why: shown again. */
  form?: { rows: FormRow[]; unreadable: RowProblem[] };
  /** Members from a typed list, added once the coordinator says they all agreed. */
  pending?: MemberInput[];
}

// Valid settings: one field at a time is swapped for what was typed and checked by the domain.
const VALID: CircleInput = { name: 'Sample', startTime: '09:00', weekdays: [1], mode: 'chain', skipHolidays: true };
const problem = (code: string, vars?: Problem['vars']): Problem => (vars ? { code, vars } : { code });

const names = (members: readonly MemberInput[]) => members.map((m) => m.firstName).join(', ');

/**
 * "Nieuwe belcirkel": name, start time (repeated back at once, in Dutch time), days, chain or
 * star, round window, public holidays, then the members: five at a time on a form card (each row
 * with a key holder and a consent tick), or as a typed list, one member a line, with one consent
 * question for the list. Good rows are kept and bad rows come back with why. Then a summary, and
 * one save through the use case. Nothing is stored before the save; a refused field is asked again.
 * Ends with a `NextAction`: open the new circle, or the list after "stop".
 */
export class CreateCircleDialog extends QuestionLoopDialog<CreateState> {
  constructor(deps: CircleDialogDeps) {
    super(CREATE_CIRCLE_DIALOG, deps);
  }

  protected async start(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const log = circlesLog(step.context, this.deps, CREATE_CIRCLE_DIALOG);
    log.info({ code: 'CIRCLE_CREATE_STARTED' }, 'create circle dialog started');
    await step.context.sendActivity(translatorOf(step.context).t('circles:create.start'));
    const state: CreateState = { stage: 'name', settings: {}, members: [], member: {} };
    return this.go(step, state, 'name');
  }

  protected question(state: CreateState): CircleQuestionInput {
    const p = state.problem ? { problem: state.problem } : {};
    if (isMemberStage(state.stage)) {
      const number = state.fixing?.index !== undefined ? state.fixing.index + 1 : state.members.length + 1;
      return memberQuestion(state.stage, state.member, number, state.problem);
    }
    switch (state.stage) {
      case 'days':
        return {
          field: 'days',
          ...p,
          ...(state.settings.weekdays ? { preset: state.settings.weekdays.join(',') } : {}),
          ...(state.settings.startTime ? { note: 'timeSet', vars: { time: state.settings.startTime } } : {}),
        };
      case 'members': {
        const form = state.form;
        const note = form && (form.rows.length > 0 || form.unreadable.length > 0) ? (state.members.length > 0 ? 'retry' : 'retryNone') : state.members.length > 0 ? 'already' : undefined;
        return {
          field: 'members',
          ...p,
          ...(note ? { note, vars: { names: names(state.members) } } : {}),
          ...(form ? { formRows: form.rows, rowProblems: form.unreadable } : {}),
        };
      }
      case 'consentAll':
        return { field: 'consentAll', ...p, vars: { names: names(state.pending ?? []) }, ...(state.form ? { formRows: state.form.rows, rowProblems: state.form.unreadable } : {}) };
      case 'window':
        return { field: 'window', ...p, vars: { min: CIRCLE_LIMITS.windowMin, max: CIRCLE_LIMITS.windowMax } };
      case 'more':
        return { field: 'more', ...p, vars: { count: state.members.length } };
      case 'summary':
        return { field: 'summary', ...p, summary: summaryOf(state) };
      case 'pickMember':
        return { field: 'pickMember', ...p, choices: state.members.map((m, i) => ({ value: String(i), label: m.firstName })) };
      default:
        return { field: state.stage, ...p };
    }
  }

  protected async answer(step: WaterfallStepContext, state: CreateState, action: CircleAnswerAction): Promise<DialogTurnResult> {
    const value = (action.value ?? '').trim();
    if (isMemberStage(state.stage)) return this.onMember(step, state, state.stage, value);
    switch (state.stage) {
      case 'members':
        return this.onRows(step, state, action);
      case 'consentAll': {
        if (value !== 'yes' && value !== 'no') {
          return this.go(step, state, 'consentAll', problem('CHOOSE'));
        }
        const pending = state.pending ?? [];
        const rest: CreateState = { ...state, pending: undefined };
        if (value === 'no') {
          await step.context.sendActivity(translatorOf(step.context).t('circles:create.noConsentAll'));
          return this.go(step, { ...rest, form: undefined }, 'members');
        }
        return this.added(step, { ...rest, members: [...state.members, ...pending] }, pending);
      }
      case 'name': {
        const checked = validateSettings({ ...VALID, name: value });
        if (!checked.ok) return this.go(step, state, 'name', problem(checked.code));
        return this.setting(step, state, state.stage, { name: checked.value.name });
      }
      case 'time': {
        const time = parseClockTime(value);
        if (!time.ok) return this.go(step, state, 'time', problem(time.code));
        return this.setting(step, state, state.stage, { startTime: time.value });
      }
      case 'days': {
        const weekdays = parseWeekdays(value);
        if (!weekdays) return this.go(step, state, 'days', problem(value === '' ? 'WEEKDAYS_EMPTY' : 'DAYS_UNREADABLE'));
        return this.setting(step, state, state.stage, { weekdays });
      }
      case 'mode':
        if (!(CIRCLE_MODES as readonly string[]).includes(value)) return this.go(step, state, 'mode', problem('CHOOSE'));
        return this.setting(step, state, state.stage, { mode: value as CircleMode });
      case 'window': {
        const minutes = parseMinutes(value);
        const checked = minutes === undefined ? undefined : validateSettings({ ...VALID, windowMinutes: minutes });
        if (!checked?.ok) return this.go(step, state, 'window', problem('WINDOW_INVALID'));
        return this.setting(step, state, state.stage, { windowMinutes: checked.value.windowMinutes });
      }
      case 'holidays':
        if (value !== 'yes' && value !== 'no') {
          return this.go(step, state, 'holidays', problem('CHOOSE'));
        }
        return this.setting(step, state, state.stage, { skipHolidays: value === 'yes' });
      case 'more':
        if (value === 'yes') {
          return this.go(step, { ...state, member: {}, form: undefined }, 'members');
        }
        if (value !== 'no') {
          return this.go(step, state, 'more', problem('CHOOSE'));
        }
        if (state.members.length === 0) return this.go(step, state, 'members', problem('CIRCLE_EMPTY'));
        return this.go(step, state, 'summary');
      case 'summary':
        return this.onSummary(step, state, value);
      case 'pickMember': {
        const index = Number(value);
        const removed = value === 'back' ? undefined : state.members[index];
        if (!removed) return this.go(step, state, 'summary');
        await step.context.sendActivity(translatorOf(step.context).t('circles:create.memberRemoved', { name: removed.firstName }));
        const members = state.members.filter((_, i) => i !== index);
        if (members.length === 0) return this.go(step, { ...state, members, member: {}, form: undefined }, 'members', problem('CIRCLE_EMPTY'));
        return this.go(step, { ...state, members }, 'summary');
      }
      default:
        return this.go(step, state, 'summary');
    }
  }

  /** Stores one setting; the next setting follows, or the summary when correcting. */
  private setting(step: WaterfallStepContext, state: CreateState, from: SettingStage, change: Partial<Settings>): Promise<DialogTurnResult> {
    const next: CreateState = { ...state, settings: { ...state.settings, ...change } };
    if (state.fixing) return this.go(step, { ...next, fixing: undefined }, 'summary');
    const stage = SETTING_STAGES[SETTING_STAGES.indexOf(from) + 1];
    return this.go(step, next, stage ?? 'members');
  }

  /**
   * The members form or a typed list. Every filled row is checked on its own; the good rows are
   * added at once (a typed list after one consent question), the bad ones come back with why.
   */
  private async onRows(step: WaterfallStepContext, state: CreateState, action: CircleAnswerAction): Promise<DialogTurnResult> {
    if (action.value === 'done') {
      if (state.members.length > 0) return this.go(step, { ...state, form: undefined }, 'summary');
      return this.go(step, state, 'members', problem('CIRCLE_EMPTY'));
    }
    const fromForm = ROW_INPUT_IDS.some((id) => id in action);
    const rows = fromForm ? rowsOfForm(action as Record<string, unknown>) : rowsOfText(action.value ?? '');
    if (rows.length === 0) {
      if (state.members.length > 0) return this.go(step, { ...state, form: undefined }, 'summary');
      return this.go(step, { ...state, form: undefined }, 'members', problem('CIRCLE_EMPTY'));
    }
    const checked = checkRows(rows, state.members, { consentRequired: fromForm });
    // Over the circle's limit: the rows that do not fit come back, with why.
    const room = Math.max(0, CIRCLE_LIMITS.membersMax - state.members.length);
    const good = checked.good.slice(0, room);
    const tooMany = checked.good.slice(room).map((m, i) => ({
      row: undefined,
      problem: { row: i + 1, name: m.firstName, code: 'TOO_MANY_MEMBERS' as const },
    }));
    const bad = [...checked.bad, ...tooMany];
    const form = { rows: formRowsOf(bad), unreadable: bad.filter((b) => b.row === undefined).map((b) => b.problem) };
    const next: CreateState = { ...state, form: bad.length > 0 ? form : undefined };
    if (good.length === 0) return this.go(step, next, 'members');
    if (!fromForm) return this.go(step, { ...next, pending: good }, 'consentAll');
    return this.added(step, { ...next, members: [...state.members, ...good] }, good);
  }

  /** Says who is on the list now; then the rows still to correct, or the summary. */
  private async added(step: WaterfallStepContext, state: CreateState, added: readonly MemberInput[]): Promise<DialogTurnResult> {
    if (added.length > 0) {
      await step.context.sendActivity(translatorOf(step.context).t('circles:create.membersAdded', { names: names(state.members), count: state.members.length }));
    }
    return this.go(step, state, state.form ? 'members' : 'summary');
  }

  private async onMember(step: WaterfallStepContext, state: CreateState, stage: MemberStage, value: string): Promise<DialogTurnResult> {
    const t = translatorOf(step.context);
    const index = state.fixing?.index;
    const others = state.members.filter((_, i) => i !== index);
    if (stage === 'consent') {
      if (value !== 'yes' && value !== 'no') {
        return this.go(step, state, 'consent', problem('CHOOSE'));
      }
      if (value === 'no') {
        await step.context.sendActivity(t.t('circles:create.noConsent', { name: state.member.firstName ?? '' }));
        return this.go(step, { ...state, member: {} }, 'more');
      }
      const members = [...state.members, memberInputOf(state.member)];
      await step.context.sendActivity(t.t('circles:create.memberAdded', { name: state.member.firstName ?? '', number: members.length }));
      return this.go(step, { ...state, members, member: {} }, 'more');
    }
    const answered = answerMemberField(state.member, stage, value, others);
    if (!answered.ok) return this.go(step, state, stage, problem(answered.code));
    const { member } = answered;
    if (index !== undefined) {
      // Correcting one field of a member already in the list: put it back and return to the summary.
      const members = state.members.map((m, i) => (i === index ? memberInputOf(member) : m));
      return this.go(step, { ...state, members, member: {}, fixing: undefined }, 'summary');
    }
    return this.go(step, { ...state, member }, answered.next);
  }

  private async onSummary(step: WaterfallStepContext, state: CreateState, value: string): Promise<DialogTurnResult> {
    switch (value) {
      case 'save':
        if (state.members.length === 0) return this.go(step, state, 'members', problem('CIRCLE_EMPTY'));
        return this.save(step, state);
      case 'add':
        return this.go(step, { ...state, member: {}, form: undefined }, 'members');
      case 'remove':
        return this.go(step, state, state.members.length > 0 ? 'pickMember' : 'summary');
      case 'stop':
        const log = circlesLog(step.context, this.deps, CREATE_CIRCLE_DIALOG);
        log.info({ code: 'CIRCLE_CREATE_STOPPED' }, 'create circle stopped; nothing stored');
        await step.context.sendActivity(translatorOf(step.context).t('circles:create.stopped'));
        return step.endDialog({ next: { verb: 'circle.list' } } satisfies NextAction);
      default:
        return this.go(step, state, 'summary', problem('CHOOSE'));
    }
  }

  /** One save through the use case; a refused field is asked again, then back to the summary. */
  private async save(step: WaterfallStepContext, state: CreateState): Promise<DialogTurnResult> {
    const { context } = step;
    const log = circlesLog(context, this.deps, CREATE_CIRCLE_DIALOG);
    const summary = summaryOf(state);
    const { members, ...settings } = summary;
    const result = await this.deps.circles.create(await actorOf(context, this.deps), settings, members);
    if (result.ok) {
      log.info({ code: 'CIRCLE_CREATED', circleId: result.value.circleId, members: members.length }, 'circle created');
      await context.sendActivity(translatorOf(context).t('circles:create.saved', { name: summary.name }));
      return step.endDialog({ next: { verb: 'circle.open', circleId: result.value.circleId } } satisfies NextAction);
    }
    log.warn({ code: 'CIRCLE_CREATE_REFUSED', reason: result.code, field: result.field }, 'create circle refused by the use case');
    const refused = problem(result.code);
    const setting = result.field ? STAGE_OF_FIELD[result.field] : undefined;
    if (setting) return this.go(step, { ...state, fixing: {} }, setting, refused);
    const member = memberFieldOf(result.field);
    const target = member?.index !== undefined ? state.members[member.index] : undefined;
    if (member && target) return this.go(step, { ...state, member: draftOf(target), fixing: { index: member.index } }, member.stage, refused);
    if (result.code === 'CIRCLE_EMPTY') {
      return this.go(step, { ...state, member: {}, form: undefined }, 'members', refused);
    }
    return this.go(step, state, 'summary', refused);
  }
}

function summaryOf(state: CreateState): CircleDraftSummary {
  const s = state.settings;
  return {
    name: s.name ?? '',
    startTime: s.startTime ?? '',
    weekdays: s.weekdays ?? [],
    mode: s.mode ?? 'chain',
    windowMinutes: s.windowMinutes ?? 30,
    skipHolidays: s.skipHolidays ?? true,
    members: state.members,
  };
}
