// The edit dialog's saves: each change through the use case and what is said after (questions: edit-circle.dialog.ts).
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { CircleActor, CircleEdit, CircleView, InviteFor } from '../../src/application/circles/circles.types';
import type { CircleErrorCode, CircleResult } from '../../src/domain/circles/circle';
import type { EscalationOutcome } from '../../src/domain/circles/round';
import type { CircleEditOp } from '../../cards/circles/circle-actions';
import { localDateTime, readableDate } from '../../cards/circles/circle-format';
import type { NextAction } from '../card-prompt';
import { translatorOf } from '../turn-context';
import { actorOf, circlesLog, sendCircleError } from './circle-context';
import { type EditableSettings, SETTING_STAGES, STAGE_OF_SETTING } from './edit-settings';
import { type MemberDraft, memberFieldOf } from './member-steps';
import { type LoopState, type Problem, QuestionLoopDialog } from './question-loop';

export interface EditCircleOptions {
  circleId: string;
  op: CircleEditOp;
  memberId?: string;
  escalationId?: string;
}

export interface EditState extends LoopState, EditCircleOptions {
  members: Array<{ memberId: string; firstName: string; paused: boolean; pausedToday: boolean; phone: string }>;
  coordinators: Array<{ chatKey: string; name: string; weekdays: number[]; backup: boolean; isYou: boolean }>;
  member: MemberDraft;
  coordinatorKey?: string;
  /** The circle's settings when the dialog started. */
  settings: EditableSettings;
  /** What the coordinator chose to change so far; saved together after the last question. */
  change: Partial<EditableSettings>;
  /** One setting asked again after the use case refused it: save right after its answer. */
  fixing?: boolean;
}

export const problem = (code: string, vars?: Problem['vars']): Problem => (vars ? { code, vars } : { code });

/**
 * The half of EditCircleDialog that changes the circle: one edit, invite, outcome or delete through
 * the use case, a refusal asked again where it can be, and how it went said before the circle is
 * shown again.
 */
export abstract class EditSavesDialog extends QuestionLoopDialog<EditState> {
  /**
   * Makes the chosen coordinator the only backup: their flag set (with the days they have now),
   * then the flag of any other cleared. Two saves: when the second fails there are two backups
   * for a while, never none, and the refusal is said.
   */
  protected async setBackup(step: WaterfallStepContext, state: EditState): Promise<DialogTurnResult> {
    const fresh = await this.freshCoordinator(step, state);
    if ('status' in fresh) return fresh;
    const { actor, chosen } = fresh;
    // One save: the chosen coordinator becomes the backup and any other stops being one.
    const result = await this.deps.circles.edit(actor, state.circleId, { kind: 'backup', chatKey: chosen.chatKey });
    return this.done(step, state, result, { name: chosen.name });
  }

  /** Removes a coordinator; the coordinator who removes themself goes to their list of circles. */
  protected async removeCoordinator(step: WaterfallStepContext, state: EditState): Promise<DialogTurnResult> {
    const fresh = await this.freshCoordinator(step, state);
    if ('status' in fresh) return fresh;
    const { actor, chosen } = fresh;
    const result = await this.deps.circles.edit(actor, state.circleId, { kind: 'removeCoordinator', chatKey: chosen.chatKey });
    if (!result.ok || chosen.chatKey !== actor.chatKey) return this.done(step, state, result, { name: chosen.name });
    const log = circlesLog(step.context, this.deps, this.id);
    log.info({ code: 'CIRCLE_EDIT_DONE', circleId: state.circleId, op: state.op }, 'coordinator removed themself from chat');
    await step.context.sendActivity(translatorOf(step.context).t('circles:edit.removedYou'));
    return step.endDialog({ next: { verb: 'circle.list' } } satisfies NextAction);
  }

  /** The circle as it is now and the coordinator picked in it; said and ended when they are no longer there. */
  private async freshCoordinator(
    step: WaterfallStepContext,
    state: EditState,
  ): Promise<DialogTurnResult | { actor: CircleActor; view: CircleView; chosen: CircleView['coordinators'][number] }> {
    const actor = await actorOf(step.context, this.deps);
    const view = await this.deps.circles.view(actor, state.circleId);
    if (!view.ok) return this.done(step, state, view);
    const chosen = view.value.coordinators.find((c) => c.chatKey === state.coordinatorKey);
    if (chosen) return { actor, view: view.value, chosen };
    await step.context.sendActivity(translatorOf(step.context).t('circles:edit.coordinatorGone'));
    return this.end(step, state);
  }

