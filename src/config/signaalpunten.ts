import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AGE_GROUPS } from '../domain/signal';
import { isPc6 } from '../domain/postcode';
import { coversPostcode, parseAddressRule, parsePostcodeRule, type SignaalpuntenConfig } from '../domain/routing';
import { ConfigError } from './config';

/**
 * The signaalpunten file: who gets which signals, and how they are delivered.
 * Invalid rules are reported, never skipped: one problem makes the whole file invalid, and the
 * error lists every problem with its JSON path ("$.signaalpunten[2].postcodes[0]").
 * Types live in the domain (routing.ts); this file only checks that a JSON file fits them.
 */

export interface ConfigProblem {
  /** JSON path, "$" for the whole file. */
  path: string;
  message: string;
}

const ID = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

const postcodeEntry = z.string().superRefine((entry, ctx) => {
  const parsed = parsePostcodeRule(entry);
  if (parsed.ok) return;
  ctx.addIssue({
    code: 'custom',
    message:
      parsed.problem === 'reversed'
        ? `range ${JSON.stringify(entry)} starts after it ends`
        : `${JSON.stringify(entry)} is not a 4-digit postcode (1000-9999) or a range like "4380-4389"`,
  });
});

const addressEntry = z.string().superRefine((entry, ctx) => {
  const parsed = parseAddressRule(entry);
  if (parsed.ok) return;
  ctx.addIssue({
    code: 'custom',
    message:
      parsed.problem === 'reversed'
        ? `house number range in ${JSON.stringify(entry)} starts after it ends`
        : `${JSON.stringify(entry)} is not an address rule like "4331AB", "4331AB:12", "4331AB:1-49" or "4331AB:2-48:even"`,
  });
});

const webhookUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not a URL' });
    return;
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    ctx.addIssue({ code: 'custom', message: 'must use https (http only for 127.0.0.1 or localhost, in tests)' });
  }
  if (url.username || url.password) {
    ctx.addIssue({ code: 'custom', message: 'must not hold a user name or password: put secrets in the environment' });
  }
});

const target = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('teams') }),
  z.strictObject({
    kind: z.literal('webhook'),
    url: webhookUrl,
    secretEnv: z.string().regex(ENV_NAME, 'must name an environment variable, like WEBHOOK_SECRET_VLISSINGEN'),
  }),
  z.strictObject({ kind: z.literal('mail'), to: z.email('must be an e-mail address') }),
]);

/** Dutch numbers as printed: 10 digits from 0 (spaces or hyphens anywhere), or 0800/0900 plus 4-7 digits. */
const DUTCH_PHONE = /^(?:0(?:[\s-]?\d){9}|0[89]00(?:[\s-]?\d){4,7})$/;

const contact = z
  .strictObject({
    phone: z.string().trim().regex(DUTCH_PHONE, 'must be a Dutch phone number as people read it, like "0118 000 001"').optional(),
    email: z.email('must be an e-mail address').optional(),
    url: z.url({ protocol: /^https$/, error: 'must be an https address' }).optional(),
  })
  .refine((c) => c.phone !== undefined || c.email !== undefined || c.url !== undefined, 'must give a phone, email or url');

/** JSON has no comments: "$comment" is allowed (and ignored) at the top and in each signaalpunt. */
const comment = z.string().optional();

const signaalpunt = z.strictObject({
  $comment: comment,
  id: z.string().max(40, 'must be at most 40 characters').regex(ID, 'must be letters, digits and single hyphens, like "GM0677" or "GM0677-jeugd"'),
  municipalityCode: z.string().regex(/^GM\d{4}$/, 'must be a CBS municipality code like "GM0677"'),
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  postcodes: z.array(postcodeEntry),
  addresses: z.array(addressEntry).optional(),
  ageGroups: z
    .array(z.enum(AGE_GROUPS, `must be one of ${AGE_GROUPS.join(', ')}`))
    .min(1, 'must name at least one age group')
    .refine((groups) => new Set(groups).size === groups.length, 'must not repeat an age group'),
  deadlineWorkingDays: z.number().int('must be a whole number').min(1, 'must be at least 1').max(30, 'must be at most 30'),
  targets: z.array(target),
  contact: contact.optional(),
  active: z.boolean(),
});

