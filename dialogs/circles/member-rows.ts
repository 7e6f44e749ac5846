import { z } from 'zod';
import { CIRCLE_LIMITS, type MemberInput } from '../../src/domain/circles/circle';
import { type FormRow, MEMBER_LIST_MAX_LENGTH, ROW_COUNT, rowInputId, type RowPart, type RowProblem } from '../../cards/circles/circle-questions';
import { checkMemberField, type MemberDraft, memberInputOf } from './member-steps';

export type { RowProblem };

/**
 * Several members at once: the rows of the members form card (five rows of first name, phone,
 * key holder's name, phone and relation, and a consent tick), or a typed list with one member a
 * line ("Anna, 06 00000001, Piet, 06 00000002, zoon"). Each filled row is checked on its own by a
 * zod schema whose rules are the domain's (checkMemberField): the good rows are kept, each bad
 * row is given back with what is wrong with it.
 */

/** One row as typed; `consent` is undefined on a typed list (asked once for the whole list). */
export interface MemberRow {
  /** 1-based: the row on the card, or the line of the typed list. */
  row: number;
  draft: MemberDraft;
  consent?: boolean;
}

const DRAFT_KEYS = ['firstName', 'phone', 'khName', 'khPhone', 'khRelation'] as const;
const PART_OF: Record<(typeof DRAFT_KEYS)[number], RowPart> = { firstName: 'Name', phone: 'Phone', khName: 'KhName', khPhone: 'KhPhone', khRelation: 'KhRelation' };

/** The filled rows of a form submit (a row with nothing typed is no row). */
export function rowsOfForm(inputs: Readonly<Record<string, unknown>>): MemberRow[] {
  const rows: MemberRow[] = [];
  for (let row = 1; row <= ROW_COUNT; row++) {
    const text = (part: RowPart) => {
      const value = inputs[rowInputId(row, part)];
      return typeof value === 'string' ? value.trim() : '';
    };
    const draft = Object.fromEntries(DRAFT_KEYS.map((k) => [k, text(PART_OF[k])]).filter(([, v]) => v !== '')) as MemberDraft;
    if (Object.keys(draft).length === 0) continue;
    rows.push({ row, draft, consent: text('Consent') === 'true' });
  }
  return rows;
}

/** The lines of a typed list: five parts split by commas, semicolons or tabs. A line with other counts is unreadable. */
export function rowsOfText(text: string): Array<MemberRow | RowProblem> {
  return text
    .slice(0, MEMBER_LIST_MAX_LENGTH)
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-•*]|\d{1,2}[.)])\s+/, '').trim())
    .filter((line) => line !== '')
    .map((line, i) => {
      const parts = line.split(/\s*[,;\t]\s*/).map((p) => p.trim());
      if (parts.length !== DRAFT_KEYS.length || parts.some((p) => p === '')) return { row: i + 1, name: parts.length > 1 ? (parts[0] ?? '') : '', code: 'ROW_UNREADABLE' as const };
      return { row: i + 1, draft: Object.fromEntries(DRAFT_KEYS.map((k, j) => [k, parts[j] ?? ''])) as MemberDraft };
    });
}

const INCOMPLETE: RowProblem['code'] = 'ROW_INCOMPLETE';

const rowSchema = (others: readonly MemberInput[]) =>
  z
    .object({
      firstName: z.string().max(CIRCLE_LIMITS.firstNameMax * 2).optional(),
      phone: z.string().max(40).optional(),
      khName: z.string().max(CIRCLE_LIMITS.firstNameMax * 4).optional(),
      khPhone: z.string().max(40).optional(),
      khRelation: z.string().max(CIRCLE_LIMITS.relationMax * 2).optional(),
    })
    .strict()
    .transform((draft, ctx) => {
      const out: MemberDraft = {};
      for (const key of DRAFT_KEYS) {
        const value = draft[key];
        if (value === undefined || value === '') {
          ctx.addIssue({ code: 'custom', path: [key], message: 'ROW_INCOMPLETE' });
          return z.NEVER;
        }
        const checked = checkMemberField(key, value, others);
        if (!checked.ok) {
          ctx.addIssue({ code: 'custom', path: [key], message: checked.code });
          return z.NEVER;
        }
        out[key] = checked.value;
      }
      return out;
    });

/**
 * Checks every row against the domain's rules and against the members already in the list (and
 * the good rows before it: the same phone twice is the same person twice). Good rows come back
 * as members, in order; bad rows as problems, so the form can show them again.
 */
export function checkRows(
  rows: ReadonlyArray<MemberRow | RowProblem>,
  members: readonly MemberInput[],
  options: { consentRequired: boolean },
): { good: MemberInput[]; bad: Array<{ row: MemberRow | undefined; problem: RowProblem }> } {
  const good: MemberInput[] = [];
  const bad: Array<{ row: MemberRow | undefined; problem: RowProblem }> = [];
  for (const row of rows) {
    if (!('draft' in row)) {
      bad.push({ row: undefined, problem: row });
      continue;
    }
    const name = row.draft.firstName ?? '';
    const parsed = rowSchema([...members, ...good]).safeParse(row.draft);
    if (!parsed.success) {
      const code = (parsed.error.issues[0]?.message ?? INCOMPLETE) as RowProblem['code'];
      bad.push({ row, problem: { row: row.row, name, code } });
      continue;
    }
    if (options.consentRequired && row.consent !== true) {
      bad.push({ row, problem: { row: row.row, name, code: 'ROW_NO_CONSENT' } });
      continue;
    }
    good.push(memberInputOf(parsed.data));
  }
  return { good, bad };
}

/** Bad rows given back to the form with what was typed (unreadable typed lines have nothing to give back). */
export function formRowsOf(bad: ReadonlyArray<{ row: MemberRow | undefined; problem: RowProblem }>): FormRow[] {
  return bad.flatMap(({ row, problem }) =>
    row
      ? [
          {
            values: {
              Name: row.draft.firstName ?? '',
              Phone: row.draft.phone ?? '',
              KhName: row.draft.khName ?? '',
              KhPhone: row.draft.khPhone ?? '',
              KhRelation: row.draft.khRelation ?? '',
              Consent: row.consent ? 'true' : 'false',
            },
            problem,
          },
        ]
      : [],
  );
}
