import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '@remote-help/protocol/domain';
import type { ServerSocketMessage } from '@remote-help/protocol/socket';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuditKeys } from '../audit/audit-keys.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { cardFor, Directory } from '../directory/directory.ts';
import { SEED_USERS } from '../directory/seed.ts';
import { SettingsStore } from '../policies/settings-store.ts';
import { Connections } from '../ws/connections.ts';
import { LiveSessions } from './live-sessions.ts';

const keys = AuditKeys.generate();

let db: Database;
let connections: Connections;
let sessions: LiveSessions;
let session: Session;
const inbox: Record<string, ServerSocketMessage[]> = {};
let settings: SettingsStore;
let dataDir: string;
let logged: { level: string; details: Record<string, unknown>; message: string }[];
const log = {
  error: (details: object, message: string) => logged.push({ level: 'error', details: { ...details }, message }),
  warn: (details: object, message: string) => logged.push({ level: 'warn', details: { ...details }, message }),
  info: (details: object, message: string) => logged.push({ level: 'info', details: { ...details }, message }),
};

/** Live sessions over the test's database, as the server starts them (again, after a restart). */
async function startLiveSessions(): Promise<{ sessions: LiveSessions; settings: SettingsStore }> {
  const audit = await AuditLog.open(db, keys);
  const settings = new SettingsStore(db, audit);
  const sessions = new LiveSessions({
    db,
    audit,
    settings,
    notifier: connections,
    presence: connections,
    directory: new Directory(db),
    graceMs: 30_000,
    closingMs: 5_000,
    log,
  });
  return { sessions, settings };
}

/** The server stops and starts again: the sessions it had come back from the database. */
async function restart(): Promise<void> {
  sessions.stopTimers();
  ({ sessions } = await startLiveSessions());
  await sessions.load();
}

