#!/usr/bin/env node
/**
 * Builds the Teams tab: bundles src/tab/main.ts and src/tab/config.ts (teams-js, zod and the locale
 * files included) with esbuild into one browser script per page, and copies the HTML pages and the
 * stylesheet beside them.
 *
 *   node scripts/build-tab.js                 -> dist/tab/
 *   node scripts/build-tab.js --outdir DIR    -> DIR (the browser tests build into a temp folder)
 *
 * The server serves this folder with src/adapters/http/tab-static.ts.
 */
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const TAB_SOURCE = path.join(root, 'src', 'tab');
/** Files served as they are. */
const STATIC_FILES = ['index.html', 'config.html', 'tab.css'];
/** One script per page: the tab itself and the channel tab's configuration page. */
const ENTRY_POINTS = { main: 'main.ts', config: 'config.ts' };

/**
 * @param {{ outDir?: string, minify?: boolean }} [options]
 * @returns {Promise<{ outDir: string, files: string[] }>}
 */
async function buildTab(options = {}) {
  const outDir = path.resolve(options.outDir ?? path.join(root, 'dist', 'tab'));
  fs.mkdirSync(outDir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: Object.fromEntries(Object.entries(ENTRY_POINTS).map(([name, file]) => [name, path.join(TAB_SOURCE, file)])),
    outdir: outDir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    // Teams desktop and web run current Chromium-based engines; Safari for Teams on the web on macOS.
    target: ['chrome110', 'edge110', 'firefox115', 'safari16'],
    minify: options.minify ?? true,
    sourcemap: false,
    legalComments: 'eof',
    tsconfig: path.join(TAB_SOURCE, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  if (result.errors.length > 0) throw new Error(`tab build failed: ${result.errors.length} errors`);
  for (const file of STATIC_FILES) fs.copyFileSync(path.join(TAB_SOURCE, file), path.join(outDir, file));
  return { outDir, files: fs.readdirSync(outDir).sort() };
}

module.exports = { buildTab, STATIC_FILES };

if (require.main === module) {
  const at = process.argv.indexOf('--outdir');
  const outDir = at > 0 ? process.argv[at + 1] : undefined;
  buildTab({ outDir }).then(
    ({ outDir: dir, files }) => process.stdout.write(`Tab built in ${path.relative(process.cwd(), dir) || '.'}: ${files.join(', ')}\n`),
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
