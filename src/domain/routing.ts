/**
 * Routing as data: which signaalpunt gets a signal, from the postcode and age group.
 * Anchor: Amsterdam Signalen's routing rules (ordered, first active match wins, rules are data).
 *
 * The config (validated in src/config/signaalpunten.ts) is a list of signaalpunten in rule order.
 * A signal is never dropped: when nothing matches, the configured fallback signaalpunt gets it.
 *
 * Decisions:
 * - Candidates are the active signaalpunten that cover the 4-digit postcode and accept the age group.
 * - A postcode is "shared" only when the candidates belong to two or more municipalities. Several
 *   candidates of one municipality (say a general and a youth signaalpunt that both take young
 *   people) are ordered rules: the first one wins.
 * - A lookup (PDOK) is only asked about what the table cannot decide (no candidate, or a shared
 *   postcode without a matching address). When the table has one answer, the table decides.
 * - Address rules look at the house number only; an addition ("12a") belongs with number 12.
 * - The fallback takes every age group: it is the safety net, not a rule.
 * - A report without name knows only the 4 digits: a shared postcode goes to the fallback rather than
 *   asking the address (issue 14) or guessing one of the municipalities.
 */
import type { AgeGroup } from './signal';
import { isPc4, isPc6, parseHouseNumber } from './postcode';

export type SignaalpuntTarget =
  | { kind: 'teams' }
  /** HTTPS webhook; `secretEnv` names the environment variable that holds the HMAC-SHA256 secret. */
  | { kind: 'webhook'; url: string; secretEnv: string }
  | { kind: 'mail'; to: string };

/** How a reporter reaches the signaalpunt (issue 14): shown after a report. At least one is set. */
export interface SignaalpuntContact {
  /** A Dutch phone number as people read it: "0118 000 001". */
  phone?: string;
  email?: string;
  /** An https page, say the municipality's page about the signaalpunt. */
  url?: string;
}

export interface Signaalpunt {
  /** "GM0677" or "GM0677-jeugd": used in chat commands ("koppel GM0677 <code>"). */
  id: string;
  /** CBS municipality code, "GM" + 4 digits. */
  municipalityCode: string;
  name: string;
  /** 4-digit postcodes ("4381") and ranges ("4380-4389", inclusive). */
  postcodes: string[];
  /** For postcodes shared with another municipality: "4331AB", "4331AB:12", "4331AB:1-49", "4331AB:2-48:even". */
  addresses?: string[];
  ageGroups: AgeGroup[];
  /** Working days to claim a signal before it is overdue (1-30). */
  deadlineWorkingDays: number;
  targets: SignaalpuntTarget[];
  /** How reporters reach this signaalpunt; `check-config` notes an active one without it. */
  contact?: SignaalpuntContact;
  active: boolean;
}

export interface SignaalpuntenConfig {
  /** The Teams tenant whose channels may be linked to signaalpunten. */
  tenantId: string;
  /** Id of the active signaalpunt that gets every signal no rule matches. */
  fallback: string;
  /** In rule order: the first active match wins. */
  signaalpunten: Signaalpunt[];
}

export interface RouteInput {
  pc4: string;
  /** Compact "1234AB"; starts with pc4. */
  pc6?: string;
  houseNumber?: string;
  ageGroup: AgeGroup;
  /**
   * A report without name ("Melden zonder naam"): only the 4 digits are known and the address may
   * not be asked. A shared postcode then goes to the fallback (the safety net), never to a guess.
   */
  withoutAddress?: boolean;
}

export type RouteResult =
  | { kind: 'routed'; signaalpuntId: string; reason: 'postcode' | 'address' | 'lookup' }
  /** A shared postcode: ask for the full postcode and house number, then route again. */
  | { kind: 'needsAddress' }
  | { kind: 'fallback'; signaalpuntId: string; reason: 'noMatch' | 'sharedUnresolved' };

export interface PostcodeRule {
  from: number;
  to: number;
}

export interface AddressRule {
  pc6: string;
  /** Inclusive house number range; absent means the whole pc6. */
  from?: number;
  to?: number;
  parity?: 'even' | 'odd';
}

export type RuleParse<T> = { ok: true; rule: T } | { ok: false; problem: 'format' | 'reversed' };

/** "4381" or "4380-4389". `reversed` when the start is after the end. */
export function parsePostcodeRule(entry: string): RuleParse<PostcodeRule> {
  const match = /^(\d{4})(?:-(\d{4}))?$/.exec(entry);
  if (!match || !isPc4(match[1]!) || (match[2] !== undefined && !isPc4(match[2]))) return { ok: false, problem: 'format' };
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  return from > to ? { ok: false, problem: 'reversed' } : { ok: true, rule: { from, to } };
}