beforeEach(async () => {
  vi.useFakeTimers();
  logged = [];
  // A file, not memory: another connection can then lock it, as another process would.
  dataDir = mkdtempSync(join(tmpdir(), 'live-sessions-'));
  db = await openDatabase(join(dataDir, 'db.sqlite'));
  const directory = new Directory(db);
  await directory.seed();
  connections = new Connections();
  ({ sessions, settings } = await startLiveSessions());
  const [helper, sharer] = await Promise.all(
    [SEED_USERS[0], SEED_USERS[4]].map(async (u) => {
      const user = await directory.findUser(u?.id ?? '');
      if (!user) throw new Error('seed user missing');
      inbox[user.id] = [];
      connections.people.add(user.id, { send: (d) => inbox[user.id]?.push(JSON.parse(d)) });
      return user;
    }),
  );
  if (!helper || !sharer) throw new Error('seed users missing');
  session = {
    id: 'session-1',
    helper: cardFor(helper),
    sharer: cardFor(sharer),
    permittedModes: ['view'],
    startedAt: new Date().toISOString(),
    chatDisabled: false,
    device: null,
  };
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      tenant_id: helper.tenantId,
      helper_id: helper.id,
      sharer_id: sharer.id,
      permitted_modes: '["view"]',
      started_at: Date.now(),
      ended_at: null,
      end_reason: null,
    })
    .execute();
  sessions.add(session, helper.tenantId);
});
afterEach(async () => {
  sessions.stopTimers();
  vi.useRealTimers();
  await db.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

const ended = (userId: string) => inbox[userId]?.filter((m) => m.type === 'session.ended') ?? [];

describe('closing a page', () => {
  it('a reload that resumes keeps the session', async () => {
    sessions.closing(session.sharer.id, session.id);
    await vi.advanceTimersByTimeAsync(1_000);
    sessions.resume(session.sharer.id, session.id);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ended(session.helper.id)).toEqual([]);
    expect(sessions.activeFor(session.helper.id).map((s) => s.id)).toEqual([session.id]);
  });

  it('a closed tab counts as leaving after the closing time', async () => {
    sessions.closing(session.sharer.id, session.id);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(ended(session.helper.id)).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(ended(session.helper.id)).toEqual([{ type: 'session.ended', sessionId: session.id, reason: 'sharer_left' }]);
  });
});

describe('maximum session length (spec 4.10)', () => {
  it('ends a session on both sides once it has run for the tenant’s maximum, and records why', async () => {
    const { tenantId } = (await new Directory(db).findUser(session.helper.id)) ?? { tenantId: '' };
    await settings.set(tenantId, { ...(await settings.get(tenantId)), maxSessionMinutes: 2 }, session.helper.id);
    await vi.advanceTimersByTimeAsync(119_000);
    expect(ended(session.helper.id)).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    const expected = [{ type: 'session.ended', sessionId: session.id, reason: 'max_length' }];
    expect(ended(session.helper.id)).toEqual(expected);
    expect(ended(session.sharer.id)).toEqual(expected);
    const row = await db.selectFrom('sessions').selectAll().where('id', '=', session.id).executeTakeFirst();
    expect(row?.end_reason).toBe('max_length');
  });

  it('leaves sessions alone when there is no maximum', async () => {
    await vi.advanceTimersByTimeAsync(24 * 60 * 60_000);
    expect(ended(session.helper.id)).toEqual([]);
  });
});

describe('idle timeout (spec 4.10)', () => {
  const setIdle = async (idleTimeoutMinutes: number) => {
    const { tenantId } = (await new Directory(db).findUser(session.helper.id)) ?? { tenantId: '' };
    await settings.set(tenantId, { ...(await settings.get(tenantId)), idleTimeoutMinutes }, session.helper.id);
  };
  const expected = () => [{ type: 'session.ended', sessionId: session.id, reason: 'idle' }];

  it('ends a session on both sides once nobody has been active for the tenant’s idle timeout, and records why', async () => {
    await setIdle(2);
    await vi.advanceTimersByTimeAsync(119_000);
    expect(ended(session.helper.id)).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(ended(session.helper.id)).toEqual(expected());
    expect(ended(session.sharer.id)).toEqual(expected());
    const row = await db.selectFrom('sessions').selectAll().where('id', '=', session.id).executeTakeFirst();
    expect(row?.end_reason).toBe('idle');
    const audit = await db.selectFrom('audit_log').selectAll().where('type', '=', 'session.ended').execute();
    expect(audit.map((r) => JSON.parse(r.data).reason)).toEqual(['idle']);
  });

  it('activity reports, negotiation and signals reset the timer; reports closer than the minimum interval are ignored', async () => {
    await setIdle(2);
    await vi.advanceTimersByTimeAsync(100_000);
    sessions.activity(session.sharer.id, session.id); // idle from here: t = 100 s
    await vi.advanceTimersByTimeAsync(5_000);
    sessions.activity(session.helper.id, session.id); // too soon after the last report: ignored
    await vi.advanceTimersByTimeAsync(110_000); // t = 215 s
    expect(ended(session.helper.id)).toEqual([]);
    sessions.relaySignal(session.helper.id, session.id, 1, { type: 'renegotiate', renegotiate: true }); // t = 215 s
    await vi.advanceTimersByTimeAsync(110_000); // t = 325 s
    expect(ended(session.helper.id)).toEqual([]);
    await vi.advanceTimersByTimeAsync(11_000); // t = 336 s: 121 s since the signal
    expect(ended(session.helper.id)).toEqual(expected());
  });

  it('an activity report from someone outside the session is refused', () => {
    expect(() => sessions.activity('someone-else', session.id)).toThrow(/No such session/);
  });

  it('never ends a session for idleness when the timeout is 0', async () => {
    await setIdle(0);
    await vi.advanceTimersByTimeAsync(24 * 60 * 60_000);
    expect(ended(session.helper.id)).toEqual([]);
  });
});

describe('modes used (spec 5.4)', () => {
  it('are recorded when first granted, so a running session’s report has them and a restart keeps them', async () => {
    const modes = async () =>
      JSON.parse(
        (await db.selectFrom('sessions').select('modes_used').where('id', '=', session.id).executeTakeFirstOrThrow())
          .modes_used,
      );
    expect(await modes()).toEqual([]);
    await sessions.relayEvent(session.helper.id, session.id, { type: 'mode.request', mode: 'view' });
    expect(await modes()).toEqual([]);
    await sessions.relayEvent(session.sharer.id, session.id, { type: 'mode.allow', mode: 'view', surface: 'monitor' });
    expect(await modes()).toEqual(['view']);

    // After a restart the session comes back with what it had used; ending it keeps that.
    await restart();
    await sessions.leave(session.helper.id, session.id);
    expect(await modes()).toEqual(['view']);
  });

  it('where negotiation stood survives a restart: a request made before is answered after', async () => {
    await sessions.relayEvent(session.helper.id, session.id, { type: 'mode.request', mode: 'view' });
    await restart();
    await sessions.relayEvent(session.sharer.id, session.id, { type: 'mode.allow', mode: 'view', surface: 'monitor' });
    await expect(
      sessions.relayEvent(session.sharer.id, session.id, { type: 'mode.allow', mode: 'view', surface: 'monitor' }),
    ).rejects.toMatchObject({ code: 'no_pending_request' });
  });
});

describe('storage faults (the database locked by another connection)', () => {
  /** Takes the write lock the way another process would, until `release`. */
  const lockDatabase = () => {
    const other = new SQLite(join(dataDir, 'db.sqlite'));
    other.exec('BEGIN EXCLUSIVE');
    return () => {
      other.exec('ROLLBACK');
      other.close();
    };
  };
  const endRow = () =>
    db.selectFrom('sessions').select(['ended_at', 'end_reason']).where('id', '=', session.id).executeTakeFirstOrThrow();
  const endRecords = async () =>
    (await db.selectFrom('audit_log').select('data').where('type', '=', 'session.ended').execute()).map(
      (r) => JSON.parse(r.data) as { reason: string },
    );
  const failures = () => logged.filter((l) => l.message === 'writing the end of a session failed; trying again');

  it('a closed tab whose ending cannot be written yet ends the session once it can, as decided', async () => {
    const release = lockDatabase();
    sessions.closing(session.sharer.id, session.id);
    const decidedAt = Date.now() + 5_000;
    await vi.advanceTimersByTimeAsync(5_000 + 10_000);
    expect(failures().length).toBeGreaterThanOrEqual(2);
    expect(failures()[0]?.details).toMatchObject({ sessionId: session.id, reason: 'sharer_left', attempt: 0 });
    expect(ended(session.helper.id)).toEqual([]);
    expect(sessions.activeFor(session.helper.id)).toHaveLength(1);

    release();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ended(session.helper.id)).toEqual([{ type: 'session.ended', sessionId: session.id, reason: 'sharer_left' }]);
    expect(await endRow()).toEqual({ ended_at: decidedAt, end_reason: 'sharer_left' });
    expect(await endRecords()).toEqual([expect.objectContaining({ reason: 'sharer_left' })]);
    expect(sessions.activeFor(session.helper.id)).toEqual([]);
  });

  it('the length sweep queues one ending, not one a second, and it is written once the lock clears', async () => {
    const { tenantId } = (await new Directory(db).findUser(session.helper.id)) ?? { tenantId: '' };
    await settings.set(tenantId, { ...(await settings.get(tenantId)), maxSessionMinutes: 1 }, session.helper.id);
    const release = lockDatabase();
    await vi.advanceTimersByTimeAsync(60_000 + 30_000);
    expect(failures().length).toBeGreaterThanOrEqual(2);
    // Retries back off (1 s, 2 s, 4 s, …), they do not pile up with the sweep's every second.
    expect(failures().length).toBeLessThan(10);
    release();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ended(session.sharer.id)).toEqual([{ type: 'session.ended', sessionId: session.id, reason: 'max_length' }]);
    expect(await endRecords()).toEqual([expect.objectContaining({ reason: 'max_length' })]);
  });

  it('leaving while the database is locked answers after the busy retries, and the ending is written later; the first reason wins', async () => {
    const release = lockDatabase();
    const left = sessions.leave(session.helper.id, session.id);
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(left).resolves.toBeUndefined();
    // The sharer leaves too before it is written: still the helper's leaving that ended it.
    const sharerLeft = sessions.leave(session.sharer.id, session.id);
    await vi.advanceTimersByTimeAsync(2_000);
    await sharerLeft;
    release();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ended(session.sharer.id)).toEqual([{ type: 'session.ended', sessionId: session.id, reason: 'helper_left' }]);
    expect(await endRecords()).toEqual([expect.objectContaining({ reason: 'helper_left' })]);
  });
});

describe('racing ends', () => {
  it('two nodes holding the same session end it once: one session.ended record, one notice to each member', async () => {
    // A second node over the same database, holding the session after a restart, as every node does.
    const { sessions: other } = await startLiveSessions();
    await other.load();
    try {
      await Promise.all([
        sessions.leave(session.helper.id, session.id),
        other.leave(session.sharer.id, session.id),
        sessions.end(session.id, 'idle'),
      ]);
      const records = await db.selectFrom('audit_log').select('data').where('type', '=', 'session.ended').execute();
      expect(records).toHaveLength(1);
      // Both members share the one notifier here: each hears of the end once, from the node that ended it.
      expect(ended(session.helper.id)).toHaveLength(1);
      expect(ended(session.sharer.id)).toHaveLength(1);
      expect(sessions.activeFor(session.helper.id)).toEqual([]);
      expect(other.activeFor(session.helper.id)).toEqual([]);
      const row = await db
        .selectFrom('sessions')
        .select('end_reason')
        .where('id', '=', session.id)
        .executeTakeFirstOrThrow();
      expect(row.end_reason).toBe((JSON.parse(records[0]?.data ?? '{}') as { reason: string }).reason);
    } finally {
      other.stopTimers();
    }
  });
});
