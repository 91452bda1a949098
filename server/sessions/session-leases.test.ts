/**
 * One owner node per live session: two nodes over one database, each with its own live sessions, as in cluster mode.
 * The owner dies (stops renewing) or drains (hands over); the other node takes the session over and its members'
 * grace deadline fires once, at the time it was set — not a grace later.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '@remote-help/protocol/domain';
import type { ServerSocketMessage } from '@remote-help/protocol/socket';
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
const LEASE_MS = 3_000;
const GRACE_MS = 20_000;

let dataDir: string;
let db: Database;
let session: Session;
let tenantId: string;
const nodes: LiveSessions[] = [];
const notices: { node: string; message: ServerSocketMessage }[] = [];
const log = { error: () => undefined, warn: () => undefined, info: () => undefined };

/** A node: its own live sessions and sockets over the shared database. Nobody is connected to it. */
async function node(name: string): Promise<LiveSessions> {
  const audit = await AuditLog.open(db, keys);
  const connections = new Connections();
  const notifier = {
    toPerson: (_userId: string, message: ServerSocketMessage) => notices.push({ node: name, message }),
    toDevice: () => undefined,
  };
  const sessions = new LiveSessions({
    db,
    audit,
    settings: new SettingsStore(db, audit),
    notifier,
    presence: connections,
    directory: new Directory(db),
    graceMs: GRACE_MS,
    closingMs: 5_000,
    log,
    lease: { node: name, leaseMs: LEASE_MS },
  });
  nodes.push(sessions);
  return sessions;
}

beforeEach(async () => {
  vi.useFakeTimers();
  dataDir = mkdtempSync(join(tmpdir(), 'session-leases-'));
  db = await openDatabase(join(dataDir, 'db.sqlite'));
  const directory = new Directory(db);
  await directory.seed();
  const helper = await directory.findUser(SEED_USERS[0]?.id ?? '');
  const sharer = await directory.findUser(SEED_USERS[4]?.id ?? '');
  if (!helper || !sharer) throw new Error('seed users missing');
  tenantId = helper.tenantId;
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
      tenant_id: tenantId,
      helper_id: helper.id,
      sharer_id: sharer.id,
      permitted_modes: '["view"]',
      started_at: Date.now(),
      ended_at: null,
      end_reason: null,
    })
    .execute();
});
afterEach(async () => {
  for (const n of nodes.splice(0)) n.stopTimers();
  notices.length = 0;
  vi.useRealTimers();
  await db.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

const row = () =>
  db
    .selectFrom('sessions')
    .select(['owner_node', 'owner_epoch', 'ended_at', 'end_reason', 'grace_deadlines'])
    .where('id', '=', session.id)
    .executeTakeFirstOrThrow();
const endRecords = async () =>
  (await db.selectFrom('audit_log').select('data').where('type', '=', 'session.ended').execute()).map(
    (r) => JSON.parse(r.data) as { sessionId: string; reason: string },
  );
const endNotices = () => notices.filter((n) => n.message.type === 'session.ended');

describe('session leases', () => {
  it('a node that stops renewing loses the session to another, whose grace deadline fires once, on time', async () => {
    const a = await node('a');
    const b = await node('b');
    const openedAt = Date.now();
    a.open(session, tenantId, { code: 'ABCD1234' });
    await vi.advanceTimersByTimeAsync(0);
    expect(await row()).toMatchObject({ owner_node: 'a', owner_epoch: 1 });
    // Both members are away: their grace runs from now, and its deadline is stored with the session.
    expect(JSON.parse((await row()).grace_deadlines ?? '{}')).toEqual({
      [session.helper.id]: openedAt + GRACE_MS,
      [session.sharer.id]: openedAt + GRACE_MS,
    });
    // A keeps its lease while it lives: B takes nothing.
    await vi.advanceTimersByTimeAsync(3 * LEASE_MS);
    expect(await row()).toMatchObject({ owner_node: 'a', owner_epoch: 1 });
    expect(b.liveCount()).toBe(0);

    // A dies: no more renewals, no more timers.
    a.stopTimers();
    await vi.advanceTimersByTimeAsync(LEASE_MS + LEASE_MS / 3);
    expect(await row()).toMatchObject({ owner_node: 'b', owner_epoch: 2 });
    expect(b.liveCount()).toBe(1);

    // The grace ends at the deadline A set, not a grace period after B took over.
    await vi.advanceTimersByTimeAsync(openedAt + GRACE_MS - 1 - Date.now());
    expect(await endRecords()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await row()).toMatchObject({ ended_at: openedAt + GRACE_MS, end_reason: 'connection_lost' });
    expect(await endRecords()).toEqual([expect.objectContaining({ sessionId: session.id, reason: 'connection_lost' })]);
    expect(endNotices().map((n) => n.node)).toEqual(['b', 'b']);
    expect(b.liveCount()).toBe(0);
  });

  it('a draining node hands its sessions over at once, and the deadline still fires once', async () => {
    const a = await node('a');
    const b = await node('b');
    const openedAt = Date.now();
    a.open(session, tenantId, { code: 'ABCD1234' });
    await vi.advanceTimersByTimeAsync(LEASE_MS);
    await a.handOver();
    expect(a.liveCount()).toBe(0);
    // B's next round, well before A's lease would have run out.
    await vi.advanceTimersByTimeAsync(LEASE_MS / 3);
    expect(await row()).toMatchObject({ owner_node: 'b', owner_epoch: 2 });
    expect(b.liveCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(GRACE_MS);
    expect(await row()).toMatchObject({ ended_at: openedAt + GRACE_MS, end_reason: 'connection_lost' });
    expect(await endRecords()).toHaveLength(1);
    expect(endNotices()).toHaveLength(2);
  });

  it('a node restarting under its name takes its sessions back at once; another node’s live lease is left alone', async () => {
    const a = await node('a');
    a.open(session, tenantId, { code: 'ABCD1234' });
    await vi.advanceTimersByTimeAsync(0);
    const b = await node('b');
    await b.load();
    expect(b.liveCount()).toBe(0);
    a.stopTimers();
    const again = await node('a');
    await again.load();
    expect(again.liveCount()).toBe(1);
    expect(await row()).toMatchObject({ owner_node: 'a', owner_epoch: 2 });
  });
});
