import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/database.ts';
import { PRUNE_INTERVAL_MS, RedeemLockout, SLOWDOWN_FIRST_MS, SLOWDOWN_MAX_MS } from './lockout.ts';

const MINUTE = 60_000;
const policy = { perUser: 5, perAddress: 100, windowMs: 10 * MINUTE, lockMs: 10 * MINUTE };
let db: Database;
let clock: number;
let lockout: RedeemLockout;

beforeEach(async () => {
  db = await openDatabase(':memory:');
  clock = 1_000_000;
  lockout = await RedeemLockout.open(db, policy, () => clock);
});
afterEach(() => db.destroy());

const fail = (user: string, address = '203.0.113.7') =>
  db.transaction().execute((trx) => lockout.recordFailure(trx, user, address));

describe('redeem lock-out', () => {
  it('locks the person who failed, not the others behind their address', async () => {
    for (let i = 0; i < 5; i++) await fail('mallory');
    expect(lockout.userLockedUntil('mallory')).toBe(clock + policy.lockMs);
    expect(lockout.userLockedUntil('adele')).toBeUndefined();
  });

  it('never locks an address: past its threshold it slows down, doubling per failure up to a maximum', async () => {
    // 100 failures by 100 different people of any tenant: nobody locked, no delay yet.
    for (let i = 0; i < 100; i++) await fail(`person-${i}`);
    expect(lockout.addressDelayMs('203.0.113.7')).toBe(SLOWDOWN_FIRST_MS);
    await fail('person-x');
    expect(lockout.addressDelayMs('203.0.113.7')).toBe(2 * SLOWDOWN_FIRST_MS);
    for (let i = 0; i < 20; i++) await fail(`person-y${i}`);
    expect(lockout.addressDelayMs('203.0.113.7')).toBe(SLOWDOWN_MAX_MS);
    expect(lockout.addressDelayMs('198.51.100.1')).toBe(0);
    expect(lockout.userLockedUntil('person-x')).toBeUndefined();
  });

  it('forgets an address’s failures once they leave the window', async () => {
    for (let i = 0; i < 120; i++) await fail(`p${i}`);
    expect(lockout.addressDelayMs('203.0.113.7')).toBeGreaterThan(0);
    clock += policy.windowMs + 1;
    expect(lockout.addressDelayMs('203.0.113.7')).toBe(0);
  });

  it('remembers failures across a restart', async () => {
    for (let i = 0; i < 5; i++) await fail('mallory');
    for (let i = 0; i < 100; i++) await fail(`p${i}`);
    const reopened = await RedeemLockout.open(db, policy, () => clock);
    expect(reopened.userLockedUntil('mallory')).toBeDefined();
    expect(reopened.addressDelayMs('203.0.113.7')).toBeGreaterThan(0);
  });

  it('forgets people and addresses whose failures are all past the horizon, so memory stays bounded', async () => {
    for (let i = 0; i < 500; i++) await fail(`sprayer-${i}`, `198.51.100.${i % 250}`);
    expect(lockout.remembered).toBe(500 + 250);
    // Mallory is locked out just before the others age out: she is kept, they are forgotten at the next failure.
    clock += policy.windowMs + policy.lockMs - 1000;
    for (let i = 0; i < 5; i++) await fail('mallory', '192.0.2.66');
    clock += 1000 + PRUNE_INTERVAL_MS;
    await fail('adele', '192.0.2.1');
    expect(lockout.remembered).toBe(4);
    expect(lockout.userLockedUntil('mallory')).toBeDefined();
  });
});
