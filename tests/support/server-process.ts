/**
 * Runs the real server as its own process (`node --import tsx server/main.ts`, or the prebuilt bundle of
 * server-build.ts), the way it is deployed: for tests that need to see whether the process survives, to share its
 * database file with another process, or to run several nodes of a cluster (cluster.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './free-port.ts';
import { freshTestDatabase, type TestDatabase } from './test-database.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  origin: string;
  dataDir: string;
  /** The SQLite file the server writes (when it runs on SQLite). */
  databaseFile: string;
  /** DATABASE_URL when the server runs on PostgreSQL. */
  databaseUrl?: string;
  child: ChildProcess;
  /** The server's log, one parsed JSON object per line, as they arrive. */
  log: Record<string, unknown>[];
  /** Resolves when the process ends, with how. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  /** CPU seconds the process has used so far (user + system), from /proc. */
  cpuSeconds(): number;
  /** Resident memory now, from /proc. */
  rssMiB(): number;
  /** Waits (at most `timeoutMs`) for a log line matching `predicate`. */
  waitForLog(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
  /** kill -9: no shutdown of any kind; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (the node drains, then exits) and resolves with how it ended; its data folder is kept. */
  terminate(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ServerProcessOptions {
  /** Listen here (a restart keeps its origin, which the identity provider's issuer names). */
  port?: number;
  /** Use this data folder, which the caller owns (it outlives the process); by default a fresh one, removed by stop. */
  dataDir?: string;
  /** Run this prebuilt server bundle (server-build.ts) instead of compiling server/main.ts with tsx. */
  bundle?: string;
}

/** The database of each data folder a caller keeps across restarts, so a restarted server finds its data again. */
const databases = new Map<string, TestDatabase>();

export async function startServerProcess(
  env: Record<string, string> = {},
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const ownData = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'remote-help-process-'));
  const port = options.port ?? (await freePort());
  // A caller that names its own DATABASE_URL owns that database; otherwise each data folder has one of its own.
  let database: TestDatabase = { env: {}, drop: async () => {} };
  if (env.DATABASE_URL === undefined) {
    const kept = databases.get(dataDir);
    database = kept ?? (await freshTestDatabase());
    if (!ownData && !kept) databases.set(dataDir, database);
  }
  const args = options.bundle ? [options.bundle] : ['--import', 'tsx', 'server/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      STATIC_DIR: join(dataDir, 'no-static'),
      LOG_LEVEL: 'info',
      ...database.env,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: Record<string, unknown>[] = [];
  const listeners = new Set<() => void>();
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      try {
        log.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        log.push({ msg: line });
      }
    }
    for (const l of listeners) l();
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8192);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const origin = `http://127.0.0.1:${port}`;

  const waitForLog: ServerProcess['waitForLog'] = (predicate, timeoutMs = 20_000) =>
    new Promise((done, fail) => {
      const check = () => {
        const found = log.find(predicate);
        if (!found) return;
        cleanup();
        done(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        fail(new Error(`no such log line within ${timeoutMs} ms; last lines: ${JSON.stringify(log.slice(-5))}`));
      }, timeoutMs);
      const ended = () => {
        cleanup();
        fail(new Error(`the server process ended (${child.exitCode ?? child.signalCode}): ${stderr}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
        child.off('exit', ended);
      };
      listeners.add(check);
      child.once('exit', ended);
      check();
    });

  // Ready once it answers its health check (polled, within a bound) — or it ended trying.
  const ready = async () => {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && child.exitCode === null) {
      try {
        if ((await fetch(`${origin}/healthz`)).ok) return true;
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  };
  if (!(await ready())) {
    child.kill('SIGKILL');
    if (ownData) {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
    throw new Error(`the server process did not start: ${stderr}`);
  }

  return {
    origin,
    dataDir,
    databaseFile: join(dataDir, 'remote-help.sqlite'),
    databaseUrl: env.DATABASE_URL ?? database.env.DATABASE_URL,
    child,
    log,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
    cpuSeconds() {
      // Fields 14 and 15 of /proc/<pid>/stat, after the parenthesised command name, in clock ticks (100 a second).
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    rssMiB() {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
      return kb / 1024;
    },
    waitForLog,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      if (ownData) {
        await database.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async terminate() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
