/**
 * `npm run check-config -- FILE`: validates a signaalpunten file and prints how sample postcodes
 * route for each age group, so an operator sees the effect of a change before deploying it.
 * Exit code 1 (with every problem listed) when the file is not valid.
 */
import { ConfigError } from '../src/config/config';
import { loadSignaalpuntenConfig } from '../src/config/signaalpunten';
import { AGE_GROUPS } from '../src/domain/signal';
import { formatPc6 } from '../src/domain/postcode';
import {
  coversPostcode,
  parseAddressRule,
  parsePostcodeRule,
  route,
  sharedPostcodes,
  type RouteInput,
  type RouteResult,
  type SignaalpuntenConfig,
} from '../src/domain/routing';

export interface CheckResult {
  ok: boolean;
  output: string;
}

interface Sample {
  label: string;
  input: Omit<RouteInput, 'ageGroup'>;
}

function describe(result: RouteResult): string {
  switch (result.kind) {
    case 'routed':
      return `${result.signaalpuntId} (${result.reason})`;
    case 'needsAddress':
      return 'asks for address';
    case 'fallback':
      return `${result.signaalpuntId} (fallback: ${result.reason})`;
  }
}

/** A 4-digit postcode no signaalpunt covers, to show the fallback. */
function uncoveredPostcode(config: SignaalpuntenConfig): string | undefined {
  for (let n = 1000; n <= 9999; n += 1) {
    const pc4 = String(n);
    if (!config.signaalpunten.some((sp) => coversPostcode(sp.postcodes, pc4))) return pc4;
  }
  return undefined;
}

function samples(config: SignaalpuntenConfig): Sample[] {
  const starts = new Set<string>();
  for (const sp of config.signaalpunten) {
    for (const entry of sp.postcodes) {
      const parsed = parsePostcodeRule(entry);
      if (parsed.ok) starts.add(String(parsed.rule.from));
    }
  }
  const shared = new Set(sharedPostcodes(config));
  const list: Sample[] = [...starts].sort().map((pc4) => ({ label: shared.has(pc4) ? `${pc4} (shared)` : pc4, input: { pc4 } }));

  for (const pc4 of shared) {
    if (!starts.has(pc4)) list.push({ label: `${pc4} (shared)`, input: { pc4 } });
    // "Melden zonder naam" gives only the 4 digits and is never asked the address.
    list.push({ label: `${pc4} (shared, without name)`, input: { pc4, withoutAddress: true } });
    const addresses = new Set<string>();
    for (const sp of config.signaalpunten) {
      for (const entry of sp.addresses ?? []) {
        const parsed = parseAddressRule(entry);
        if (parsed.ok && parsed.rule.pc6.startsWith(pc4)) addresses.add(`${parsed.rule.pc6} ${parsed.rule.from ?? 1}`);
      }
    }
    for (const address of [...addresses].sort()) {
      const [pc6 = '', houseNumber = '1'] = address.split(' ');
      list.push({ label: `${formatPc6(pc6)} ${houseNumber}`, input: { pc4, pc6, houseNumber } });
    }
    // An address no rule lists: PDOK decides at run time; without it the fallback gets the signal.
    list.push({ label: `${pc4} ZZ 1 (unlisted address)`, input: { pc4, pc6: `${pc4}ZZ`, houseNumber: '1' } });
  }

  const unknown = uncoveredPostcode(config);
  if (unknown) list.push({ label: `${unknown} (not configured)`, input: { pc4: unknown } });
  return list;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
  return rows.map((row) => row.map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd()).join('\n');
}

function report(file: string, config: SignaalpuntenConfig, env: Record<string, string | undefined>): string {
  const active = config.signaalpunten.filter((sp) => sp.active);
  const inactive = config.signaalpunten.filter((sp) => !sp.active).map((sp) => sp.id);
  const shared = sharedPostcodes(config);
  const lines = [
    `${file} is valid.`,
    `Signaalpunten: ${config.signaalpunten.length} (${active.length} active${inactive.length ? `; inactive: ${inactive.join(', ')}` : ''})`,
    `Fallback: ${config.fallback}`,
    `Shared postcodes: ${shared.length ? shared.join(', ') : 'none'}`,
    '',
    table([
      ['Postcode', ...AGE_GROUPS],
      ...samples(config).map((s) => [s.label, ...AGE_GROUPS.map((ageGroup) => describe(route({ ...s.input, ageGroup }, config)))]),
    ]),
  ];
  const missing = active.flatMap((sp) =>
    sp.targets.flatMap((t) => (t.kind === 'webhook' && !env[t.secretEnv] ? [`${sp.id}: ${t.secretEnv} is not set here`] : [])),
  );
  if (missing.length) lines.push('', 'Note: webhook secrets missing in this environment (needed where the bot runs):', ...missing.map((m) => `  - ${m}`));
  const noMail = env.SMTP_URL
    ? []
    : active.flatMap((sp) => sp.targets.flatMap((t) => (t.kind === 'mail' ? [`${sp.id}: mail to ${t.to} is not sent: SMTP_URL is not set here`] : [])));
  if (noMail.length) lines.push('', 'Note: mail targets without SMTP (the other targets still get the signal):', ...noMail.map((m) => `  - ${m}`));
  const noContact = active.filter((sp) => sp.contact === undefined).map((sp) => `${sp.id}: no contact (reporters are told to ask the municipality)`);
  if (noContact.length) lines.push('', 'Note: signaalpunten reporters cannot reach (add "contact": { "phone", "email" or "url" }):', ...noContact.map((m) => `  - ${m}`));
  return lines.join('\n');
}

/** Validates `file` and describes its routing. Never throws for a bad file: `ok` is false instead. */
export function checkConfig(file: string, env: Record<string, string | undefined> = process.env): CheckResult {
  try {
    return { ok: true, output: report(file, loadSignaalpuntenConfig(file), env) };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, output: `${file} is not valid:\n${error.problems.map((p) => `  - ${p}`).join('\n')}` };
    throw error;
  }
}

if (require.main === module) {
  const file = process.argv[2] ?? process.env.SIGNAALPUNTEN_FILE;
  if (!file) {
    process.stderr.write('Usage: npm run check-config -- path/to/signaalpunten.json\n');
    process.exitCode = 1;
  } else {
    const result = checkConfig(file);
    (result.ok ? process.stdout : process.stderr).write(`${result.output}\n`);
    process.exitCode = result.ok ? 0 : 1;
  }
}
