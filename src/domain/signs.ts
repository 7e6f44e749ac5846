/**
 * The signaleringskaart: five groups of signs plus the signs seen from outside.
 * Ids are code names; their Dutch and English words live in the locale files (`content` namespace,
 * `signs.<group>.title` and `signs.<group>.items.<sign>`).
 */
export const SIGN_GROUPS = {
  physical: ['selfCare', 'fatigue', 'headache', 'muscleTension', 'appetite'],
  psychological: ['selfImage', 'meaninglessness', 'abandonment', 'disappointment', 'sadness', 'anger', 'distrust'],
  social: ['fewContacts', 'noSupport'],
  behaviour: ['socialSkills', 'keepsDistance', 'clinging', 'selfCentred', 'addiction'],
  lifeEvents: ['bereavement', 'divorce', 'illness', 'move', 'jobLoss', 'money'],
  outside: ['curtainsClosed', 'neglected', 'letterbox', 'staysAway', 'neverOut', 'lightsDaytime', 'deadPlants'],
} as const;

export type SignGroup = keyof typeof SIGN_GROUPS;
export type Sign = (typeof SIGN_GROUPS)[SignGroup][number];

export const SIGN_GROUP_IDS = Object.keys(SIGN_GROUPS) as SignGroup[];

const GROUP_OF = new Map<string, SignGroup>(
  SIGN_GROUP_IDS.flatMap((group) => SIGN_GROUPS[group].map((sign) => [sign, group] as const)),
);

export function isSign(value: string): value is Sign {
  return GROUP_OF.has(value);
}

export function groupOf(sign: Sign): SignGroup {
  const group = GROUP_OF.get(sign);
  if (!group) throw new Error(`unknown sign ${sign}`);
  return group;
}

/** Observed signs, grouped in card order; unknown ids are dropped by the caller's schema, not here. */
export function groupSigns(signs: readonly Sign[]): Array<{ group: SignGroup; signs: Sign[] }> {
  const unique = new Set(signs);
  return SIGN_GROUP_IDS.map((group) => ({
    group,
    signs: SIGN_GROUPS[group].filter((s) => unique.has(s)) as Sign[],
  })).filter((g) => g.signs.length > 0);
}

/** Kinds of loneliness the programme distinguishes. Social isolation is a different thing. */
export type LonelinessKind = 'social' | 'emotional' | 'existential';

/** Signs that hint at each kind. A hint, not a diagnosis; exported so tests can check `possibleKinds`. */
export const KIND_HINTS: Readonly<Record<LonelinessKind, readonly Sign[]>> = {
  social: ['fewContacts', 'noSupport', 'keepsDistance', 'move', 'jobLoss', 'staysAway', 'neverOut', 'socialSkills'],
  emotional: ['abandonment', 'sadness', 'bereavement', 'divorce', 'clinging', 'disappointment'],
  existential: ['meaninglessness', 'selfImage', 'illness'],
};

/**
 * Which kinds of loneliness *may* play a role, given what was observed. This is a prompt for a
 * careful conversation, never a label: only the person can say whether they feel lonely.
 * Ordered by how many observed signs point at each kind; kinds without a hint are left out.
 */
export function possibleKinds(signs: readonly Sign[]): LonelinessKind[] {
  const observed = new Set(signs);
  return (Object.keys(KIND_HINTS) as LonelinessKind[])
    .map((kind) => ({ kind, score: KIND_HINTS[kind].filter((s) => observed.has(s)).length }))
    .filter((k) => k.score > 0)
    .sort((a, b) => b.score - a.score)
    .map((k) => k.kind);
}
