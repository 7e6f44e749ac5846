/**
 * `npm run package`: builds the Teams app package `dist/appPackage/signaalbot.zip` from the
 * template in `deployment/appPackage/` (manifest.json, en.json, color.png, outline.png).
 *
 * Reads two keys from the environment (.env, like the bot): `MicrosoftAppId` (the bot's app id,
 * also used as the Teams app id and for Teams SSO) and `PUBLIC_HOST` (the public host name where
 * the bot serves the tab, e.g. `signaalbot.example.org`). It does not parse the bot's whole
 * configuration on purpose: packaging runs on a build machine without the bot's secrets, and
 * production mode would demand them.
 *
 * The filled manifest and the English file are validated offline against the JSON schemas that
 * `@microsoft/app-manifest` bundles (the version named in each file's `$schema`); nothing is
 * fetched. `node dist/scripts/package-app.js --draw-icons` redraws the placeholder icons.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import Ajv04, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import yazl from 'yazl';
import type { TeamsManifestLatest } from '@microsoft/app-manifest';

export interface AppPackageOptions {
  /** The bot's Microsoft App ID (a GUID): Teams app id, bot id and SSO application id. */
  appId: string;
  /** Public host name of the bot and tab, without scheme, port or path: `signaalbot.example.org`. */
  host: string;
  /** The app version in the manifest; default: the version in package.json. */
  version?: string;
  /** Folder that receives `signaalbot.zip`; default `dist/appPackage`. */
  outDir?: string;
  /** Folder with manifest.json, en.json and the icons; default `deployment/appPackage`. */
  templateDir?: string;
}

export interface AppPackage {
  zipPath: string;
  /** The filled, validated manifest as written into the zip. */
  manifest: TeamsManifestLatest;
}

