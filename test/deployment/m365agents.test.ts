import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '../..');
const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'vendor/m365agents-yaml.schema.v1.13.json'), 'utf8')) as object;

function validator(): ValidateFunction {
  // The toolkit's schema uses a few keywords of its own (e.g. deprecationMessage); strict off for those.
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

function load(): Record<string, unknown> {
  return parse(fs.readFileSync(path.join(root, 'deployment/m365agents.yml'), 'utf8')) as Record<string, unknown>;
}

describe('deployment/m365agents.yml', () => {
  it('When it is validated against the toolkit schema v1.13, then it passes', () => {
    const validate = validator();
    const ok = validate(load());
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('When an action is misspelt, then the schema rejects it (the check can fail)', () => {
    const doc = load();
    const broken = { ...doc, publish: [{ uses: 'teamsApp/publishAppPackag', with: {} }] };
    expect(validator()(broken)).toBe(false);
  });

  it('When it names files in deployment/, then the app package files exist', () => {
    const text = fs.readFileSync(path.join(root, 'deployment/m365agents.yml'), 'utf8');
    expect(text).toMatch(/manifestPath: \.\/appPackage\/manifest\.json/);
    expect(fs.existsSync(path.join(root, 'deployment/appPackage/manifest.json'))).toBe(true);
  });
});
