import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { Logger } from '../../ports/logger';

export interface Playground {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts Microsoft's local Teams-like client against the bot (development only, telemetry off).
 * It is a devDependency: when it is not installed (a production install) this says so and
 * returns undefined instead of failing.
 */
export function startPlayground(options: { botPort: number; port: number; logger: Logger }): Playground | undefined {
  const { logger } = options;
  let cli: string;
  try {
    cli = path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
  } catch {
    logger.warn({ code: 'PLAYGROUND_NOT_INSTALLED' }, 'the local Teams-like client is not installed (npm install to get it)');
    return undefined;
  }
  const args = [cli, '-e', `http://127.0.0.1:${options.botPort}/api/messages`, '-c', 'msteams', '--dt', '-p', String(options.port)];
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TEAMSFX_TELEMETRY_TESTING: '1' },
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    if (/Listening on/i.test(chunk.toString())) logger.debug({ code: 'PLAYGROUND_LISTENING' }, 'playground is listening');
  });
  child.stderr?.resume();
  child.on('exit', (code) => logger.info({ code: 'PLAYGROUND_EXITED', exitCode: code }, 'playground stopped'));
  return {
    url: `http://localhost:${options.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.killed) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 3000).unref();
      }),
  };
}
