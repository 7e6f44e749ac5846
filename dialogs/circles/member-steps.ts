import { type CircleErrorCode, type MemberInput, parsePhone, validateMember } from '../../src/domain/circles/circle';
import type { CircleQuestionInput } from '../../cards/circles/circle-question';

/**
 * The member questions both the create and the edit dialog ask, in order: first name, phone,
 * key holder's name, phone and relation, and the member's consent to share their number.
 * Each typed value is checked by the domain's own rules (validateMember), so the dialog and the
 * use case never disagree about what a valid member is.
 */
export const MEMBER_STAGES = ['firstName', 'phone', 'khName', 'khPhone', 'khRelation', 'consent'] as const;
export type MemberStage = (typeof MEMBER_STAGES)[number];
type TypedStage = Exclude<MemberStage, 'consent'>;

export interface MemberDraft {
  firstName?: string;
  phone?: string;
  khName?: string;
  khPhone?: string;
  khRelation?: string;
}

export const isMemberStage = (stage: string): stage is MemberStage => (MEMBER_STAGES as readonly string[]).includes(stage);

export function nextMemberStage(stage: MemberStage): MemberStage | undefined {
  return MEMBER_STAGES[MEMBER_STAGES.indexOf(stage) + 1];
}

/** The use case names member fields like this; the dialog asks them as these stages. */
const FIELD_OF: Record<TypedStage, string> = {
  firstName: 'firstName',
  phone: 'phone',
  khName: 'keyHolder.name',
  khPhone: 'keyHolder.phone',
  khRelation: 'keyHolder.relation',
};

/** "phone", "members.2.phone" or "members[2].keyHolder.phone" as the stage and the member's index. */
export function memberFieldOf(field: string | undefined): { stage: TypedStage; index?: number } | undefined {
  if (!field) return undefined;
  const m = /^(?:members?(?:\.|\[)(\d+)\]?\.)?(.+)$/.exec(field);
  const stage = (Object.keys(FIELD_OF) as TypedStage[]).find((s) => FIELD_OF[s] === m?.[2]);
  if (!stage) return undefined;
  return m?.[1] !== undefined ? { stage, index: Number(m[1]) } : { stage };
}

// A valid member: one field at a time is swapped for what was typed and checked.
const VALID: MemberInput = { firstName: 'Sample', phone: '0612345678', keyHolder: { name: 'Sample', phone: '0687654321', relation: 'Sample' }, consent: true };

function withField(stage: TypedStage, value: string): MemberInput {
  const kh = VALID.keyHolder;
  switch (stage) {
    case 'firstName':
      return { ...VALID, firstName: value };
    case 'phone':
      return { ...VALID, phone: value };
    case 'khName':
      return { ...VALID, keyHolder: { ...kh, name: value } };
    case 'khPhone':
      return { ...VALID, keyHolder: { ...kh, phone: value } };
    case 'khRelation':
      return { ...VALID, keyHolder: { ...kh, relation: value } };
  }
}

const samePhone = (a: string, b: string) => {
  const pa = parsePhone(a);
  const pb = parsePhone(b);
  return pa.ok && pb.ok && pa.value === pb.value;
};

/**
 * Checks one typed field and returns it normalised (names tidied, phones in E.164). A phone that
 * another member already has is the same person twice.
 */
export function checkMemberField(
  stage: TypedStage,
  value: string,
  others: readonly MemberInput[],
): { ok: true; value: string } | { ok: false; code: CircleErrorCode } {
  const result = validateMember(withField(stage, value), 'draft', new Date(0));
  if (!result.ok) return { ok: false, code: result.code };
  if (stage === 'phone' && others.some((o) => samePhone(o.phone, value))) return { ok: false, code: 'MEMBER_TWICE' };
  const m = result.value;
  const normalised = { firstName: m.firstName, phone: m.phone, khName: m.keyHolder.name, khPhone: m.keyHolder.phone, khRelation: m.keyHolder.relation };
  return { ok: true, value: normalised[stage] };
}

/**
 * One typed answer about a member, as both dialogs take it: checked by the domain, then put in the
 * draft, with the stage that follows (the consent question after the last field).
 */
export function answerMemberField(
  draft: MemberDraft,
  stage: TypedStage,
  value: string,
  others: readonly MemberInput[],
): { ok: true; member: MemberDraft; next: MemberStage } | { ok: false; code: CircleErrorCode } {
  const checked = checkMemberField(stage, value, others);
  if (!checked.ok) return checked;
  return { ok: true, member: applyMemberField(draft, stage, checked.value), next: nextMemberStage(stage) ?? 'consent' };
}

export function memberInputOf(draft: MemberDraft): MemberInput {
  return {
    firstName: draft.firstName ?? '',
    phone: draft.phone ?? '',
    keyHolder: { name: draft.khName ?? '', phone: draft.khPhone ?? '', relation: draft.khRelation ?? '' },
    consent: true,
  };
}

export function draftOf(member: MemberInput): MemberDraft {
  return { firstName: member.firstName, phone: member.phone, khName: member.keyHolder.name, khPhone: member.keyHolder.phone, khRelation: member.keyHolder.relation };
}

export function applyMemberField(draft: MemberDraft, stage: TypedStage, value: string): MemberDraft {
  return { ...draft, [stage]: value };
}

/** The question for a member stage; `number` is the member's place in the circle. */
export function memberQuestion(stage: MemberStage, draft: MemberDraft, number: number, problem?: CircleQuestionInput['problem']): CircleQuestionInput {
  const vars: Record<string, string | number> = { number };
  if (draft.firstName) vars.name = draft.firstName;
  if (draft.khName) vars.keyHolder = draft.khName;
  return { field: stage, vars, ...(problem ? { problem } : {}) };
}
