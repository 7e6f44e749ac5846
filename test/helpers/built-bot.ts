/**
 * The built bot (dist/, as `npm start` and the container run it) as a child process on 127.0.0.1,
 * for the tests that kill processes or run several at once (test/faults, test/multi-instance).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '../..');
/** What `npm run build` writes; the suites check it exists and say how to make it. */
export const BUILT_ENTRY = path.join(PROJECT_ROOT, 'dist/src/main.js');

export interface BuiltBot {
  name: string;
  child: ChildProcess;
  port: number;
  /** Everything it wrote to stdout and stderr so far (JSON log lines at LOG_LEVEL info). */
  output: () => string;
  exited: Promise<number | null>;
}

export interface BuiltBotOptions {
  /** A label for messages (several bots in one test). */
  name?: string;
  /** How long a start may take before it counts as refused; default 120 s (a loaded machine is slow). */
  startTimeoutMs?: number;
}

/** A port free right now on 127.0.0.1 (the bot is told it by PORT). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the built bot with only PATH from this process's environment, in development on a free
 * port without the playground, plus `env`. Resolves once it logs LISTENING, or with the reason it
 * did not start: it exited, or did not listen in time (then it is killed).
 */
export async function startBuiltBot(env: Record<string, string>, options: BuiltBotOptions = {}): Promise<BuiltBot | { refused: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [BUILT_ENTRY], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', PLAYGROUND: '0', NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  while (!out.includes('LISTENING')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      return { refused: `exit ${String(child.exitCode)}:\n${out.slice(-3000)}` };
    }
    await sleep(20);
  }
  return { name: options.name ?? 'bot', child, port, output: () => out, exited };
}
