import { z } from 'zod';
import { AGE_GROUPS, RELATIONS, SECTORS } from '../domain/signal';
import { isSign, type Sign } from '../domain/signs';
import { parseHouseNumber, parsePostcode } from '../domain/postcode';

/**
 * What a report is made of: the one list of its fields and their limits. The use case checks every
 * draft with this schema; the report dialog asks, checks and summarises the same fields, and its
 * card inputs take their `maxLength` from here. A new field is added here and in the report's
 * questions (cards/signals/report-questions.ts), nowhere else.
 */

/**
 * The longest answers a report takes, in UTF-16 code units as zod and a card's `maxLength` count
 * them. Only the schema below uses them; the questions read the limits from the schema.
 */
export const REPORT_LIMITS = {
  /** The reporter's own note about what they saw (not a team's note on a signal: TEAM_NOTE_MAX_LENGTH). */
  note: 500,
  name: 120,
  contact: 200,
  organisation: 160,
  postcode: 10,
  houseNumber: 12,
} as const;

const contact = z.string().trim().min(3).max(REPORT_LIMITS.contact);
const name = z.string().trim().min(1).max(REPORT_LIMITS.name);

/** The fields, before the rule that ties them together (`reportDraftSchema`). */
export const reportDraftFields = z
  .object({
    about: z.enum(['other', 'self']),
    informed: z.boolean(),
    /** The person agrees to be contacted. Without it, no name or contact of the person is kept. */
    consent: z.boolean(),
    /** As typed: "1234 AB" or "1234". */
    postcode: z
      .string()
      .trim()
      .min(4)
      .max(REPORT_LIMITS.postcode)
      .refine((p) => parsePostcode(p).ok, 'not a Dutch postcode'),
    houseNumber: z
      .string()
      .trim()
      .max(REPORT_LIMITS.houseNumber)
      .refine((h) => parseHouseNumber(h).ok, 'not a house number')
      .optional(),
    ageGroup: z.enum(AGE_GROUPS),
    signs: z
      .array(z.custom<Sign>((s) => typeof s === 'string' && isSign(s)))
      .min(1)
      .max(40),
    note: z.string().max(REPORT_LIMITS.note).optional(),
    relation: z.enum(RELATIONS),
    personName: name.optional(),
    personContact: contact.optional(),
    reporterName: name.optional(),
    reporterOrganisation: z.string().trim().max(REPORT_LIMITS.organisation).optional(),
    reporterSector: z.enum(SECTORS),
    reporterContact: contact.optional(),
    wantsFeedback: z.boolean(),
  })
  .strict();

/** The draft as the use case accepts it: the dialog is one client of many, so check again. */
export const reportDraftSchema = reportDraftFields.refine((d) => d.consent || (d.personName === undefined && d.personContact === undefined), {
  message: 'no person details without consent',
  path: ['consent'],
});

/**
 * What the report dialog collects. The use case validates it again (zod) before storing:
 * the dialog is one client of many.
 */
export type ReportDraft = z.output<typeof reportDraftFields>;
export type ReportField = keyof ReportDraft;

/** Every field of a draft, in the schema's order. */
export const REPORT_FIELDS: readonly ReportField[] = reportDraftFields.keyof().options;

/** Fields a draft must have (the rest may stay open). */
export const isRequiredField = (field: ReportField): boolean => !reportDraftFields.shape[field].safeParse(undefined).success;

/** The longest text a field takes, as the schema says; undefined for a field that is not text. */
export function maxLengthOf(field: ReportField): number | undefined {
  const schema = reportDraftFields.shape[field];
  const text = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
  return text instanceof z.ZodString ? (text.maxLength ?? undefined) : undefined;
}
