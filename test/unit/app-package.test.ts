import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  AppPackageError,
  ICON_SIZES,
  buildAppPackage,
  bundledSchemaValidator,
  danglingLocalizationKeys,
  fillPlaceholders,
  missingSettingsHelp,
  pngSize,
  runPackage,
  type SchemaValidator,
} from '../../scripts/package-app';

const TEMPLATE_DIR = path.join(__dirname, '../../deployment/appPackage');
const APP_ID = '5e2f4b8a-1c3d-4e5f-8a9b-0c1d2e3f4a5b';
const HOST = 'signaalbot.example.org';

/** Parsed JSON under test: loose on purpose, the schema is what checks its shape. */
type Json = Record<string, any>;

const readTemplate = (file: string): string => fs.readFileSync(path.join(TEMPLATE_DIR, file), 'utf8');
const filledManifest = (): Json => JSON.parse(fillPlaceholders(readTemplate('manifest.json'), { APP_ID, HOST, VERSION: '1.2.3' })) as Json;
const english = (): Json => JSON.parse(readTemplate('en.json')) as Json;

/** The entries of a zip file (central directory, then each local header), inflated. */
function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThanOrEqual(0);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i += 1) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    entries.set(name, method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** RGBA pixels of an 8-bit, non-interlaced RGBA PNG (all five row filters). */
function decodeRgbaPng(png: Buffer): { width: number; height: number; pixels: Uint8Array } {
  const size = pngSize(png);
  if (!size) throw new Error('not a PNG');
  expect([png[24], png[25], png[28]]).toEqual([8, 6, 0]); // bit depth 8, RGBA, not interlaced
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = size.width * 4;
  const pixels = new Uint8Array(stride * size.height);
  for (let y = 0; y < size.height; y += 1) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x += 1) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= 4 ? pixels[y * stride + x - 4]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter ?? 0] ?? 0;
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { ...size, pixels };
}

