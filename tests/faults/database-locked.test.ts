/**
 * A storage fault never ends the process (issue 11, item 1): another process holds the SQLite file's write lock
 * across a session's grace deadline. The server stays up and answering, logs the failed write and retries it, and once
 * the lock clears the session ends as it should have: at the deadline, for the lost connection, on both sides.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuditKeys } from '../../server/audit/audit-keys.ts';
import { verifyChain } from '../../server/audit/audit-log.ts';
import { openDatabase } from '../../server/db/database.ts';
import { ROSTER } from '../fixtures/roster.ts';
import { makeApiCaller } from '../support/api-caller.ts';
import { devSignIn } from '../support/dev-sign-in.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { openAuthenticatedSocket } from '../support/socket-client.ts';

let server: ServerProcess;
const tokens: Record<string, string> = {};
const { pair } = makeApiCaller(() => server.origin, tokens);

beforeAll(async () => {
  server = await startServerProcess({ SESSION_GRACE_SECONDS: '1', LOG_LEVEL: 'warn' });
  tokens.alex = await devSignIn(server.origin, ROSTER.alex.email);
  tokens.adele = await devSignIn(server.origin, ROSTER.adele.email);
}, 90_000);
afterAll(() => server?.stop());

/** Another process takes the database's exclusive lock and keeps it until told to let go on its standard input. */
function lockInAnotherProcess(file: string) {
  const script = `
    const SQLite = require('better-sqlite3');
    const db = new SQLite(${JSON.stringify(file)});
    db.exec('BEGIN EXCLUSIVE');
    process.stdout.write('locked\\n');
    process.stdin.once('data', () => { db.exec('ROLLBACK'); db.close(); process.stdout.write('released\\n'); process.exit(0); });
  `;
  const child = spawn(process.execPath, ['-e', script], {
    cwd: resolve(import.meta.dirname, '../..'),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const said = (word: string) =>
    new Promise<void>((done, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes(word) && done());
      child.once('exit', (code) => code !== 0 && reject(new Error(`locking process ended with ${code}`)));
    });
  const locked = said('locked');
  return {
    locked,
    release: async () => {
      const released = said('released');
      child.stdin.write('go\n');
      await released;
    },
  };
}

const errorsAbout = (message: string) => server.log.filter((l) => l.msg === message);

describe('the database locked by another process', () => {
  it('does not end the server; the session ends at its deadline once the lock clears', async () => {
    const alex = await openAuthenticatedSocket(server.origin, tokens.alex ?? '');
    const adele = await openAuthenticatedSocket(server.origin, tokens.adele ?? '');
    const sessionId = await pair('alex', 'adele');

    const lock = lockInAnotherProcess(server.databaseFile);
    await lock.locked;
    // The sharer's connection goes: the grace (1 s) runs out while the lock is held.
    const goneAt = Date.now();
    adele.ws.close();

    // The write fails, is logged, and is queued again — twice, so the retry is seen failing too.
    const failed = 'writing the end of a session failed; trying again';
    await server.waitForLog((l) => l.msg === failed && l.attempt === 1, 30_000);
    expect(errorsAbout(failed)[0]).toMatchObject({ level: 50, sessionId, reason: 'connection_lost' });
    expect(errorsAbout(failed)[0]?.err).toMatchObject({ code: 'SQLITE_BUSY' });
    // Throughout, the process is alive and answering.
    expect(server.alive()).toBe(true);
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
    const beforeRelease = await fetch(`${server.origin}/api/sessions`, {
      headers: { authorization: `Bearer ${tokens.alex}` },
    });
    expect(beforeRelease.status).toBe(200);

    const releasedAt = Date.now();
    await lock.release();
    expect(await alex.next((m) => m.type === 'session.ended')).toEqual({
      type: 'session.ended',
      sessionId,
      reason: 'connection_lost',
    });
    expect(server.alive()).toBe(true);

    // Recorded as decided at the deadline, not when the lock let go; the audit chain holds.
    const db = await openDatabase(server.databaseFile);
    try {
      const row = await db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
      expect(row.end_reason).toBe('connection_lost');
      expect(row.ended_at).toBeGreaterThanOrEqual(goneAt + 1000);
      expect(row.ended_at).toBeLessThan(releasedAt);
      const ended = await db.selectFrom('audit_log').selectAll().where('type', '=', 'session.ended').execute();
      expect(ended.map((r) => JSON.parse(r.data).sessionId)).toEqual([sessionId]);
      expect((await verifyChain(db, loadAuditKeys(server.dataDir))).ok).toBe(true);
    } finally {
      await db.destroy();
    }
    alex.ws.close();
  }, 60_000);
});