/** The package cannot be built; `problems` lists every reason. */
export class AppPackageError extends Error {
  readonly code = 'APP_PACKAGE_INVALID';
  constructor(readonly problems: string[]) {
    super(`The Teams app package is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AppPackageError';
  }
}

export const ZIP_NAME = 'signaalbot.zip';
/** Icon file → required width and height in pixels (Teams rejects other sizes on upload). */
export const ICON_SIZES = { 'color.png': 192, 'outline.png': 32 } as const;
const ACCENT = [0x1f, 0x6f, 0x78] as const; // manifest accentColor #1F6F78
/** Fixed entry dates keep the zip the same for the same input. */
const ZIP_MTIME = new Date(2026, 0, 1);
const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const SCHEMA_URL = /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?(json-schemas\/teams\/v[\w.]+\/[\w.]+\.json)$/i;

/** The project folder (where package.json is), whether running from scripts/ (tests) or dist/scripts/. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/**
 * Replaces `{{NAME}}` in a JSON template with JSON-escaped values. A placeholder without a value
 * is an error, so a typo in the template cannot reach Teams.
 */
export function fillPlaceholders(template: string, values: Readonly<Record<string, string>>): string {
  const missing = new Set<string>();
  const filled = template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      missing.add(name);
      return whole;
    }
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size) throw new AppPackageError([...missing].map((name) => `no value for the placeholder {{${name}}}`));
  return filled;
}

export type SchemaValidator = (document: unknown) => string[];

/**
 * Loads the schema named by a document's `$schema` URL from the copy that @microsoft/app-manifest
 * bundles, and compiles it the way that package's `AppManifestUtils.validateAgainstSchema` does
 * (AJV for draft-04, all errors, uri/email/regex formats). Never goes to the network.
 * Patterns are compiled without the `u` flag: the localization schema has patterns
 * (`\b]`) that are valid JavaScript regular expressions only without it.
 */
export function bundledSchemaValidator(schemaUrl: string): SchemaValidator {
  const suffix = SCHEMA_URL.exec(schemaUrl)?.[1];
  if (!suffix) throw new AppPackageError([`$schema ${JSON.stringify(schemaUrl)} is not a Teams schema on developer.microsoft.com`]);
  const file = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', suffix);
  if (!fs.existsSync(file)) {
    throw new AppPackageError([`${suffix} is not bundled with the installed @microsoft/app-manifest (update it, or use an older manifest version)`]);
  }
  const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as object;
  const ajv = new Ajv04({ allErrors: true, strictTypes: false, unicodeRegExp: false, logger: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate: ValidateFunction = ajv.compile(schema);
  return (document) => (validate(document) ? [] : (validate.errors ?? []).map(describeSchemaError));
}

function describeSchemaError(error: ErrorObject): string {
  return `${error.instancePath || '(root)'} ${error.message ?? 'is not valid'} ${JSON.stringify(error.params)}`;
}

/** Validates a document against the bundled schema its own `$schema` names. */
export function validateAgainstOwnSchema(document: unknown): string[] {
  const schemaUrl = (document as { $schema?: unknown } | null)?.$schema;
  if (typeof schemaUrl !== 'string') return ['(root) has no $schema'];
  return bundledSchemaValidator(schemaUrl)(document);
}

/**
 * Keys of a localization file ("bots[0].commandLists[1].commands[0].title") that point at
 * nothing in the manifest: Teams ignores those, so they are almost always a mistake.
 */
export function danglingLocalizationKeys(manifest: unknown, localization: Record<string, unknown>): string[] {
  return Object.keys(localization)
    .filter((key) => key !== '$schema' && key !== 'localizationKeys')
    .filter((key) => {
      let node: unknown = manifest;
      for (const step of key.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '')) {
        if (node === null || typeof node !== 'object') return true;
        node = (node as Record<string, unknown>)[step];
      }
      return typeof node !== 'string';
    });
}

/** Width and height from a PNG's IHDR chunk; undefined when the bytes are not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (png.length < 24 || !png.subarray(0, 8).equals(signature) || png.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Encodes 8-bit RGBA pixels (row by row, 4 bytes each) as a PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, standard filters, no interlace
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    // Filter byte 0 (none) before each row.
    rows.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The symbol on a unit square (y down): a speech bubble with a heart cut out of it. */
function inSymbol(x: number, y: number): boolean {
  const inBubble = (() => {
    const [left, top, right, bottom, r] = [0.06, 0.1, 0.94, 0.72, 0.16];
    if (x < left || x > right || y < top || y > bottom) return false;
    const dx = Math.max(left + r - x, 0, x - (right - r));
    const dy = Math.max(top + r - y, 0, y - (bottom - r));
    return dx * dx + dy * dy <= r * r;
  })();
  // The tail: a triangle below the bubble's left half.
  const cross = (ax: number, ay: number, bx: number, by: number) => (bx - ax) * (y - ay) - (by - ay) * (x - ax);
  const t1 = cross(0.22, 0.66, 0.2, 0.94);
  const t2 = cross(0.2, 0.94, 0.48, 0.7);
  const t3 = cross(0.48, 0.7, 0.22, 0.66);
  const inTail = (t1 >= 0 && t2 >= 0 && t3 >= 0) || (t1 <= 0 && t2 <= 0 && t3 <= 0);
  // (X² + Y² − 1)³ − X²Y³ ≤ 0 is a heart; scaled to about 0.3 of the square.
  const hx = (x - 0.5) / 0.135;
  const hy = (0.43 - y) / 0.135;
  const inHeart = (hx * hx + hy * hy - 1) ** 3 - hx * hx * hy ** 3 <= 0;
  return (inBubble || inTail) && !inHeart;
}

/** Draws the symbol at `size` px, inset by `margin` (share of the side), with 4×4 supersampling. */
function drawSymbol(size: number, margin: number, paint: (coverage: number, out: Uint8Array, at: number) => void): Buffer {
  const rgba = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const u = ((px + (sx + 0.5) / samples) / size - margin) / (1 - 2 * margin);
          const v = ((py + (sy + 0.5) / samples) / size - margin) / (1 - 2 * margin);
          if (inSymbol(u, v)) hits += 1;
        }
      }
      paint(hits / (samples * samples), rgba, (py * size + px) * 4);
    }
  }
  return encodePng(size, size, rgba);
}

/** The placeholder icons: white symbol on the accent colour (192×192), white on transparent (32×32). */
export function drawIcons(): Record<keyof typeof ICON_SIZES, Buffer> {
  return {
    'color.png': drawSymbol(ICON_SIZES['color.png'], 0.2, (c, out, at) => {
      out.set([...ACCENT.map((channel) => Math.round(channel + (255 - channel) * c)), 255], at);
    }),
    'outline.png': drawSymbol(ICON_SIZES['outline.png'], 0.02, (c, out, at) => {
      out.set([255, 255, 255, Math.round(255 * c)], at);
    }),
  };
}

function readJson(file: string, problems: string[]): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    problems.push(`${path.basename(file)}: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * Fills the manifest template, validates the manifest, the English file and the icons, and
 * writes the zip (manifest.json, en.json, color.png, outline.png at its root).
 * Throws an AppPackageError listing every problem; writes nothing then.
 */
export async function buildAppPackage(options: AppPackageOptions): Promise<AppPackage> {
  const root = projectRoot();
  const templateDir = options.templateDir ?? path.join(root, 'deployment', 'appPackage');
  const outDir = options.outDir ?? path.join(root, 'dist', 'appPackage');
  const appId = options.appId.trim().toLowerCase();
  const host = options.host.trim().toLowerCase();

  const problems: string[] = [];
  if (!GUID.test(appId)) problems.push(`MicrosoftAppId must be the bot's app id, a GUID (got ${JSON.stringify(options.appId)})`);
  if (!HOST_NAME.test(host)) {
    problems.push(`PUBLIC_HOST must be a host name without https://, port or path, e.g. signaalbot.example.org (got ${JSON.stringify(options.host)})`);
  }
  if (problems.length) throw new AppPackageError(problems);

  const version = options.version ?? (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const manifestText = fillPlaceholders(fs.readFileSync(path.join(templateDir, 'manifest.json'), 'utf8'), {
    APP_ID: appId,
    HOST: host,
    VERSION: version,
  });
  const manifest = JSON.parse(manifestText) as TeamsManifestLatest;
  problems.push(...validateAgainstOwnSchema(manifest).map((p) => `manifest.json ${p}`));

  const languageFiles = manifest.localizationInfo?.additionalLanguages?.map((l) => l.file) ?? [];
  const languages = new Map<string, Buffer>();
  for (const file of languageFiles) {
    const localization = readJson(path.join(templateDir, file), problems);
    if (localization === undefined) continue;
    problems.push(...validateAgainstOwnSchema(localization).map((p) => `${file} ${p}`));
    problems.push(...danglingLocalizationKeys(manifest, localization as Record<string, unknown>).map((k) => `${file}: "${k}" is not in the manifest`));
    languages.set(file, Buffer.from(`${JSON.stringify(localization, null, 2)}\n`));
  }

  const icons = new Map<string, Buffer>();
  for (const [name, side] of Object.entries(ICON_SIZES)) {
    const file = path.join(templateDir, name);
    const png = fs.existsSync(file) ? fs.readFileSync(file) : undefined;
    const size = png && pngSize(png);
    if (!png || !size) problems.push(`${name} is missing or not a PNG`);
    else if (size.width !== side || size.height !== side) problems.push(`${name} is ${size.width}x${size.height}, must be ${side}x${side}`);
    else icons.set(name, png);
  }
  const named = [manifest.icons.color, manifest.icons.outline];
  if (named.some((n) => !(n in ICON_SIZES))) problems.push(`manifest icons must be ${Object.keys(ICON_SIZES).join(' and ')} (got ${named.join(', ')})`);
  if (problems.length) throw new AppPackageError(problems);

  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json', { mtime: ZIP_MTIME });
  for (const [file, content] of [...languages, ...icons]) zip.addBuffer(content, file, { mtime: ZIP_MTIME });
  zip.end();
  fs.mkdirSync(outDir, { recursive: true });
  const zipPath = path.join(outDir, ZIP_NAME);
  const partial = `${zipPath}.${process.pid}.part`;
  await pipeline(zip.outputStream, fs.createWriteStream(partial));
  fs.renameSync(partial, zipPath);
  return { zipPath, manifest };
}

/** Where `npm run package` writes: stdout for results, stderr for problems. */
export interface PackageOutput {
  out(text: string): void;
  err(text: string): void;
}

/**
 * What to do when MicrosoftAppId or PUBLIC_HOST is not set: which file, with an example. Undefined
 * when both are set (their form is checked by buildAppPackage).
 */
export function missingSettingsHelp(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const missing = [
    !env.MicrosoftAppId?.trim() && "  MicrosoftAppId  the bot's app id (a GUID), from its Azure Bot resource or Entra app registration",
    !env.PUBLIC_HOST?.trim() && '  PUBLIC_HOST     the public host name where the bot serves the tab, without https://',
  ].filter((line): line is string => typeof line === 'string');
  if (missing.length === 0) return undefined;
  return [
    `The Teams app package needs ${missing.length === 2 ? 'two settings that are' : 'a setting that is'} not set yet:`,
    ...missing,
    'Give them for this one run, for example:',
    '  MicrosoftAppId=11111111-2222-3333-4444-555555555555 PUBLIC_HOST=signaalbot.example.org npm run package',
    'or put them in the .env file in the project folder (see .env.example), for example:',
    '  MicrosoftAppId=11111111-2222-3333-4444-555555555555',
    '  PUBLIC_HOST=signaalbot.example.org',
    'Note: with MicrosoftAppId in .env, `npm start` runs as production (it then needs the bot\'s password too).',
    'To try the tab without Teams: `npm start`, then open http://localhost:3978/tab/dev',
  ].join('\n');
}

/** `npm run package` without the process: reads the two keys from `env`; returns the exit code. */
export async function runPackage(env: Readonly<Record<string, string | undefined>>, output: PackageOutput, options: Partial<AppPackageOptions> = {}): Promise<number> {
  const help = missingSettingsHelp(env);
  if (help) {
    output.err(`${help}\n`);
    return 1;
  }
  try {
    const { zipPath, manifest } = await buildAppPackage({ ...options, appId: env.MicrosoftAppId ?? '', host: env.PUBLIC_HOST ?? '' });
    output.out(
      `Wrote ${path.relative(process.cwd(), zipPath)} (manifest ${manifest.manifestVersion}, app ${manifest.id}, version ${manifest.version}).\n` +
        'Upload it in Teams (Apps > Manage your apps > Upload an app) or in the Teams admin center.\n',
    );
    return 0;
  } catch (error) {
    if (!(error instanceof AppPackageError)) throw error;
    output.err(`${error.message}\n`);
    return 1;
  }
}

async function main(): Promise<number> {
  const envFile = path.resolve('.env');
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
  if (process.argv.includes('--draw-icons')) {
    const dir = path.join(projectRoot(), 'deployment', 'appPackage');
    for (const [name, png] of Object.entries(drawIcons())) fs.writeFileSync(path.join(dir, name), png);
    process.stdout.write(`Drew ${Object.keys(ICON_SIZES).join(' and ')} in ${dir}\n`);
    return 0;
  }
  return runPackage(process.env, { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) });
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