  /** One edit through the use case; a refusal about what was just typed asks it again. */
  protected async apply(
    step: WaterfallStepContext,
    state: EditState,
    edit: CircleEdit,
    vars: Record<string, string | number> | ((view: CircleView) => Record<string, string | number>) = {},
  ): Promise<DialogTurnResult> {
    const result = await this.deps.circles.edit(await actorOf(step.context, this.deps), state.circleId, edit);
    if (!result.ok) {
      const again = this.askAgain(state, result.code, result.field);
      if (again) return this.go(step, again.state, again.stage, problem(result.code));
      return this.done(step, state, result);
    }
    return this.done(step, state, result, typeof vars === 'function' ? vars(result.value) : vars);
  }

  /** Where a refused edit goes back to: the member field, the dates, or nowhere (said, then the circle). */
  private askAgain(state: EditState, code: CircleErrorCode, field?: string): { state: EditState; stage: EditState['stage'] } | undefined {
    if (state.op === 'addMember') {
      const member = memberFieldOf(field);
      if (member) return { state, stage: member.stage };
      if (code === 'MEMBER_TWICE') return { state, stage: 'phone' };
    }
    if (['DATE_INVALID', 'RANGE_REVERSED', 'RANGE_TOO_LONG'].includes(code) && (state.stage === 'range' || state.stage === 'circleRange')) return { state, stage: state.stage };
    const setting = (Object.keys(STAGE_OF_SETTING) as Array<keyof EditableSettings>).find((k) => k === field);
    if (setting && SETTING_STAGES[state.op]?.includes(STAGE_OF_SETTING[setting])) {
      // The refused value is dropped, so "keep" after it keeps what the circle has.
      const change = { ...state.change };
      delete change[setting];
      return { state: { ...state, change, fixing: true }, stage: STAGE_OF_SETTING[setting] };
    }
    return undefined;
  }

  protected async invite(step: WaterfallStepContext, state: EditState, invite: InviteFor, vars: Record<string, string | number> = {}): Promise<DialogTurnResult> {
    const result = await this.deps.circles.invite(await actorOf(step.context, this.deps), state.circleId, invite);
    if (!result.ok) return this.done(step, state, result);
    const t = translatorOf(step.context);
    const until = localDateTime(result.value.expiresAt);
    const name = state.members.find((m) => m.memberId === state.memberId)?.firstName ?? '';
    await step.context.sendActivity(t.t(`circles:invite.${invite.role}`, { ...vars, name, code: result.value.code, date: readableDate(t, until.date), time: until.time }));
    return this.done(step, state, { ok: true, value: undefined }, {}, true);
  }

  protected async resolve(step: WaterfallStepContext, state: EditState, outcome: EscalationOutcome): Promise<DialogTurnResult> {
    const actor = await actorOf(step.context, this.deps);
    const result = await this.deps.circles.resolve(actor, state.circleId, state.escalationId ?? '', outcome);
    return this.done(step, state, result, { outcome: translatorOf(step.context).t(`circles:outcomes.${outcome}`) });
  }

  protected async deleteCircle(step: WaterfallStepContext, state: EditState): Promise<DialogTurnResult> {
    const result = await this.deps.circles.remove(await actorOf(step.context, this.deps), state.circleId);
    if (!result.ok) return this.done(step, state, result);
    await step.context.sendActivity(translatorOf(step.context).t('circles:edit.done.deleteCircle'));
    return step.endDialog({ next: { verb: 'circle.list' } } satisfies NextAction);
  }

  /** Says how it went, and shows the circle again. */
  protected async done(step: WaterfallStepContext, state: EditState, result: CircleResult<unknown>, vars: Record<string, string | number> = {}, said = false): Promise<DialogTurnResult> {
    const log = circlesLog(step.context, this.deps, this.id);
    if (!result.ok) {
      log.warn({ code: 'CIRCLE_EDIT_REFUSED', circleId: state.circleId, op: state.op, reason: result.code }, 'circle change refused by the use case');
      await sendCircleError(step.context, result.code);
    } else {
      log.info({ code: 'CIRCLE_EDIT_DONE', circleId: state.circleId, op: state.op }, 'circle changed from chat');
      const name = state.members.find((m) => m.memberId === state.memberId)?.firstName ?? state.member.firstName ?? '';
      if (!said) await step.context.sendActivity(translatorOf(step.context).t(`circles:edit.done.${state.op}`, { name, ...vars }));
    }
    return this.end(step, state);
  }

  protected end(step: WaterfallStepContext, state: EditState): Promise<DialogTurnResult> {
    return step.endDialog({ next: { verb: 'circle.open', circleId: state.circleId } } satisfies NextAction);
  }
}
