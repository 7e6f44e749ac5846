#!/usr/bin/env node
// `npm start` builds first when dist/ is missing or older than any source file.
const fs = require('node:fs');
const path = require('node:path');
const { execSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist', 'src', 'main.js');
const tabEntry = path.join(root, 'dist', 'tab', 'main.js');
const chatEntry = path.join(root, 'dist', 'webchat', 'chat.js');

function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(full));
    else if (/\.(ts|json|css|html)$/.test(entry.name)) latest = Math.max(latest, fs.statSync(full).mtimeMs);
  }
  return latest;
}

const sources = ['src', 'dialogs', 'cards'].map((d) => path.join(root, d)).filter((d) => fs.existsSync(d));
const built = Math.min(...[entry, tabEntry, chatEntry].map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)));
const changed = Math.max(...sources.map(newest), fs.statSync(path.join(root, 'tsconfig.json')).mtimeMs);
if (built < changed) {
  process.stdout.write('Building Signaalbot (TypeScript, the Teams tab and the web chat page)...\n');
  execSync('npm run -s build', { cwd: root, stdio: 'inherit' });
}
