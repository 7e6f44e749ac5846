import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { CircleView } from '../../src/application/circles/circles.types';
import { validateRange } from '../../src/domain/circles/circle';
import { ESCALATION_OUTCOMES, type EscalationOutcome } from '../../src/domain/circles/round';
import type { CircleAnswerAction, CircleEditOp } from '../../cards/circles/circle-actions';
import { formatWeekdays, readableDate } from '../../cards/circles/circle-format';
import type { CircleQuestionInput } from '../../cards/circles/circle-question';
import { ackLine, reminderLine } from '../../cards/circles/circle-screens';
import type { NextAction } from '../card-prompt';
import { translatorOf } from '../turn-context';
import { actorOf, type CircleDialogDeps, circlesLog, sendCircleError } from './circle-context';
import { parseDateRange, parseMinutes, parseWeekdays } from './circle-parse';
import { type EditCircleOptions, EditSavesDialog, type EditState, problem } from './edit-saves';
import { changedSettings, type EditableSettings, isSettingStage, readSettingAnswer, SETTING_STAGES, settingQuestion, settingsOf } from './edit-settings';
import {
  applyMemberField,
  checkMemberField,
  isMemberStage,
  type MemberStage,
  memberInputOf,
  memberQuestion,
  nextMemberStage,
} from './member-steps';

export const EDIT_CIRCLE_DIALOG = 'circle.edit';

const YES_NO = ['yes', 'no'];

/** The ops about one member: the member is picked first. */
const MEMBER_OPS = ['removeMember', 'moveMember', 'pauseMember', 'resumeMember', 'inviteMember', 'notReached'] as const satisfies readonly CircleEditOp[];
type MemberOp = (typeof MEMBER_OPS)[number];
const isMemberOp = (op: CircleEditOp): op is MemberOp => (MEMBER_OPS as readonly string[]).includes(op);

/**
 * Changes to an existing circle, one at a time, each saved whole through the use case: add,
 * remove (erases the member's data), move or pause a member, pause the circle, the schedule
 * (start time, days, chain or star, round window), the reminder and acknowledge minutes, public
 * holidays, the coordinators' rota, the backup coordinator, removing a coordinator, invite codes,
 * a member not reached, the outcome of an escalation, and deleting the circle. Ends with a
 * `NextAction` that shows the circle again.
 */
export class EditCircleDialog extends EditSavesDialog {
  constructor(deps: CircleDialogDeps) {
    super(EDIT_CIRCLE_DIALOG, deps);
  }

  protected async start(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as EditCircleOptions;
    const view = await this.deps.circles.view(await actorOf(step.context, this.deps), options.circleId);
    if (!view.ok) {
      await sendCircleError(step.context, view.code);
      return step.endDialog({ next: { verb: 'circle.list' } } satisfies NextAction);
    }
    const log = circlesLog(step.context, this.deps, EDIT_CIRCLE_DIALOG);
    log.info({ code: 'CIRCLE_EDIT_STARTED', circleId: options.circleId, op: options.op }, 'edit circle started');
    const state: EditState = { ...options, ...peopleOf(view.value), stage: 'start', member: {}, settings: settingsOf(view.value), change: {} };
    return this.ops[options.op](step, state, view.value);
  }

  /**
   * Every op and its first step: a question, a check that there is anyone to ask about, or the
   * change itself. The ops about one member pick the member first (see {@link afterPickOps}).
   */
  private readonly ops: Readonly<Record<CircleEditOp, (step: WaterfallStepContext, state: EditState, view: CircleView) => Promise<DialogTurnResult>>> = {
    addMember: (step, state) => this.go(step, state, 'firstName'),
    removeMember: (step, state) => this.pickMember(step, state),
    moveMember: (step, state) => this.pickMember(step, state),
    pauseMember: (step, state) => this.pickMember(step, state),
    resumeMember: (step, state) => this.pickMember(step, state),
    inviteMember: (step, state) => this.pickMember(step, state),
    notReached: (step, state) => this.pickMember(step, state),
    pauseCircle: (step, state) => this.go(step, state, 'circleRange'),
    resumeCircle: (step, state) => this.apply(step, state, { kind: 'resumeCircle' }),
    schedule: (step, state) => this.go(step, state, 'editTime'),
    timing: (step, state) => this.go(step, state, 'reminder'),
    holidays: (step, state) => this.go(step, state, 'holidays'),
    rota: (step, state, view) => {
      const you = view.coordinators.find((c) => c.isYou);
      if (state.coordinators.length > 1 || !you) return this.go(step, state, 'pickCoordinator');
      return this.go(step, { ...state, coordinatorKey: you.chatKey }, 'rotaDays');
    },
    backup: async (step, state) => {
      if (state.coordinators.length >= 2) return this.go(step, state, 'pickBackup');
      await step.context.sendActivity(translatorOf(step.context).t('circles:edit.nobody.backup'));
      return this.end(step, state);
    },
    inviteCoordinator: (step, state) => this.go(step, state, 'inviteDays'),
    removeCoordinator: async (step, state) => {
      if (state.coordinators.length >= 2) return this.go(step, state, 'pickRemoveCoordinator');
      await sendCircleError(step.context, 'LAST_COORDINATOR');
      return this.end(step, state);
    },
    deleteCircle: (step, state) => this.go(step, state, 'confirmDelete'),
    outcome: (step, state) => (state.escalationId ? this.go(step, state, 'outcome') : this.end(step, state)),
  };