export const signaalpuntenSchema = z.strictObject({
  $comment: comment,
  tenantId: z.string().trim().min(1, 'must name the Teams tenant (its id) whose channels may be linked'),
  fallback: z.string().min(1, 'must name the fallback signaalpunt'),
  signaalpunten: z.array(signaalpunt).min(1, 'must list at least one signaalpunt'),
});

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * Checks across entries. They read the raw data defensively, so they run (and report) even when
 * other parts of the file have type errors: the operator sees every problem in one go.
 */
function crossCheck(raw: unknown): ConfigProblem[] {
  if (!isObject(raw) || !Array.isArray(raw.signaalpunten)) return [];
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, number>();
  raw.signaalpunten.forEach((sp: unknown, i) => {
    if (!isObject(sp)) return;
    const at = `$.signaalpunten[${i}]`;
    if (typeof sp.id === 'string') {
      // Chat commands ("koppel gm0677 ...") are case-insensitive, so ids must be too.
      const key = sp.id.toLowerCase();
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        problems.push({ path: `${at}.id`, message: `duplicate id ${JSON.stringify(sp.id)} (also $.signaalpunten[${earlier}])` });
      } else seen.set(key, i);
    }
    const targets = Array.isArray(sp.targets) ? sp.targets : undefined;
    if (sp.active === true && targets?.length === 0) {
      problems.push({ path: `${at}.targets`, message: 'an active signaalpunt needs at least one delivery target' });
    }
    if (targets && targets.filter((t) => isObject(t) && t.kind === 'teams').length > 1) {
      problems.push({ path: `${at}.targets`, message: 'has more than one teams target (one linked channel per signaalpunt)' });
    }
    const postcodes = strings(sp.postcodes);
    strings(sp.addresses).forEach((entry, j) => {
      const pc4 = entry.slice(0, 4);
      if (isPc6(entry.slice(0, 6)) && !coversPostcode(postcodes, pc4)) {
        problems.push({
          path: `${at}.addresses[${j}]`,
          message: `${JSON.stringify(entry)} is outside this signaalpunt's postcodes, so it can never match`,
        });
      }
    });
  });
  if (typeof raw.fallback === 'string' && raw.fallback !== '') {
    const fallback = raw.signaalpunten.find((sp: unknown) => isObject(sp) && sp.id === raw.fallback);
    if (fallback === undefined) {
      problems.push({ path: '$.fallback', message: `names ${JSON.stringify(raw.fallback)}, which is not a signaalpunt id` });
    } else if (isObject(fallback) && fallback.active !== true) {
      problems.push({ path: '$.fallback', message: `names ${JSON.stringify(raw.fallback)}, which is not active` });
    }
  }
  return problems;
}

function jsonPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((out, s) => (typeof s === 'number' ? `${out}[${s}]` : `${out}.${String(s)}`), '$');
}

/** Adds the signaalpunt's id to a path inside it, so operators find the entry: "$.signaalpunten[2].postcodes[0] (GM0718)". */
function labelled(raw: unknown, problem: ConfigProblem): string {
  const match = /^\$\.signaalpunten\[(\d+)\]/.exec(problem.path);
  const list = isObject(raw) && Array.isArray(raw.signaalpunten) ? raw.signaalpunten : [];
  const sp: unknown = match ? list[Number(match[1])] : undefined;
  const id = isObject(sp) && typeof sp.id === 'string' ? ` (${sp.id})` : '';
  return `${problem.path}${id}: ${problem.message}`;
}

/** Validates parsed JSON. Every problem is returned, each with its JSON path. */
export function validateSignaalpuntenConfig(
  raw: unknown,
): { ok: true; config: SignaalpuntenConfig } | { ok: false; problems: ConfigProblem[] } {
  const parsed = signaalpuntenSchema.safeParse(raw);
  const problems: ConfigProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message }));
  problems.push(...crossCheck(raw));
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  return { ok: true, config: parsed.data };
}

/** Formats problems as "path (id): message" lines, as they appear in a ConfigError. */
export function describeProblems(raw: unknown, problems: readonly ConfigProblem[]): string[] {
  return problems.map((p) => labelled(raw, p));
}

/** Reads and validates a signaalpunten file. Throws a ConfigError listing every problem. */
export function loadSignaalpuntenConfig(filePath: string): SignaalpuntenConfig {
  const file = path.basename(filePath);
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new ConfigError([`${file}: cannot read ${filePath} (${code})`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`${file}: $: not valid JSON (${(error as Error).message})`]);
  }
  const result = validateSignaalpuntenConfig(raw);
  if (!result.ok) throw new ConfigError(describeProblems(raw, result.problems).map((line) => `${file}: ${line}`));
  return result.config;
}
