import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/database.ts';
import { Refusal } from '../domain/refusal.ts';
import { DatabaseLockout } from './database-lockout.ts';
import { SLOWDOWN_FIRST_MS } from './lockout.ts';

const MINUTE = 60_000;
const policy = { perUser: 5, perAddress: 3, windowMs: 10 * MINUTE, lockMs: 10 * MINUTE };
let db: Database;
let clock: number;
/** Three nodes over one database. */
let nodes: DatabaseLockout[];

beforeEach(async () => {
  db = await openDatabase(':memory:');
  clock = 1_000_000;
  nodes = [0, 1, 2].map(() => new DatabaseLockout(db, policy, () => clock));
});
afterEach(() => db.destroy());

const fail = (node: number, user: string, address = '203.0.113.7') =>
  db.transaction().execute((trx) => (nodes[node] as DatabaseLockout).recordFailure(trx, user, address));

describe('the lock-out read from the shared database', () => {
  it('counts failures made through any node: five spread over three lock the person out on all of them', async () => {
    for (const node of [0, 1, 2, 0]) await fail(node, 'mallory');
    for (const n of nodes) expect(await n.userLockedUntil('mallory')).toBeUndefined();
    await fail(1, 'mallory');
    for (const n of nodes) expect(await n.userLockedUntil('mallory')).toBe(clock + policy.lockMs);
    expect(await nodes[2]?.userLockedUntil('adele')).toBeUndefined();
    clock += policy.lockMs;
    expect(await nodes[0]?.userLockedUntil('mallory')).toBeUndefined();
  });

  it('slows an address down by its failures through every node, and only inside the window', async () => {
    for (const node of [0, 1, 2]) await fail(node, `person-${node}`);
    expect(await nodes[0]?.addressDelayMs('203.0.113.7')).toBe(SLOWDOWN_FIRST_MS);
    await fail(2, 'person-3');
    expect(await nodes[1]?.addressDelayMs('203.0.113.7')).toBe(2 * SLOWDOWN_FIRST_MS);
    expect(await nodes[1]?.addressDelayMs('198.51.100.1')).toBe(0);
    clock += policy.windowMs;
    expect(await nodes[0]?.addressDelayMs('203.0.113.7')).toBe(0);
  });

  it('refuses with service_unavailable when the database cannot be read, rather than skip the lock-out', async () => {
    await db.destroy();
    const refused = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => (e instanceof Refusal ? e.code : String(e)),
      );
    expect(await refused(nodes[0]?.userLockedUntil('mallory') ?? Promise.resolve())).toBe('service_unavailable');
    expect(await refused(nodes[0]?.addressDelayMs('203.0.113.7') ?? Promise.resolve())).toBe('service_unavailable');
    db = await openDatabase(':memory:');
  });
});