/** "4331AB", "4331AB:12", "4331AB:1-49" or "4331AB:2-48:even". */
export function parseAddressRule(entry: string): RuleParse<AddressRule> {
  const match = /^([0-9]{4}[A-Z]{2})(?::([1-9][0-9]{0,4})(?:-([1-9][0-9]{0,4}))?(?::(even|odd))?)?$/.exec(entry);
  if (!match || !isPc6(match[1]!)) return { ok: false, problem: 'format' };
  const pc6 = match[1]!;
  if (match[2] === undefined) return { ok: true, rule: { pc6 } };
  const from = Number(match[2]);
  const to = match[3] === undefined ? from : Number(match[3]);
  if (from > to) return { ok: false, problem: 'reversed' };
  const parity = match[4] as AddressRule['parity'];
  return { ok: true, rule: parity ? { pc6, from, to, parity } : { pc6, from, to } };
}

/** True when one of the postcode entries covers this 4-digit postcode. Invalid entries cover nothing. */
export function coversPostcode(postcodes: readonly string[], pc4: string): boolean {
  if (!isPc4(pc4)) return false;
  const n = Number(pc4);
  return postcodes.some((entry) => {
    const parsed = parsePostcodeRule(entry);
    return parsed.ok && parsed.rule.from <= n && n <= parsed.rule.to;
  });
}

/** True when one of the address entries covers this pc6 and house number. */
export function matchesAddress(addresses: readonly string[], pc6: string, houseNumber: string): boolean {
  const compact = pc6.replace(/\s+/g, '').toUpperCase();
  const house = parseHouseNumber(houseNumber);
  return addresses.some((entry) => {
    const parsed = parseAddressRule(entry);
    if (!parsed.ok || parsed.rule.pc6 !== compact) return false;
    const { from, to, parity } = parsed.rule;
    if (from === undefined || to === undefined) return true;
    if (!house.ok || house.number < from || house.number > to) return false;
    return parity === undefined || (house.number % 2 === 0) === (parity === 'even');
  });
}

/** "0718", "718" or "GM0718" (PDOK gives the digits only) -> "GM0718". */
export function normaliseMunicipalityCode(code: string): string {
  const digits = code.trim().toUpperCase().replace(/^GM/, '');
  return /^\d{1,4}$/.test(digits) ? `GM${digits.padStart(4, '0')}` : code.trim().toUpperCase();
}

/**
 * Decides where a signal goes. `lookup` is the municipality of the address from PDOK, when known.
 * Never throws and never drops: every path ends in routed, needsAddress or fallback.
 */
export function route(input: RouteInput, config: SignaalpuntenConfig, lookup?: { municipalityCode: string }): RouteResult {
  const accepts = (sp: Signaalpunt) => sp.active && sp.ageGroups.includes(input.ageGroup);
  const candidates = config.signaalpunten.filter((sp) => accepts(sp) && coversPostcode(sp.postcodes, input.pc4));
  const lookupCode = lookup ? normaliseMunicipalityCode(lookup.municipalityCode) : undefined;
  const first = candidates[0];

  if (first === undefined) {
    const byLookup = lookupCode ? config.signaalpunten.find((sp) => accepts(sp) && sp.municipalityCode === lookupCode) : undefined;
    if (byLookup) return { kind: 'routed', signaalpuntId: byLookup.id, reason: 'lookup' };
    return { kind: 'fallback', signaalpuntId: config.fallback, reason: 'noMatch' };
  }
  if (new Set(candidates.map((sp) => sp.municipalityCode)).size === 1) {
    return { kind: 'routed', signaalpuntId: first.id, reason: 'postcode' };
  }

  // Shared between municipalities: the full address decides, and without it the safety net.
  if (input.withoutAddress) return { kind: 'fallback', signaalpuntId: config.fallback, reason: 'sharedUnresolved' };
  if (!input.pc6 || !input.houseNumber) return { kind: 'needsAddress' };
  const { pc6, houseNumber } = input;
  const byAddress = candidates.find((sp) => sp.addresses !== undefined && matchesAddress(sp.addresses, pc6, houseNumber));
  if (byAddress) return { kind: 'routed', signaalpuntId: byAddress.id, reason: 'address' };
  const byLookup = lookupCode ? candidates.find((sp) => sp.municipalityCode === lookupCode) : undefined;
  if (byLookup) return { kind: 'routed', signaalpuntId: byLookup.id, reason: 'lookup' };
  return { kind: 'fallback', signaalpuntId: config.fallback, reason: 'sharedUnresolved' };
}

/** Every 4-digit postcode that active signaalpunten of two or more municipalities cover, sorted. */
export function sharedPostcodes(config: SignaalpuntenConfig): string[] {
  const municipalities = new Map<number, Set<string>>();
  for (const sp of config.signaalpunten) {
    if (!sp.active) continue;
    for (const entry of sp.postcodes) {
      const parsed = parsePostcodeRule(entry);
      if (!parsed.ok) continue;
      for (let n = parsed.rule.from; n <= parsed.rule.to; n += 1) {
        const codes = municipalities.get(n) ?? new Set<string>();
        codes.add(sp.municipalityCode);
        municipalities.set(n, codes);
      }
    }
  }
  return [...municipalities]
    .filter(([, codes]) => codes.size > 1)
    .map(([n]) => String(n))
    .sort();
}
