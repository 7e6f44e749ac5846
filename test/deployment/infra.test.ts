import fs from 'node:fs';
import path from 'node:path';
import { ENV_KEYS, envSchema } from '../../src/config/env-schema';

/**
 * deployment/infra/*.bicep cannot be compiled here (no Bicep CLI, no network). This reads the files
 * structurally: which app settings they set, where secrets come from, which parameters exist, and
 * checks those against the config schema and the operator guide.
 */
const root = path.resolve(__dirname, '../..');
const infraDir = path.join(root, 'deployment/infra');
const read = (file: string) => fs.readFileSync(path.join(infraDir, file), 'utf8');
const guide = fs.readFileSync(path.join(root, 'deployment/README.md'), 'utf8');

/** Settings read by the platform or an SDK rather than by src/config; each must be in the guide. */
const PLATFORM_SETTINGS = ['WEBSITES_PORT', 'AZURE_CLIENT_ID'];
/** Config keys whose values are secrets: they may only come from Key Vault. */
const SECRET_KEYS = ['DATA_ENCRYPTION_KEY', 'DATA_ENCRYPTION_KEY_PREVIOUS', 'MicrosoftAppPassword', 'SMTP_URL', 'CHAT_DIRECTLINE_SECRET', 'CHAT_USER_KEY'];

interface BicepParam { name: string; type: string; hasDefault: boolean; secure: boolean }

/** The text of `var NAME = [ ... ]` or `var NAME = concat( ... )`, up to its balancing bracket. */
function varBlock(source: string, name: string): string {
  const start = source.search(new RegExp(`^var ${name} = `, 'm'));
  if (start < 0) throw new Error(`var ${name} not found`);
  let depth = 0;
  for (let i = source.indexOf('=', start) + 1; i < source.length; i++) {
    const c = source[i];
    if (c === '[' || c === '(' || c === '{') depth++;
    if (c === ']' || c === ')' || c === '}') {
      depth--;
      if (depth === 0) return source.slice(start, i + 1);
    }
  }
  throw new Error(`var ${name} is not closed`);
}

function params(source: string): BicepParam[] {
  const lines = source.split('\n');
  const out: BicepParam[] = [];
  lines.forEach((line, i) => {
    const m = /^param (\w+) (\w+)( = .*)?$/.exec(line);
    if (!m) return;
    let secure = false;
    for (let j = i - 1; j >= 0 && lines[j]!.startsWith('@'); j--) if (lines[j]!.startsWith('@secure')) secure = true;
    out.push({ name: m[1]!, type: m[2]!, hasDefault: Boolean(m[3]), secure });
  });
  return out;
}

/** `{ name: 'KEY', value: EXPR }` entries of the plain settings. */
function plainSettings(main: string): Map<string, string> {
  const block = varBlock(main, 'plainSettings');
  return new Map([...block.matchAll(/\{ name: '([A-Za-z_][A-Za-z0-9_]*)', value: (.+) \}$/gm)].map((m) => [m[1]!, m[2]!]));
}

/** `{ name: 'KEY', secret: 'secret-name' }` entries of the Key Vault settings. */
function keyVaultSettings(main: string): Map<string, string> {
  const block = varBlock(main, 'keyVaultSettings');
  return new Map([...block.matchAll(/\{ name: '([A-Za-z_][A-Za-z0-9_]*)', secret: '([a-z0-9-]+)' \}/g)].map((m) => [m[1]!, m[2]!]));
}

/** Config keys production demands, asked of the schema itself, for a managed-identity bot. */
function requiredInProduction(extra: Record<string, string> = {}): string[] {
  const result = envSchema.safeParse({ NODE_ENV: 'production', MicrosoftAppType: 'UserAssignedMSI', ...extra });
  return result.success ? [] : [...new Set(result.error.issues.map((issue) => String(issue.path[0])))];
}