describe('Teams app package', () => {
  let validateManifest: SchemaValidator;
  let validateEnglish: SchemaValidator;
  let outDir: string;

  beforeAll(() => {
    validateManifest = bundledSchemaValidator(filledManifest().$schema as string);
    validateEnglish = bundledSchemaValidator(english().$schema as string);
  });
  beforeEach(() => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-package-'));
  });
  afterEach(() => fs.rmSync(outDir, { recursive: true, force: true }));

  describe('the manifest template', () => {
    it('When filled with test values, then it is valid against the bundled v1.30 schema', () => {
      const manifest = filledManifest();
      expect(manifest.$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json');
      expect(manifest.manifestVersion).toBe('1.30');
      expect(validateManifest(manifest)).toEqual([]);
    });

    it('When filled, then the bot, both tabs, SSO and the domains use the app id and host', () => {
      const manifest = filledManifest();
      expect(manifest.id).toBe(APP_ID);
      expect(manifest.bots).toHaveLength(1);
      expect(manifest.bots[0]).toMatchObject({ botId: APP_ID, scopes: ['personal', 'team', 'groupChat'], supportsFiles: false });
      const titles = (manifest.bots[0].commandLists as Json[]).flatMap((list) => (list.commands as Json[]).map((c) => c.title as string));
      expect(titles).toEqual(expect.arrayContaining(['menu', 'status', 'koppel']));
      expect(manifest.configurableTabs).toEqual([expect.objectContaining({ configurationUrl: `https://${HOST}/tab/config.html`, scopes: ['team'] })]);
      expect(manifest.staticTabs).toContainEqual(expect.objectContaining({ contentUrl: `https://${HOST}/tab/`, scopes: ['personal'] }));
      expect(manifest.validDomains).toEqual([HOST]);
      expect(manifest.webApplicationInfo).toEqual({ id: APP_ID, resource: `api://${HOST}/${APP_ID}` });
      expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: 'nl-nl', additionalLanguages: [{ languageTag: 'en', file: 'en.json' }] });
      expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
      expect(JSON.stringify(manifest)).not.toMatch(/\{\{\w+\}\}/);
    });

    it('When a placeholder has no value, then filling it fails and names it', () => {
      expect(() => fillPlaceholders('{"id": "{{APP_ID}}", "x": "{{TYPO}}"}', { APP_ID })).toThrow(/\{\{TYPO\}\}/);
    });

    it.each<[string, (m: Json) => void, RegExp]>([
      ['bots[0].botId is missing', (m) => delete m.bots[0].botId, /\/bots\/0 must have required property 'botId'/],
      ['the short name has 300 characters', (m) => (m.name.short = 'S'.repeat(300)), /\/name\/short must NOT have more than 30 characters/],
      ['the tab URL is not http(s)', (m) => (m.staticTabs[1].contentUrl = 'ftp://example.org/tab'), /\/staticTabs\/1\/contentUrl must match pattern/],
      ['the app id is not a GUID', (m) => (m.id = 'signaalbot'), /\/id must match pattern/],
      ['a bot scope is unknown', (m) => m.bots[0].scopes.push('meeting'), /\/bots\/0\/scopes\/3 must be equal to one of the allowed values/],
    ])('When %s, then validation fails', (_name, breakIt, expected) => {
      const manifest = filledManifest();
      breakIt(manifest);
      const problems = validateManifest(manifest);
      expect(problems.join('\n')).toMatch(expected);
    });
  });

  describe('the English localization', () => {
    it('When checked, then en.json is valid against the bundled localization schema of the same version', () => {
      const localization = english();
      expect(localization.$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.Localization.schema.json');
      expect(validateEnglish(localization)).toEqual([]);
      expect(danglingLocalizationKeys(filledManifest(), localization)).toEqual([]);
    });

    it('When the manifest has a command or a named tab, then en.json translates its description and name', () => {
      const manifest = filledManifest();
      const localization = english();
      const wanted = [
        'name.short',
        'name.full',
        'description.short',
        'description.full',
        ...(manifest.bots[0].commandLists as Json[]).flatMap((list, l) =>
          (list.commands as Json[]).map((_c, c) => `bots[0].commandLists[${l}].commands[${c}].description`),
        ),
        ...(manifest.staticTabs as Json[]).flatMap((tab, i) => (tab.name ? [`staticTabs[${i}].name`] : [])),
      ];
      expect(wanted.filter((key) => typeof localization[key] !== 'string' || localization[key] === '')).toEqual([]);
    });

    it('When a text is too long or a key points at nothing, then the checks fail', () => {
      const localization = { ...english(), 'name.short': 'N'.repeat(31), 'staticTabs[7].name': 'Nowhere' };
      expect(validateEnglish(localization).join('\n')).toMatch(/\/name\.short must NOT have more than 30 characters/);
      expect(danglingLocalizationKeys(filledManifest(), localization)).toEqual(['staticTabs[7].name']);
    });
  });

  describe('the icons', () => {
    it.each(Object.entries(ICON_SIZES))('When %s is read, then its IHDR says %ipx square', (file, side) => {
      expect(pngSize(fs.readFileSync(path.join(TEMPLATE_DIR, file)))).toEqual({ width: side, height: side });
    });

    it('When the outline icon is decoded, then every pixel is white or fully transparent, and some are drawn', () => {
      const { pixels } = decodeRgbaPng(fs.readFileSync(path.join(TEMPLATE_DIR, 'outline.png')));
      let drawn = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3] === 0) continue;
        drawn += 1;
        expect([pixels[i], pixels[i + 1], pixels[i + 2]]).toEqual([255, 255, 255]);
      }
      expect(drawn).toBeGreaterThan(100);
    });

    it('When the colour icon is decoded, then it is opaque', () => {
      const { pixels } = decodeRgbaPng(fs.readFileSync(path.join(TEMPLATE_DIR, 'color.png')));
      expect(pixels.filter((_v, i) => i % 4 === 3 && pixels[i] !== 255)).toHaveLength(0);
    });
  });

  describe('buildAppPackage', () => {
    it('When built, then the zip holds exactly the manifest, en.json and both icons at its root, filled with the test app id', async () => {
      const { zipPath, manifest } = await buildAppPackage({ appId: APP_ID.toUpperCase(), host: HOST, outDir, version: '2.0.1' });
      expect(zipPath).toBe(path.join(outDir, 'signaalbot.zip'));
      const entries = readZip(fs.readFileSync(zipPath));
      expect([...entries.keys()].sort()).toEqual(['color.png', 'en.json', 'manifest.json', 'outline.png']);

      const zipped = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as Json;
      expect(zipped).toEqual(manifest);
      expect(zipped).toMatchObject({ id: APP_ID, version: '2.0.1', bots: [{ botId: APP_ID }], webApplicationInfo: { id: APP_ID } });
      expect(validateManifest(zipped)).toEqual([]);
      expect(JSON.parse(entries.get('en.json')!.toString('utf8'))).toEqual(english());
      expect(pngSize(entries.get('color.png')!)).toEqual({ width: 192, height: 192 });
      expect(pngSize(entries.get('outline.png')!)).toEqual({ width: 32, height: 32 });
      expect(fs.readdirSync(outDir)).toEqual(['signaalbot.zip']);
    });

    it.each([
      ['the app id is empty', { appId: '', host: HOST }, /MicrosoftAppId must be the bot's app id, a GUID/],
      ['the host is a URL', { appId: APP_ID, host: `https://${HOST}/` }, /PUBLIC_HOST must be a host name without https:\/\//],
    ])('When %s, then it throws an AppPackageError and writes nothing', async (_name, options, expected) => {
      const attempt = buildAppPackage({ ...options, outDir: path.join(outDir, 'out') });
      await expect(attempt).rejects.toBeInstanceOf(AppPackageError);
      await expect(attempt).rejects.toThrow(expected);
      expect(fs.existsSync(path.join(outDir, 'out'))).toBe(false);
    });

    it('When the template breaks the schema, then it lists the problems and writes nothing', async () => {
      const templateDir = path.join(outDir, 'template');
      fs.cpSync(TEMPLATE_DIR, templateDir, { recursive: true });
      const manifest = JSON.parse(readTemplate('manifest.json')) as Json;
      delete manifest.bots[0].botId;
      fs.writeFileSync(path.join(templateDir, 'manifest.json'), JSON.stringify(manifest));
      fs.writeFileSync(path.join(templateDir, 'outline.png'), fs.readFileSync(path.join(TEMPLATE_DIR, 'color.png')));

      const attempt = buildAppPackage({ appId: APP_ID, host: HOST, templateDir, outDir: path.join(outDir, 'out') });
      await expect(attempt).rejects.toThrow(/manifest\.json \/bots\/0 must have required property 'botId'[\s\S]*outline\.png is 192x192, must be 32x32/);
      expect(fs.existsSync(path.join(outDir, 'out'))).toBe(false);
    });
  });

  describe('npm run package without its settings (issue 14)', () => {
    function capture() {
      const written = { out: '', err: '' };
      return { written, output: { out: (t: string) => (written.out += t), err: (t: string) => (written.err += t) } };
    }

    it.each([
      ['neither is set', {}, ['MicrosoftAppId', 'PUBLIC_HOST']],
      ['PUBLIC_HOST is empty', { MicrosoftAppId: APP_ID, PUBLIC_HOST: ' ' }, ['PUBLIC_HOST']],
      ['MicrosoftAppId is missing', { PUBLIC_HOST: HOST }, ['MicrosoftAppId']],
    ])('When %s, then it says which setting, which file and gives an example, and writes nothing', async (_name, env, missing) => {
      const { written, output } = capture();
      await expect(runPackage(env, output, { outDir: path.join(outDir, 'out') })).resolves.toBe(1);
      expect(written.out).toBe('');
      const named = ['MicrosoftAppId', 'PUBLIC_HOST'].filter((key) => new RegExp(`^  ${key} `, 'm').test(written.err));
      expect(named).toEqual(missing);
      expect(written.err).toMatch(/\.env file/);
      expect(written.err).toContain('MicrosoftAppId=11111111-2222-3333-4444-555555555555 PUBLIC_HOST=signaalbot.example.org npm run package');
      expect(written.err).toContain('http://localhost:3978/tab/dev');
      // Not the terse check of the value: nothing was given yet.
      expect(written.err).not.toMatch(/must be/);
      expect(fs.existsSync(path.join(outDir, 'out'))).toBe(false);
    });

    it('When both are set, then there is no help and the package is written', async () => {
      expect(missingSettingsHelp({ MicrosoftAppId: APP_ID, PUBLIC_HOST: HOST })).toBeUndefined();
      const { written, output } = capture();
      await expect(runPackage({ MicrosoftAppId: APP_ID, PUBLIC_HOST: HOST }, output, { outDir: path.join(outDir, 'run') })).resolves.toBe(0);
      expect(written.out).toMatch(/^Wrote .*signaalbot\.zip/);
      expect(fs.existsSync(path.join(outDir, 'run', 'signaalbot.zip'))).toBe(true);
    });

    it('When a value is set but wrong, then the check of its form answers as before', async () => {
      const { written, output } = capture();
      await expect(runPackage({ MicrosoftAppId: 'not-a-guid', PUBLIC_HOST: HOST }, output, { outDir: path.join(outDir, 'out') })).resolves.toBe(1);
      expect(written.err).toMatch(/MicrosoftAppId must be the bot's app id, a GUID \(got "not-a-guid"\)/);
    });
  });
});
