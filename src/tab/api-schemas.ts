/**
 * The shapes the tab reads from the tab API (src/adapters/http/tab-api.ts, built on
 * src/application/tab-queries.ts and src/domain/figures.ts). All parsing of responses lives here,
 * so aligning with the server is a change in this one file. Unknown extra fields are ignored;
 * display-only values (sector, age group) are plain strings so a value from a newer server
 * version shows as itself instead of breaking the page.
 */
// zod/mini: the same checks as zod with a tree-shakable API (full zod would add ~450 kB to the page).
import * as z from 'zod/mini';
import { SIGNAL_STATUSES } from '../domain/signal';
import type { QueueItem as ServerQueueItem, SignalDetail as ServerSignalDetail } from '../application/tab-queries';
import type { Figures as ServerFigures } from '../domain/figures';

const nullableString = z.pipe(
  z.nullish(z.string()),
  z.transform((v) => v ?? undefined),
);

export const queueItemSchema = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(SIGNAL_STATUSES),
  createdAt: z.string(),
  deadline: z.string(),
  overdue: z.boolean(),
  ageGroup: z.string(),
  claimedByMe: z._default(z.boolean(), false),
  claimedAt: nullableString,
  closedAt: nullableString,
});
export type QueueItem = z.infer<typeof queueItemSchema>;

export const queueSchema = z.object({ items: z.array(queueItemSchema), total: z.number() });
export type Queue = z.infer<typeof queueSchema>;

const historyLineSchema = z.object({
  at: z.string(),
  action: z.string(),
  toSignaalpunt: nullableString,
  outcome: nullableString,
  note: nullableString,
});
export type HistoryLine = z.infer<typeof historyLineSchema>;

const personalSchema = z.partial(
  z.object({
    personName: z.string(),
    personContact: z.string(),
    postcode6: z.string(),
    houseNumber: z.string(),
    note: z.string(),
    reporterName: z.string(),
    reporterContact: z.string(),
    reporterOrganisation: z.string(),
  }),
);
export type Personal = z.infer<typeof personalSchema>;

export const signalDetailSchema = z.extend(queueItemSchema, {
  about: z.string(),
  informed: z.boolean(),
  consent: z.boolean(),
  postcode4: z.string(),
  signs: z.array(z.string()),
  relation: z.string(),
  reporterSector: z.string(),
  wantsFeedback: z.boolean(),
  outcome: nullableString,
  personal: z._default(personalSchema, {}),
  personalErasedAt: nullableString,
  history: z.array(historyLineSchema),
  allowedActions: z.array(z.string()),
  forwardTargets: z._default(z.array(z.object({ id: z.string(), name: z.string() })), []),
});
export type SignalDetail = z.infer<typeof signalDetailSchema>;

/** `{ [key]: value, ... }` -> value; anything else as it is (so a bare answer parses too). */
function unwrap(key: string) {
  return z.transform((value: unknown) => (value && typeof value === 'object' && key in value ? (value as Record<string, unknown>)[key] : value));
}

/** The detail answer is `{ signal }`. */
export const signalResponseSchema = z.pipe(unwrap('signal'), signalDetailSchema);

/**
 * The action answer is `{ signal }` too, but `signal` is null when the signal left the team's
 * signaalpunten (forwarded to another): the team no longer sees it.
 */
export const actionResponseSchema = z.object({ signal: z.nullable(signalDetailSchema) });

const keyCountsSchema = z.array(z.object({ key: z.string(), count: z.number() }));
const durationsSchema = z.object({ count: z.number(), medianHours: z.nullable(z.number()), p90Hours: z.nullable(z.number()) });
const shareSchema = z.object({ due: z.number(), within: z.number(), share: z.nullable(z.number()) });

export const figuresSchema = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  total: z.number(),
  perWeek: z.array(z.object({ week: z.string(), weekStart: z.string(), count: z.number() })),
  bySector: keyCountsSchema,
  bySignGroup: keyCountsSchema,
  byAgeGroup: keyCountsSchema,
  timeToClaim: durationsSchema,
  timeToClose: durationsSchema,
  closedWithinDeadline: shareSchema,
});
export type Figures = z.infer<typeof figuresSchema>;

/** The figures answer is `{ signaalpunten, figures }`. */
export const figuresResponseSchema = z.pipe(unwrap('figures'), figuresSchema);

/** GET /api/tab/me: the linked teams the user is a member of (for the personal tab). */
export const meSchema = z.object({
  teams: z.array(z.object({ teamId: z.string(), signaalpunten: z.array(z.object({ id: z.string(), name: z.string() })) })),
});
export type MyTeams = z.infer<typeof meSchema>['teams'];

/** Error answers: `{ error: { code } }`, as the rest of the HTTP edge sends them. */
export const errorSchema = z.object({ error: z.object({ code: z.string() }) });

// Compile-time alignment with the server's types: if tab-queries or figures change a field the
// tab reads, `npm run typecheck:tab` fails here instead of the page failing in Teams.
type Assignable<Server, Tab> = Server extends Tab ? true : false;
export const SERVER_TYPES_FIT: [
  Assignable<ServerQueueItem, z.input<typeof queueItemSchema>>,
  Assignable<ServerSignalDetail, z.input<typeof signalDetailSchema>>,
  Assignable<ServerFigures, z.input<typeof figuresSchema>>,
] = [true, true, true];