  /** The member given with the op (a button on the member's row), or the question which one. */
  private async pickMember(step: WaterfallStepContext, state: EditState): Promise<DialogTurnResult> {
    if (this.pickable(state).length === 0) {
      const why = state.op === 'resumeMember' ? 'paused' : state.op === 'notReached' ? 'today' : 'members';
      await step.context.sendActivity(translatorOf(step.context).t(`circles:edit.nobody.${why}`));
      return this.end(step, state);
    }
    const picked = state.memberId ? state.members.find((m) => m.memberId === state.memberId) : undefined;
    return picked ? this.afterPick(step, state, picked.memberId) : this.go(step, state, 'pickMember');
  }

  /** What each op about one member does once the member is picked. */
  private readonly afterPickOps: Readonly<Record<MemberOp, (step: WaterfallStepContext, state: EditState, memberId: string) => Promise<DialogTurnResult>>> = {
    removeMember: (step, state) => this.go(step, state, 'confirmRemove'),
    moveMember: (step, state) => this.go(step, state, 'position'),
    pauseMember: (step, state) => this.go(step, state, 'range'),
    resumeMember: (step, state, memberId) => this.apply(step, state, { kind: 'resumeMember', memberId }),
    inviteMember: (step, state, memberId) => this.invite(step, state, { role: 'member', memberId }),
    notReached: async (step, state, memberId) => {
      const actor = await actorOf(step.context, this.deps);
      return this.done(step, state, await this.deps.circles.reportNotReached(actor, state.circleId, memberId));
    },
  };

  /** The members an op can be about: the paused ones to resume, those taking part today for "not reached". */
  private pickable(state: EditState): EditState['members'] {
    if (state.op === 'resumeMember') return state.members.filter((m) => m.paused);
    if (state.op === 'notReached') return state.members.filter((m) => !m.pausedToday);
    return state.members;
  }

  protected question(state: EditState): CircleQuestionInput {
    const p = state.problem ? { problem: state.problem } : {};
    const name = state.members.find((m) => m.memberId === state.memberId)?.firstName ?? '';
    const coordinatorChoices = () => state.coordinators.map((c) => ({ value: c.chatKey, label: c.name }));
    if (isMemberStage(state.stage)) return memberQuestion(state.stage, state.member, state.members.length + 1, state.problem);
    if (isSettingStage(state.stage)) return settingQuestion(state.stage, state.settings, state.change, state.problem);
    switch (state.stage) {
      case 'pickBackup': {
        const current = state.coordinators.find((c) => c.backup);
        return { field: 'pickBackup', ...p, choices: coordinatorChoices(), ...(current ? { note: 'current', vars: { current: current.name } } : { note: 'none' }) };
      }
      case 'pickRemoveCoordinator':
        return { field: 'pickRemoveCoordinator', ...p, choices: coordinatorChoices() };
      case 'confirmRemoveCoordinator': {
        const c = state.coordinators.find((x) => x.chatKey === state.coordinatorKey);
        return { field: 'confirmRemoveCoordinator', ...p, vars: { name: c?.name ?? '' }, ...(c?.isYou ? { note: 'you' } : {}) };
      }
      case 'pickMember':
        return { field: 'pickMember', ...p, vars: { op: state.op }, choices: this.pickable(state).map((m) => ({ value: m.memberId, label: m.firstName })) };
      case 'pickCoordinator':
        return { field: 'pickCoordinator', ...p, choices: state.coordinators.map((c) => ({ value: c.chatKey, label: c.name })) };
      case 'position':
        return { field: 'position', ...p, vars: { name, max: state.members.length }, lines: state.members.map((m, i) => `${i + 1}. ${m.firstName}`) };
      case 'rotaDays': {
        const c = state.coordinators.find((x) => x.chatKey === state.coordinatorKey);
        return { field: 'rotaDays', ...p, vars: { name: c?.name ?? '' }, ...(c && c.weekdays.length > 0 ? { preset: c.weekdays.join(',') } : {}) };
      }
      default:
        return { field: state.stage as CircleQuestionInput['field'], ...p, vars: { name } };
    }
  }

