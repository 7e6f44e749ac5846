import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * The real process as `npm start` runs it: built with tsc, started with node. Checks start-up
 * refusals and a clean SIGTERM.
 */
const root = path.resolve(__dirname, '../..');
const entry = path.join(root, 'dist/src/main.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(env: Record<string, string>, cwd: string, args: string[] = []) {
  const child = spawn(process.execPath, [entry, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', PLAYGROUND: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<Run>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, done, output: () => stdout };
}

async function until(check: () => boolean, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the process', () => {
  let cwd: string;
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
      cwd: root,
      stdio: 'inherit',
    });
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalbot-proc-'));
  }, 120_000);
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  test('When production has no bot credentials, then it refuses to start and says why', async () => {
    const run = await start({ NODE_ENV: 'production', PORT: '0' }, cwd).done;
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/MicrosoftAppId: is required in production/);
  });

  test('When npm start runs it (--development) on a fresh machine without NODE_ENV, then it serves on 127.0.0.1 only', async () => {
    const port = await freePort();
    const proc = start({ PORT: String(port), DATA_DIR: path.join(cwd, 'fresh') }, cwd, ['--development']);
    await until(() => proc.output().includes('LISTENING'));
    expect(proc.output()).toContain('"env":"development"');
    expect(proc.output()).toContain('"host":"127.0.0.1"');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    proc.child.kill('SIGTERM');
    expect((await proc.done).code).toBe(0);
  });

  test('When it is started without NODE_ENV and without --development, then it runs as production and refuses without credentials', async () => {
    const run = await start({ PORT: '0' }, cwd).done;
    expect(run.code).toBe(78);
    expect(run.stderr).toMatch(/MicrosoftAppId: is required in production .*NODE_ENV=development/);
  });

  test('When the data file is corrupt, then it refuses to start and leaves the file alone', async () => {
    const dataDir = path.join(cwd, 'corrupt');
    fs.mkdirSync(dataDir);
    const file = path.join(dataDir, 'bot-state.json');
    fs.writeFileSync(file, '{"half": ');
    const run = await start({ NODE_ENV: 'development', PORT: '0', DATA_DIR: dataDir }, cwd).done;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('bot-state.json');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"half": ');
  });

  test('When SIGTERM arrives while serving, then it finishes, flushes and exits 0', async () => {
    const port = await freePort();
    const dataDir = path.join(cwd, 'ok');
    const proc = start({ NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir }, cwd);
    await until(() => proc.output().includes('LISTENING'));
    expect(proc.output()).toContain('AUTH_DISABLED');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    proc.child.kill('SIGTERM');
    const run = await proc.done;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('STOPPED');
  });
});
