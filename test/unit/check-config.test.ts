import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkConfig } from '../../scripts/check-config';

const EXAMPLE = path.join(__dirname, '../../deployment/signaalpunten.example.json');
const WEBHOOK_SECRETS = { WEBHOOK_SECRET_VLISSINGEN_JEUGD: 'x', WEBHOOK_SECRET_VEERE: 'y' };
const ALL_SECRETS = { ...WEBHOOK_SECRETS, SMTP_URL: 'smtp://localhost:2525' };

/** The table row whose first cell is `label`, split into cells. */
function row(output: string, label: string): string[] | undefined {
  const line = output.split('\n').find((l) => l.startsWith(`${label}  `));
  return line?.split(/\s{2,}/);
}

describe('check-config', () => {
  test('When the example is checked, then it is valid and shows a summary', () => {
    const result = checkConfig(EXAMPLE, ALL_SECRETS);
    expect(result.ok).toBe(true);
    expect(result.output).toContain('is valid.');
    expect(result.output).toContain('Fallback: zeeland-welzijn');
    expect(result.output).toContain('Shared postcodes: 4331');
    expect(result.output).toContain('inactive: GM0654');
    expect(result.output).not.toContain('not set here');
  });

  test('When configured postcodes are sampled, then each age group shows where it goes', () => {
    const { output } = checkConfig(EXAMPLE, ALL_SECRETS);
    expect(row(output, 'Postcode')).toEqual(['Postcode', 'young', 'adult', 'senior75']);
    expect(row(output, '4380')).toEqual(['4380', 'GM0718-jeugd (postcode)', 'GM0718 (postcode)', 'GM0718 (postcode)']);
    expect(row(output, '4351')).toEqual(['4351', 'GM0717 (postcode)', 'GM0717 (postcode)', 'GM0717 (postcode)']);
    // Borsele is inactive: its postcodes go to the fallback.
    expect(row(output, '4413')).toEqual(['4413', ...Array(3).fill('zeeland-welzijn (fallback: noMatch)')]);
  });

  test('When a postcode is shared, then it is shown with and without an address', () => {
    const { output } = checkConfig(EXAMPLE, ALL_SECRETS);
    expect(row(output, '4331 (shared)')).toEqual(['4331 (shared)', 'asks for address', 'asks for address', 'asks for address']);
    expect(row(output, '4331 AA 1')?.[2]).toBe('GM0717 (address)');
    expect(row(output, '4331 AB 1')?.[2]).toBe('GM0687 (address)');
    expect(row(output, '4331 AB 2')?.[2]).toBe('GM0717 (address)');
    expect(row(output, '4331 AC 1')?.[2]).toBe('GM0687 (address)');
    expect(row(output, '4331 ZZ 1 (unlisted address)')?.[2]).toBe('zeeland-welzijn (fallback: sharedUnresolved)');
  });

  test('When a report without name gives a shared postcode, then the table shows it going to the fallback', () => {
    const { output } = checkConfig(EXAMPLE, ALL_SECRETS);
    expect(row(output, '4331 (shared, without name)')).toEqual(['4331 (shared, without name)', ...Array(3).fill('zeeland-welzijn (fallback: sharedUnresolved)')]);
  });

  test('When an active signaalpunt has no contact line, then a note names it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-config-'));
    try {
      const raw = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
      delete raw.signaalpunten[1].contact;
      const file = path.join(dir, 'no-contact.json');
      fs.writeFileSync(file, JSON.stringify(raw));
      const result = checkConfig(file, ALL_SECRETS);
      expect(result.ok).toBe(true);
      expect(result.output).toContain('GM0718: no contact');
      expect(checkConfig(EXAMPLE, ALL_SECRETS).output).not.toContain('no contact');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('When a mail target has no SMTP_URL here, then a note says mail is not sent', () => {
    expect(checkConfig(EXAMPLE, WEBHOOK_SECRETS).output).toContain('GM0718: mail to signaalpunt@vlissingen.example.org is not sent: SMTP_URL is not set here');
    expect(checkConfig(EXAMPLE, ALL_SECRETS).output).not.toContain('SMTP_URL is not set');
  });

  test('When a postcode is not configured, then the table shows it going to the fallback', () => {
    const { output } = checkConfig(EXAMPLE, ALL_SECRETS);
    expect(row(output, '1000 (not configured)')?.[1]).toBe('zeeland-welzijn (fallback: noMatch)');
  });

  test('When a webhook secret is missing here, then a note names the variable', () => {
    const { ok, output } = checkConfig(EXAMPLE, {});
    expect(ok).toBe(true);
    expect(output).toContain('GM0717: WEBHOOK_SECRET_VEERE is not set here');
  });

  test('When the file is invalid, then ok is false and every problem is listed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-config-'));
    try {
      const raw = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
      raw.signaalpunten[0].postcodes = ['4389-4380'];
      raw.fallback = 'GM0654';
      const file = path.join(dir, 'bad.json');
      fs.writeFileSync(file, JSON.stringify(raw));
      const result = checkConfig(file, {});
      expect(result.ok).toBe(false);
      expect(result.output).toContain('is not valid');
      expect(result.output).toContain('$.signaalpunten[0].postcodes[0] (GM0718-jeugd): range "4389-4380" starts after it ends');
      expect(result.output).toContain('$.fallback: names "GM0654", which is not active');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
