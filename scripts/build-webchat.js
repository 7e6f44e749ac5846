#!/usr/bin/env node
/**
 * Builds the web chat page (/chat): bundles src/webchat/main.ts with Bot Framework Web Chat
 * (React, Adaptive Cards and all) into one browser script, and copies the stylesheet beside it.
 * The HTML is rendered by the server per request (municipality, language, CSP nonce), so
 * production needs none of the devDependencies at run time, and no CDN.
 *
 *   node scripts/build-webchat.js                 -> dist/webchat/
 *   node scripts/build-webchat.js --outdir DIR    -> DIR
 *
 * The server serves this folder with src/adapters/http/chat-page.ts.
 */
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const SOURCE = path.join(root, 'src', 'webchat');
const STATIC_FILES = ['chat.css'];

/**
 * @param {{ outDir?: string, minify?: boolean }} [options]
 * @returns {Promise<{ outDir: string, files: string[] }>}
 */
async function buildWebChat(options = {}) {
  const outDir = path.resolve(options.outDir ?? path.join(root, 'dist', 'webchat'));
  fs.mkdirSync(outDir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: { chat: path.join(SOURCE, 'main.ts') },
    outdir: outDir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    // Current phone and desktop browsers (the page is for anyone with a phone).
    target: ['chrome110', 'edge110', 'firefox115', 'safari16'],
    minify: options.minify ?? true,
    sourcemap: false,
    legalComments: 'external',
    tsconfig: path.join(SOURCE, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    // markdown-it asks for Node's built-in punycode; the same code ships as the punycode.js package.
    alias: { punycode: 'punycode.js' },
    logLevel: 'error',
  });
  if (result.errors.length > 0) throw new Error(`web chat build failed: ${result.errors.length} errors`);
  for (const file of STATIC_FILES) fs.copyFileSync(path.join(SOURCE, file), path.join(outDir, file));
  // Web Chat is large (about 3.8 MB, 1 MB gzipped): phones get the gzipped copy.
  const script = path.join(outDir, 'chat.js');
  fs.writeFileSync(`${script}.gz`, zlib.gzipSync(fs.readFileSync(script), { level: 9 }));
  return { outDir, files: fs.readdirSync(outDir).sort() };
}

module.exports = { buildWebChat, STATIC_FILES };

if (require.main === module) {
  const at = process.argv.indexOf('--outdir');
  const outDir = at > 0 ? process.argv[at + 1] : undefined;
  buildWebChat({ outDir }).then(
    ({ outDir: dir, files }) => process.stdout.write(`Web chat page built in ${path.relative(process.cwd(), dir) || '.'}: ${files.join(', ')}\n`),
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
