'use strict';
/**
 * Starting things for the bench: the load process (client and connector stubs), the real app
 * from the build (createApp on port 0, temp data folder, log file), and a counter of data-file
 * writes (lowdb/steno writes a temp file per write: counting those counts whole-file rewrites).
 */
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const { fork } = require('node:child_process');
const { syncBuiltinESMExports } = require('node:module');

const DIST_MAIN = path.join(__dirname, '..', '..', 'dist', 'src', 'main.js');

/** The load process and a promise-returning `call(cmd, args)` over IPC. */
function startLoadProcess() {
  const child = fork(path.join(__dirname, 'load-process.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map();
  let next = 0;
  child.on('message', ({ id, result, error }) => {
    const p = pending.get(id);
    pending.delete(id);
    if (!p) return;
    if (error) p.reject(new Error(`load process: ${error}`));
    else p.resolve(result);
  });
  child.on('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`load process exited (${code})`));
    pending.clear();
  });
  return {
    pid: child.pid,
    call(cmd, args) {
      return new Promise((resolve, reject) => {
        const id = ++next;
        pending.set(id, { resolve, reject });
        child.send({ id, cmd, args });
      });
    },
    stop() {
      if (child.connected) child.disconnect();
      child.kill();
    },
  };
}

/**
 * Counts file writes per data file, with their sizes. Whole files: steno (lowdb's writer) writes
 * "<dir>/.<name>.tmp" and renames it. Record folders (signals/, bot-state/: one record per file,
 * written in place, ADR 0006): each open for writing counts for the folder, without a size.
 * Only files under `root` are counted; the calls themselves are passed through unchanged. Must be
 * installed before the app is loaded.
 */
function installWriteCounter(root) {
  const originalWriteFile = fsp.writeFile;
  const originalOpen = fsp.open;
  const files = new Map();
  const count = (name, bytes) => {
    const entry = files.get(name) ?? { writes: 0, bytes: 0, lastBytes: 0 };
    entry.writes += 1;
    entry.bytes += bytes;
    entry.lastBytes = bytes;
    files.set(name, entry);
  };
  fsp.writeFile = function countedWriteFile(file, data, ...rest) {
    const base = typeof file === 'string' ? path.basename(file) : '';
    if (typeof file === 'string' && file.startsWith(root) && base.startsWith('.') && base.endsWith('.tmp')) {
      count(base.slice(1, -4), typeof data === 'string' ? Buffer.byteLength(data) : (data?.length ?? 0));
    }
    return originalWriteFile.call(this, file, data, ...rest);
  };
  fsp.open = function countedOpen(file, flags, ...rest) {
    const folder = typeof file === 'string' ? path.basename(path.dirname(file)) : '';
    if (typeof file === 'string' && file.startsWith(root) && ['signals', 'bot-state'].includes(folder) && (flags === 'r+' || flags === 'w')) {
      // A write to slot b after a failed open of slot a for 'r+' is still one write: count 'r+' tries only once.
      if (flags === 'r+') count(`${folder}/`, 0);
    }
    return originalOpen.call(this, file, flags, ...rest);
  };
  syncBuiltinESMExports();
  return {
    snapshot() {
      return Object.fromEntries([...files].map(([k, v]) => [k, { ...v }]));
    },
    /** Writes per file since `before` (a snapshot). */
    since(before) {
      const out = {};
      for (const [name, v] of files) {
        const b = before[name] ?? { writes: 0, bytes: 0 };
        out[name] = { writes: v.writes - b.writes, bytes: v.bytes - b.bytes, lastBytes: v.lastBytes };
      }
      return out;
    },
  };
}

/** A fresh temp folder under the bench root. */
function tempDir(root, name) {
  return fs.mkdtempSync(path.join(root, `${name}-`));
}

function benchRoot() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'signaalbot-bench-'));
}

/**
 * The real app, as `npm start` builds it, on port 0 with its own data folder. Logs go to a file
 * at the default level (info) through pino's async destination, like stdout redirected to a file.
 */
async function startApp({ dataDir, signaalpuntenFile, env = {} }) {
  const { createApp } = require(DIST_MAIN);
  const { loadConfig } = require(path.join(path.dirname(DIST_MAIN), 'config', 'config.js'));
  const pino = require('pino');
  const logFile = path.join(dataDir, 'app.log');
  const logDestination = pino.destination({ dest: logFile, sync: false, mkdir: true });
  const config = loadConfig({
    NODE_ENV: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    PLAYGROUND: '0',
    SIGNAALPUNTEN_FILE: signaalpuntenFile,
    OUTBOX_POLL_MS: '50',
    // The bench drives many turns per conversation and many connections on purpose: the edge
    // limits of issue 11 (per-conversation rate, turn queue, connection cap) would measure themselves.
    MESSAGES_PER_MINUTE: '10000',
    TURN_QUEUE_LIMIT: '1000',
    MAX_CONNECTIONS: '100000',
    ...env,
  });
  const app = await createApp(config, { logDestination });
  return {
    app,
    logFile,
    async stop() {
      await app.stop();
      await new Promise((resolve) => logDestination.flush((err) => resolve(err)));
      logDestination.end();
    },
    /** Log codes and how often they occurred, plus `error` for every line at level error or worse. */
    logCodes() {
      const counts = {};
      if (!fs.existsSync(logFile)) return counts;
      for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          const { code, level } = JSON.parse(line);
          if (code) counts[code] = (counts[code] ?? 0) + 1;
          if (level >= 50) counts.error = (counts.error ?? 0) + 1;
        } catch {
          counts.UNPARSABLE = (counts.UNPARSABLE ?? 0) + 1;
        }
      }
      return counts;
    },
  };
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** Busy and total CPU ticks of the whole machine (/proc/stat), or undefined off Linux. */
function machineTicks() {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

function processTicks(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime
  } catch {
    return 0;
  }
}

/**
 * How much of the machine other processes used while the bench ran (0-100 %): the bench's
 * figures are only comparable between runs when this is low. Call `start()`, then `stop()`.
 */
function contention(childPid) {
  const machine = machineTicks();
  const own = process.cpuUsage();
  const child = processTicks(childPid);
  return () => {
    const now = machineTicks();
    if (!machine || !now) return undefined;
    const used = process.cpuUsage(own);
    const ownTicks = ((used.user + used.system) / 1e6) * TICKS_PER_SECOND + (processTicks(childPid) - child);
    const total = now.total - machine.total;
    return total > 0 ? Math.max(0, Math.round(((now.busy - machine.busy - ownTicks) / total) * 100)) : undefined;
  };
}

module.exports = { contention, startLoadProcess, installWriteCounter, tempDir, benchRoot, startApp, DIST_MAIN };
