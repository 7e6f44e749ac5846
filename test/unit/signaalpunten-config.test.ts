import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../src/config/config';
import { loadSignaalpuntenConfig, validateSignaalpuntenConfig, type ConfigProblem } from '../../src/config/signaalpunten';

const EXAMPLE = path.join(__dirname, '../../deployment/signaalpunten.example.json');
const example = (): Record<string, any> => JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));

function problemsOf(raw: unknown): ConfigProblem[] {
  const result = validateSignaalpuntenConfig(raw);
  if (result.ok) throw new Error('expected the config to be invalid');
  return result.problems;
}

describe('signaalpunten config', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalpunten-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('When the example file is loaded, then it is valid and keeps rule order', () => {
    const config = loadSignaalpuntenConfig(EXAMPLE);
    expect(config.fallback).toBe('zeeland-welzijn');
    expect(config.signaalpunten.map((s) => s.id)).toEqual(['GM0718-jeugd', 'GM0718', 'GM0687', 'GM0717', 'GM0654', 'zeeland-welzijn']);
    expect(config.signaalpunten.some((s) => !s.active)).toBe(true);
    expect(new Set(config.signaalpunten.flatMap((s) => s.targets.map((t) => t.kind)))).toEqual(new Set(['teams', 'webhook', 'mail']));
  });

  test.each<[string, (c: Record<string, any>) => void, string, RegExp]>([
    ['a bad CBS code', (c) => (c.signaalpunten[1].municipalityCode = 'GM718'), '$.signaalpunten[1].municipalityCode', /CBS municipality code/],
    ['a bad postcode', (c) => (c.signaalpunten[1].postcodes[0] = '0380'), '$.signaalpunten[1].postcodes[0]', /not a 4-digit postcode/],
    ['a reversed range', (c) => (c.signaalpunten[1].postcodes[0] = '4389-4380'), '$.signaalpunten[1].postcodes[0]', /starts after it ends/],
    ['a bad address rule', (c) => (c.signaalpunten[2].addresses[0] = '4331 AB'), '$.signaalpunten[2].addresses[0]', /not an address rule/],
    ['a reversed address range', (c) => (c.signaalpunten[2].addresses[0] = '4331AB:9-1'), '$.signaalpunten[2].addresses[0]', /starts after it ends/],
    ['an address outside the postcodes', (c) => (c.signaalpunten[2].addresses[0] = '4381AB'), '$.signaalpunten[2].addresses[0]', /outside this signaalpunt's postcodes/],
    ['an unknown age group', (c) => (c.signaalpunten[1].ageGroups = ['elderly']), '$.signaalpunten[1].ageGroups[0]', /young, adult, senior75/],
    ['no age group', (c) => (c.signaalpunten[1].ageGroups = []), '$.signaalpunten[1].ageGroups', /at least one age group/],
    ['a repeated age group', (c) => (c.signaalpunten[1].ageGroups = ['adult', 'adult']), '$.signaalpunten[1].ageGroups', /repeat/],
    ['a deadline of 0', (c) => (c.signaalpunten[1].deadlineWorkingDays = 0), '$.signaalpunten[1].deadlineWorkingDays', /at least 1/],
    ['a deadline of 31', (c) => (c.signaalpunten[1].deadlineWorkingDays = 31), '$.signaalpunten[1].deadlineWorkingDays', /at most 30/],
    ['a plain http webhook', (c) => (c.signaalpunten[0].targets[1].url = 'http://example.org/hook'), '$.signaalpunten[0].targets[1].url', /must use https/],
    ['a webhook with a password', (c) => (c.signaalpunten[0].targets[1].url = 'https://u:p@example.org/'), '$.signaalpunten[0].targets[1].url', /user name or password/],
    ['a bad secretEnv', (c) => (c.signaalpunten[0].targets[1].secretEnv = 'my secret'), '$.signaalpunten[0].targets[1].secretEnv', /environment variable/],
    ['a bad e-mail', (c) => (c.signaalpunten[1].targets[1].to = 'not-an-address'), '$.signaalpunten[1].targets[1].to', /e-mail/],
    ['an unknown target kind', (c) => (c.signaalpunten[1].targets[0] = { kind: 'sms' }), '$.signaalpunten[1].targets[0].kind', /./],
    ['an unknown key', (c) => (c.signaalpunten[1].colour = 'blue'), '$.signaalpunten[1]', /colour/],
    ['a contact with a bad phone number', (c) => (c.signaalpunten[1].contact = { phone: '12345' }), '$.signaalpunten[1].contact.phone', /Dutch phone number/],
    ['a contact with a bad e-mail', (c) => (c.signaalpunten[1].contact = { email: 'nee' }), '$.signaalpunten[1].contact.email', /e-mail/],
    ['a contact with an http page', (c) => (c.signaalpunten[1].contact = { url: 'http://vlissingen.example.org' }), '$.signaalpunten[1].contact.url', /https/],
    ['an empty contact', (c) => (c.signaalpunten[1].contact = {}), '$.signaalpunten[1].contact', /phone, email or url/],
    ['an active signaalpunt without targets', (c) => (c.signaalpunten[1].targets = []), '$.signaalpunten[1].targets', /at least one delivery target/],
    ['two teams targets', (c) => c.signaalpunten[1].targets.push({ kind: 'teams' }), '$.signaalpunten[1].targets', /more than one teams target/],
    ['a duplicate id', (c) => (c.signaalpunten[2].id = 'gm0718'), '$.signaalpunten[2].id', /duplicate id "gm0718" \(also \$\.signaalpunten\[1\]\)/],
    ['an id with spaces', (c) => (c.signaalpunten[1].id = 'GM 0718'), '$.signaalpunten[1].id', /letters, digits and single hyphens/],
    ['a missing fallback', (c) => (c.fallback = 'nowhere'), '$.fallback', /not a signaalpunt id/],
    ['an inactive fallback', (c) => (c.fallback = 'GM0654'), '$.fallback', /not active/],
    ['no tenant', (c) => delete c.tenantId, '$.tenantId', /./],
    ['no signaalpunten', (c) => (c.signaalpunten = []), '$.signaalpunten', /at least one/],
  ])('When the file has %s, then that is reported at its path', (_name, mutate, problemPath, message) => {
    const raw = example();
    mutate(raw);
    const problems = problemsOf(raw);
    expect(problems).toContainEqual({ path: problemPath, message: expect.stringMatching(message) });
  });

  test('When the example is loaded, then every active signaalpunt has a contact line for the reporter', () => {
    const config = loadSignaalpuntenConfig(EXAMPLE);
    for (const sp of config.signaalpunten.filter((s) => s.active)) expect(sp.contact).toBeDefined();
    expect(config.signaalpunten.find((s) => s.id === 'GM0718')?.contact).toEqual({ phone: '0118 000 001', email: 'signaalpunt@vlissingen.example.org' });
  });

  test('When http goes to localhost, then it is allowed (for tests)', () => {
    const raw = example();
    raw.signaalpunten[0].targets[1].url = 'http://127.0.0.1:8080/hook';
    expect(validateSignaalpuntenConfig(raw).ok).toBe(true);
    raw.signaalpunten[0].targets[1].url = 'http://localhost/hook';
    expect(validateSignaalpuntenConfig(raw).ok).toBe(true);
  });

  test('When an inactive signaalpunt has no targets, then that is fine', () => {
    const raw = example();
    expect(raw.signaalpunten[4].active).toBe(false);
    expect(raw.signaalpunten[4].targets).toEqual([]);
    expect(validateSignaalpuntenConfig(raw).ok).toBe(true);
  });

  test('When a file has type errors and cross-entry mistakes, then all are reported at once', () => {
    const raw = example();
    raw.signaalpunten[1].postcodes = ['4389-4380'];
    raw.signaalpunten[2].id = 'GM0718';
    raw.fallback = 'nowhere';
    const paths = problemsOf(raw).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['$.signaalpunten[1].postcodes[0]', '$.signaalpunten[2].id', '$.fallback']));
  });

  test('When a bad file is loaded, then a ConfigError lists each problem with file, path and id', () => {
    const raw = example();
    raw.signaalpunten[3].postcodes.push('12345');
    raw.fallback = 'nowhere';
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify(raw));
    let error: unknown;
    try {
      loadSignaalpuntenConfig(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'bad.json: $.signaalpunten[3].postcodes[4] (GM0717): "12345" is not a 4-digit postcode (1000-9999) or a range like "4380-4389"',
      'bad.json: $.fallback: names "nowhere", which is not a signaalpunt id',
    ]);
  });

  test('When the file is not JSON or missing, then a ConfigError says so', () => {
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, '{ "tenantId": ');
    expect(() => loadSignaalpuntenConfig(file)).toThrow(/broken\.json: \$: not valid JSON/);
    expect(() => loadSignaalpuntenConfig(path.join(dir, 'missing.json'))).toThrow(/cannot read .*missing\.json \(ENOENT\)/);
  });
});