  protected async answer(step: WaterfallStepContext, state: EditState, action: CircleAnswerAction): Promise<DialogTurnResult> {
    const value = (action.value ?? '').trim();
    if (value === 'back') return this.end(step, state);
    if (isMemberStage(state.stage)) return this.onMember(step, state, value);
    if (isSettingStage(state.stage)) {
      const read = readSettingAnswer(state.stage, value, state.settings);
      return read.ok ? this.setting(step, state, read.change) : this.go(step, state, state.stage, read.problem);
    }
    const yesNo = (stage: EditState['stage']) => (YES_NO.includes(value) ? undefined : this.go(step, state, stage, problem('CHOOSE')));
    switch (state.stage) {
      case 'pickMember':
        if (!this.pickable(state).some((m) => m.memberId === value)) return this.go(step, state, 'pickMember', problem('CHOOSE'));
        return this.afterPick(step, state, value);
      case 'pickCoordinator':
        if (!state.coordinators.some((c) => c.chatKey === value)) return this.go(step, state, 'pickCoordinator', problem('CHOOSE'));
        return this.go(step, { ...state, coordinatorKey: value }, 'rotaDays');
      case 'confirmRemove':
        return yesNo('confirmRemove') ?? (value === 'yes' ? this.apply(step, state, { kind: 'removeMember', memberId: state.memberId ?? '' }) : this.end(step, state));
      case 'confirmDelete':
        return yesNo('confirmDelete') ?? (value === 'yes' ? this.deleteCircle(step, state) : this.end(step, state));
      case 'holidays': {
        const choice = translatorOf(step.context).t(value === 'yes' ? 'circles:summary.holidaysSkipped' : 'circles:summary.holidaysKept');
        return yesNo('holidays') ?? this.apply(step, state, { kind: 'skipHolidays', skip: value === 'yes' }, { choice });
      }
      case 'position': {
        const n = parseMinutes(value);
        if (n === undefined || n < 1 || n > state.members.length) return this.go(step, state, 'position', problem('POSITION_INVALID', { max: state.members.length }));
        return this.apply(step, state, { kind: 'moveMember', memberId: state.memberId ?? '', position: n - 1 }, { position: n });
      }
      case 'range':
      case 'circleRange': {
        const typed = action.from || action.to ? { from: action.from ?? '', to: action.to ?? action.from ?? '' } : parseDateRange(value);
        if (!typed) return this.go(step, state, state.stage, problem('DATES_UNREADABLE'));
        const range = validateRange(typed.from, typed.to);
        if (!range.ok) return this.go(step, state, state.stage, problem(range.code));
        const t = translatorOf(step.context);
        const dates = { from: readableDate(t, range.value.from), to: readableDate(t, range.value.to) };
        if (state.stage === 'circleRange') {
          return this.apply(step, state, { kind: 'pauseCircle', ...range.value }, dates);
        }
        return this.apply(step, state, { kind: 'pauseMember', memberId: state.memberId ?? '', ...range.value }, dates);
      }
      case 'rotaDays':
      case 'inviteDays': {
        const weekdays = parseWeekdays(value);
        if (!weekdays) return this.go(step, state, state.stage, problem(value === '' ? 'WEEKDAYS_EMPTY' : 'DAYS_UNREADABLE'));
        const days = formatWeekdays(translatorOf(step.context), weekdays);
        if (state.stage === 'inviteDays') {
          return this.invite(step, state, { role: 'coordinator', weekdays }, { days });
        }
        const coordinator = state.coordinators.find((c) => c.chatKey === state.coordinatorKey)?.name ?? '';
        return this.apply(step, state, { kind: 'coordinatorDays', chatKey: state.coordinatorKey ?? '', weekdays }, { days, coordinator });
      }
      case 'outcome':
        if (!(ESCALATION_OUTCOMES as readonly string[]).includes(value)) return this.go(step, state, 'outcome', problem('CHOOSE'));
        return this.resolve(step, state, value as EscalationOutcome);
      case 'pickBackup':
        if (!state.coordinators.some((c) => c.chatKey === value)) return this.go(step, state, 'pickBackup', problem('CHOOSE'));
        return this.setBackup(step, { ...state, coordinatorKey: value });
      case 'pickRemoveCoordinator':
        if (!state.coordinators.some((c) => c.chatKey === value)) return this.go(step, state, 'pickRemoveCoordinator', problem('CHOOSE'));
        return this.go(step, { ...state, coordinatorKey: value }, 'confirmRemoveCoordinator');
      case 'confirmRemoveCoordinator':
        return yesNo('confirmRemoveCoordinator') ?? (value === 'yes' ? this.removeCoordinator(step, state) : this.end(step, state));
      default:
        return this.end(step, state);
    }
  }