describe('deployment/infra (Bicep, read structurally)', () => {
  const main = read('main.bicep');
  const modules = fs.readdirSync(infraDir).filter((f) => f.endsWith('.bicep') && f !== 'main.bicep');
  const plain = plainSettings(main);
  const vault = keyVaultSettings(main);

  it('When the Bicep files are listed, then main.bicep and its modules are there and referenced', () => {
    expect(modules.sort()).toEqual(['app-service.bicep', 'bot.bicep', 'container-apps.bicep', 'key-vault.bicep', 'monitoring.bicep', 'postgres.bicep']);
    for (const file of modules) expect(main).toContain(`'${file}'`);
  });

  it('When the app settings are read, then each is a config key (or a named platform setting)', () => {
    expect(plain.size).toBeGreaterThan(5);
    for (const key of plain.keys()) expect([...ENV_KEYS, ...PLATFORM_SETTINGS]).toContain(key);
    for (const key of vault.keys()) expect(ENV_KEYS).toContain(key);
  });

  it('When the parser meets a setting the schema does not know, then the check fails (it can fail)', () => {
    const broken = main.replace("{ name: 'NODE_ENV', value: 'production' }", "{ name: 'NODE_ENVIRONMENT', value: 'production' }");
    expect([...plainSettings(broken).keys()].every((key) => [...ENV_KEYS, ...PLATFORM_SETTINGS].includes(key))).toBe(false);
  });

  it('When production needs a key, then the Bicep sets it', () => {
    const set = new Set([...plain.keys(), ...vault.keys()]);
    const required = requiredInProduction();
    expect(required).toEqual(expect.arrayContaining(['MicrosoftAppId', 'MicrosoftAppTenantId', 'SIGNAALPUNTEN_FILE', 'DATA_ENCRYPTION_KEY']));
    for (const key of required) expect(set).toContain(key);
    // The chat page with a Direct Line secret needs the privacy statement too.
    expect(requiredInProduction({ CHAT_DIRECTLINE_SECRET: 'x' })).toContain('CHAT_PRIVACY_URL');
    expect(set).toContain('CHAT_PRIVACY_URL');
    expect(plain.get('MicrosoftAppType')).toBe("'UserAssignedMSI'");
    expect(plain.get('NODE_ENV')).toBe("'production'");
    expect(plain.get('DATABASE_AUTH')).toBe("'azure-managed-identity'");
    expect(plain.get('DATABASE_URL')).toMatch(/^'postgres:\/\//);
  });

  it('When a setting is a secret, then it only comes from Key Vault, never as a plain value', () => {
    for (const key of SECRET_KEYS) expect(plain.has(key)).toBe(false);
    expect(vault.get('DATA_ENCRYPTION_KEY')).toBe('data-encryption-key');
    // Webhook secrets (named by the signaalpunten file) are Key Vault settings too.
    expect(varBlock(main, 'webhookSettings')).toMatch(/\[for envName in webhookSecretEnvNames: \{ name: envName, secret: /);
    expect(varBlock(main, 'keyVaultSettings')).toContain('webhookSettings');
    // No plain value is taken from a secure parameter, and no module invents settings of its own.
    const secure = params(main).filter((p) => p.secure).map((p) => p.name);
    for (const value of plain.values()) for (const name of secure) expect(value).not.toMatch(new RegExp(`\\b${name}\\b`));
    for (const file of modules) {
      const text = read(file);
      const literalNames = [...text.matchAll(/name: '([^']+)'/g)].map((m) => m[1]!);
      for (const name of literalNames) {
        expect([...ENV_KEYS, ...PLATFORM_SETTINGS]).not.toContain(name);
        expect(name).not.toMatch(/^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/);
      }
    }
  });

  it('When the hosts render the secrets, then App Service uses Key Vault references and Container Apps keyVaultUrl secrets', () => {
    const appService = read('app-service.bicep');
    expect(appService).toContain("'@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${s.secret}/)'");
    expect(appService).toMatch(/keyVaultReferenceIdentity: identityId/);
    expect(appService).toMatch(/appSettings: concat\(plainSettings, secretReferences\)/);
    const containerApps = read('container-apps.bicep');
    expect(containerApps).toMatch(/keyVaultUrl: '\$\{vaultUri\}secrets\/\$\{s\.secret\}'/);
    expect(containerApps).toMatch(/env: concat\(plainSettings, secretEnv\)/);
    expect(containerApps).toMatch(/secretEnv = \[for s in keyVaultSettings: \{ name: s\.name, secretRef: s\.secret \}\]/);
  });

  it('When the resources are read, then they are what the issue and ADR 0009 ask for', () => {
    const bot = read('bot.bicep');
    expect(bot).toContain("msaAppType: 'UserAssignedMSI'");
    expect(bot).toContain('msaAppMSIResourceId: identityId');
    expect(bot).toContain("channelName: 'MsTeamsChannel'");
    expect(bot).toContain("channelName: 'DirectLineChannel'");
    const appService = read('app-service.bicep');
    expect(appService).toContain("healthCheckPath: '/readyz'");
    expect(appService).toContain('alwaysOn: true');
    expect(appService).toContain('capacity: instanceCount');
    const containerApps = read('container-apps.bicep');
    expect(containerApps).toMatch(/type: 'Liveness', httpGet: \{ path: '\/healthz'/);
    expect(containerApps).toMatch(/type: 'Readiness', httpGet: \{ path: '\/readyz'/);
    expect(containerApps).toContain('minReplicas: minReplicas');
    expect(main).toMatch(/@minValue\(2\)\nparam instanceCount int/);
    expect(main).toMatch(/param hosting string = 'appService'/);
    const postgres = read('postgres.bicep');
    expect(postgres).toContain("activeDirectoryAuth: 'Enabled'");
    expect(postgres).toContain("passwordAuth: 'Disabled'");
    expect(postgres).toContain('backupRetentionDays: backupRetentionDays');
    expect(main).toMatch(/@minValue\(7\)\n@maxValue\(35\)\nparam backupRetentionDays int/);
    expect(read('key-vault.bicep')).toContain('enableRbacAuthorization: true');
    expect(read('monitoring.bicep')).toContain("'Microsoft.Insights/components@");
  });

  it('When a resource names an API version, then it is a dated one and not a preview (except diagnostic settings)', () => {
    for (const file of ['main.bicep', ...modules]) {
      for (const m of read(file).matchAll(/'(Microsoft\.[\w./]+)@([\w-]+)'/g)) {
        expect(m[2]).toMatch(/^\d{4}-\d{2}-\d{2}(-preview)?$/);
        if (m[1] !== 'Microsoft.Insights/diagnosticSettings') expect(m[2]).not.toContain('preview');
      }
    }
  });

  it('When a parameter exists, then the guide explains it; the example parameters file uses only real ones', () => {
    const mainParams = params(main);
    expect(mainParams.length).toBeGreaterThan(10);
    for (const p of mainParams) expect(guide).toContain(`\`${p.name}\``);
    for (const key of [...plain.keys(), ...vault.keys(), ...PLATFORM_SETTINGS]) expect(guide).toContain(`\`${key}\``);
    const example = JSON.parse(read('main.parameters.json')) as { parameters: Record<string, unknown> };
    const names = mainParams.map((p) => p.name);
    for (const key of Object.keys(example.parameters)) expect(names).toContain(key);
    for (const p of mainParams.filter((q) => !q.hasDefault)) expect(Object.keys(example.parameters)).toContain(p.name);
  });

  it('When a module declares a parameter, then main.bicep passes it', () => {
    for (const file of modules) {
      const call = main.slice(main.indexOf(`'${file}'`), main.indexOf('\n}\n', main.indexOf(`'${file}'`)));
      for (const p of params(read(file)).filter((q) => !q.hasDefault)) expect(call).toMatch(new RegExp(`\\b${p.name}[:,]`));
    }
  });
});
