import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * Where Debian/Ubuntu put Chromium. We never download a browser: the end-to-end tests use the
 * one the machine has, or say plainly that there is none.
 */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Flags that work headless as root in a container, with no network calls of Chromium's own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `CHROMIUM_PATH` when set (it must exist), else the first system Chromium found, else undefined. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((candidate) => fs.existsSync(candidate));
}

/** True where a missing browser must fail the run instead of skipping (CI=true or CI=1). */
export function browserRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['true', '1'].includes((env.CI ?? '').toLowerCase());
}

/** Explains, once, why the browser tests do not run here. */
export function explainMissingChromium(env: NodeJS.ProcessEnv = process.env): string {
  const looked = env.CHROMIUM_PATH?.trim() ? `CHROMIUM_PATH=${env.CHROMIUM_PATH}` : CANDIDATES.join(', ');
  return (
    `End-to-end browser tests NOT RUN: no Chromium found (looked at ${looked}). ` +
    'Install Debian\'s "chromium" package or set CHROMIUM_PATH. Under CI=true this is a failure.'
  );
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}