  private async afterPick(step: WaterfallStepContext, state: EditState, memberId: string): Promise<DialogTurnResult> {
    const op = state.op;
    if (!isMemberOp(op)) return this.end(step, state);
    return this.afterPickOps[op](step, { ...state, memberId }, memberId);
  }

  private async onMember(step: WaterfallStepContext, state: EditState, value: string): Promise<DialogTurnResult> {
    const stage = state.stage as MemberStage;
    if (stage === 'consent') {
      if (!YES_NO.includes(value)) return this.go(step, state, 'consent', problem('CHOOSE'));
      if (value === 'no') {
        await step.context.sendActivity(translatorOf(step.context).t('circles:create.noConsent', { name: state.member.firstName ?? '' }));
        return this.end(step, state);
      }
      return this.apply(step, state, { kind: 'addMember', member: memberInputOf(state.member) });
    }
    const others = state.members.map((m) => ({ ...memberInputOf({}), phone: m.phone }));
    const checked = checkMemberField(stage, value, others);
    if (!checked.ok) return this.go(step, state, stage, problem(checked.code));
    return this.go(step, { ...state, member: applyMemberField(state.member, stage, checked.value) }, nextMemberStage(stage) ?? 'consent');
  }

  /** Keeps one answer; the next question of the op follows, or the save after the last (or after a fix). */
  private setting(step: WaterfallStepContext, state: EditState, change: Partial<EditableSettings>): Promise<DialogTurnResult> {
    const next: EditState = { ...state, change: { ...state.change, ...change } };
    const stages = SETTING_STAGES[state.op] ?? [];
    const following = state.fixing ? undefined : stages[stages.indexOf(state.stage) + 1];
    if (following) return this.go(step, next, following);
    delete next.fixing;
    return this.saveSettings(step, next);
  }

  /** The changed settings in one save; nothing changed is said, and nothing is saved. */
  private async saveSettings(step: WaterfallStepContext, state: EditState): Promise<DialogTurnResult> {
    const changed = changedSettings(state.settings, state.change);
    if (Object.keys(changed).length === 0) {
      await step.context.sendActivity(translatorOf(step.context).t('circles:edit.unchanged'));
      return this.end(step, state);
    }
    const t = translatorOf(step.context);
    return this.apply(step, state, { kind: 'settings', settings: changed }, (v): Record<string, string | number> =>
      state.op === 'timing'
        ? { reminder: reminderLine(t, v.reminderMinutes), ack: ackLine(t, v.ackMinutes, v.coordinators.length) }
        : { time: v.startTime, days: formatWeekdays(t, v.weekdays), mode: t.t(`circles:summary.mode.${v.mode}`), window: v.windowMinutes },
    );
  }
}

function peopleOf(view: CircleView): Pick<EditState, 'members' | 'coordinators'> {
  return {
    members: view.members.map((m) => ({ memberId: m.memberId, firstName: m.firstName, paused: m.pauses.length > 0, pausedToday: m.pausedToday, phone: m.phone })),
    coordinators: view.coordinators.map((c) => ({ chatKey: c.chatKey, name: c.name, weekdays: c.weekdays, backup: c.backup, isYou: c.isYou })),
  };
}
