import {
  type Circle,
  CIRCLE_LIMITS,
  type CircleInput,
  type CircleMember,
  type CircleResult,
  fail,
  type MemberInput,
  ok,
  validateMembers,
  validateMember,
  validateRange,
  validateSettings,
} from './circle';

/** One change to a circle; see `applyEdit`. Dates are "YYYY-MM-DD". */
export type CircleEditCommand =
  | { kind: 'addMember'; member: MemberInput; position?: number }
  | { kind: 'removeMember'; memberId: string }
  | { kind: 'moveMember'; memberId: string; position: number }
  | { kind: 'pauseMember'; memberId: string; from: string; to: string }
  | { kind: 'resumeMember'; memberId: string }
  | { kind: 'pauseCircle'; from: string; to: string }
  | { kind: 'resumeCircle' }
  | { kind: 'skipHolidays'; skip: boolean }
  | { kind: 'settings'; settings: Partial<CircleInput> }
  | { kind: 'coordinatorDays'; chatKey: string; weekdays: number[]; backup?: boolean }
  /** This coordinator becomes the backup; any other backup stops being one. */
  | { kind: 'backup'; chatKey: string }
  | { kind: 'removeCoordinator'; chatKey: string };

export interface EditContext {
  now: Date;
  /** Today in Amsterdam: pauses that ended before today are dropped when a new one is added. */
  today: string;
  newId: () => string;
}

const clampPosition = (position: number, length: number) => Math.max(0, Math.min(length, Math.trunc(position)));

/**
 * The circle after one edit, or why not. Pure: the caller saves the result with compare-and-set,
 * so an edit is saved whole or not at all. A schedule change moves `scheduleFrom` to now, so the
 * scheduler never fires an event of the old schedule late.
 */
export function applyEdit(circle: Circle, edit: CircleEditCommand, ctx: EditContext): CircleResult<Circle> {
  const next: Circle = { ...circle, updatedAt: ctx.now.toISOString(), version: circle.version + 1 };
  const memberIndex = (id: string) => circle.members.findIndex((m) => m.id === id);
  switch (edit.kind) {
    case 'addMember': {
      const member = validateMember(edit.member, ctx.newId(), ctx.now);
      if (!member.ok) return member;
      const members = [...circle.members];
      members.splice(clampPosition(edit.position ?? members.length, members.length), 0, member.value);
      const checked = validateMembers(members);
      if (!checked.ok) return checked;
      return ok({ ...next, members: checked.value });
    }
    case 'removeMember': {
      const i = memberIndex(edit.memberId);
      if (i < 0) return fail('MEMBER_NOT_FOUND');
      if (circle.members.length === 1) return fail('CIRCLE_EMPTY');
      return ok({ ...next, members: circle.members.filter((m) => m.id !== edit.memberId) });
    }
    case 'moveMember': {
      const i = memberIndex(edit.memberId);
      if (i < 0) return fail('MEMBER_NOT_FOUND');
      const members = [...circle.members];
      const [moved] = members.splice(i, 1) as [CircleMember];
      members.splice(clampPosition(edit.position, members.length), 0, moved);
      return ok({ ...next, members });
    }
    case 'pauseMember': {
      const i = memberIndex(edit.memberId);
      const member = circle.members[i];
      if (!member) return fail('MEMBER_NOT_FOUND');
      const range = validateRange(edit.from, edit.to);
      if (!range.ok) return range;
      const pauses = [...member.pauses.filter((p) => p.to >= ctx.today), range.value];
      if (pauses.length > CIRCLE_LIMITS.pausesMax) return fail('TOO_MANY_PAUSES');
      const members = circle.members.map((m) => (m.id === member.id ? { ...m, pauses } : m));
      return ok({ ...next, members });
    }
    case 'resumeMember': {
      if (memberIndex(edit.memberId) < 0) return fail('MEMBER_NOT_FOUND');
      // Ends the pauses that are running or still to come; past ones are history and go too.
      return ok({ ...next, members: circle.members.map((m) => (m.id === edit.memberId ? { ...m, pauses: [] } : m)) });
    }
    case 'pauseCircle': {
      const range = validateRange(edit.from, edit.to);
      if (!range.ok) return range;
      const pauses = [...circle.pauses.filter((p) => p.to >= ctx.today), range.value];
      if (pauses.length > CIRCLE_LIMITS.pausesMax) return fail('TOO_MANY_PAUSES');
      return ok({ ...next, pauses });
    }
    case 'resumeCircle':
      return ok({ ...next, pauses: [] });
    case 'skipHolidays':
      return ok({ ...next, skipHolidays: edit.skip });
    case 'settings': {
      // A key given as undefined keeps the circle's value (it does not fall back to the default).
      const given = Object.fromEntries(Object.entries(edit.settings).filter(([, v]) => v !== undefined));
      const settings = validateSettings({ ...circle, ...given });
      if (!settings.ok) return settings;
      return ok({ ...next, ...settings.value, scheduleFrom: ctx.now.toISOString() });
    }
    case 'coordinatorDays': {
      if (!circle.coordinators.some((c) => c.chatKey === edit.chatKey)) return fail('NOT_A_COORDINATOR');
      const weekdays = [...new Set(edit.weekdays)].filter((d) => Number.isInteger(d) && d >= 1 && d <= 7).sort();
      if (weekdays.length !== edit.weekdays.length) return fail('WEEKDAYS_EMPTY');
      const coordinators = circle.coordinators.map((c) =>
        c.chatKey === edit.chatKey ? { ...c, weekdays, backup: edit.backup ?? c.backup } : c,
      );
      return ok({ ...next, coordinators });
    }
    case 'backup': {
      if (!circle.coordinators.some((c) => c.chatKey === edit.chatKey)) return fail('NOT_A_COORDINATOR');
      return ok({ ...next, coordinators: circle.coordinators.map((c) => ({ ...c, backup: c.chatKey === edit.chatKey })) });
    }
    case 'removeCoordinator': {
      if (!circle.coordinators.some((c) => c.chatKey === edit.chatKey)) return fail('NOT_A_COORDINATOR');
      if (circle.coordinators.length === 1) return fail('LAST_COORDINATOR');
      return ok({ ...next, coordinators: circle.coordinators.filter((c) => c.chatKey !== edit.chatKey) });
    }
  }
}
