/**
 * A private PostgreSQL for tests: initdb into a temporary folder, `postgres` on a free loopback port, stopped and
 * removed afterwards — never the machine's own service. PostgreSQL refuses to run as root, so as root (CI) its
 * programs run as the `postgres` user in a folder that user owns — spawned with that user's uid directly rather
 * than through `runuser`, whose parent process does not pass our stop signal on to postgres. Durability is switched off (fsync,
 * synchronous commit): the data lives as long as the test run. `TEST_POSTGRES_URL` names a server to use instead.
 *
 * Each test server gets a fresh, empty database of its own (`createDatabase`), so tests never see each other's rows.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.ts';

export interface PostgresServer {
  /** URL of the server's `postgres` database, as the superuser `rh` (trust authentication on loopback). */
  url: string;
  stop(): Promise<void>;
}

/** The newest PostgreSQL's programs (Debian keeps them per major version), or POSTGRES_BIN. */
export function postgresBin(): string {
  if (process.env.POSTGRES_BIN) return process.env.POSTGRES_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) throw new Error(`PostgreSQL is needed under ${root} (apt-get install -y postgresql)`);
  return join(root, newest, 'bin');
}

const asRoot = process.getuid?.() === 0;

/** The `postgres` user's ids when we are root (PostgreSQL refuses root), else nothing: run as ourselves. */
function runAs(): { uid: number; gid: number } | Record<string, never> {
  if (!asRoot) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  // A refused connection also emits 'error' on the client; connect()'s rejection is the one we act on.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** TEST_POSTGRES_URL's server if given, else a private one started now. */
export async function startPostgres(): Promise<PostgresServer> {
  const given = process.env.TEST_POSTGRES_URL;
  if (given) return { url: given, stop: async () => {} };
  return startPrivatePostgres();
}

/** A private PostgreSQL that a test may also halt and resume (on the same port, with its data), to see outages. */
export interface PrivatePostgres extends PostgresServer {
  /** Fast shutdown, keeping the data: clients are disconnected, new connections refused. */
  halt(): Promise<void>;
  /** Starts it again on the same port; resolves once it answers. */
  resume(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'remote-help-pg-'));
  const user = runAs();
  if ('uid' in user) chownSync(dir, user.uid, user.gid);
  const bin = postgresBin();
  const data = join(dir, 'data');
  const initArgs = ['-D', data, '-U', 'rh', '--auth=trust', '-E', 'UTF8', '--no-sync'];
  try {
    execFileSync(join(bin, 'initdb'), initArgs, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir, ...user });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${String((error as { stderr?: unknown }).stderr ?? error)}`);
  }

  const port = await freePort();
  const args = [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    // Every test server keeps a pool of its own; two test files run at once, each with several servers.
    '-c',
    'max_connections=300',
  ];
  const url = `postgres://rh@127.0.0.1:${port}/postgres`;
  let running: { child: ChildProcess; exited: Promise<void> } | undefined;

  const halt = async () => {
    if (!running) return;
    const { child, exited } = running;
    // SIGINT is PostgreSQL's fast shutdown: clients are disconnected, no waiting for them to leave.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    await exited;
    running = undefined;
  };
  const resume = async () => {
    if (running) return;
    const child: ChildProcess = spawn(join(bin, 'postgres'), args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      cwd: dir,
      ...user,
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-8192);
    });
    running = { child, exited: new Promise<void>((done) => child.once('exit', () => done())) };
    // Ready once it answers a query (polled within a bound) — or it ended trying.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && child.exitCode === null) {
      if (await answers(url)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    await halt();
    throw new Error(`PostgreSQL did not start: ${stderr}`);
  };
  const stop = async () => {
    await halt();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await resume();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { url, stop, halt, resume };
}

/** Creates a fresh, empty database on `serverUrl`'s server (or a copy of the database `template`); returns its URL. */
export async function createDatabase(serverUrl: string, template?: string): Promise<string> {
  const name = `rh_${crypto.randomUUID().replaceAll('-', '')}`;
  if (template !== undefined && !/^rh_[0-9a-f]{32}$/.test(template))
    throw new Error(`not a test database: ${template}`);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}${template === undefined ? '' : ` TEMPLATE ${template}`}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database made by createDatabase, disconnecting whoever still uses it. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  if (!/^rh_[0-9a-f]{32}$/.test(name)) throw new Error(`not a test database: ${name}`);
  const server = new URL(databaseUrl);
  server.pathname = '/postgres';
  const client = new pg.Client({ connectionString: server.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
