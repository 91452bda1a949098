import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/database.ts';
import { AuditKeys, loadAuditKeys, loadOrCreateAuditKeys, rotateAuditKey } from './audit-keys.ts';
import { AuditLog, GENESIS_HASH, recordHash, verifyChain } from './audit-log.ts';

const keys = AuditKeys.generate();

let db: Database;
beforeEach(async () => {
  db = await openDatabase(':memory:');
});
afterEach(() => db.destroy());

describe('audit log', () => {
  it('chains records and verifies them', async () => {
    const log = await AuditLog.open(db, keys, () => 1000);
    await log.append({ type: 'code.created', actorId: 'a' });
    await log.append({ type: 'code.redeemed', actorId: 'b' }, { type: 'session.started', actorId: 'a' });
    expect(await verifyChain(db, keys)).toEqual({ ok: true, records: 3 });
  });

  it('keeps the chain whole when a transaction rolls back', async () => {
    const log = await AuditLog.open(db, keys);
    await log.append({ type: 'one' });
    await expect(
      log.transaction(async (_trx, record) => {
        await record({ type: 'lost' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await log.append({ type: 'two' });
    const types = (await db.selectFrom('audit_log').select('type').orderBy('seq').execute()).map((r) => r.type);
    expect(types).toEqual(['one', 'two']);
    expect((await verifyChain(db, keys)).ok).toBe(true);
  });

  it('continues the chain after a restart', async () => {
    await (await AuditLog.open(db, keys)).append({ type: 'before' });
    await (await AuditLog.open(db, keys)).append({ type: 'after' });
    expect(await verifyChain(db, keys)).toEqual({ ok: true, records: 2 });
  });

  it('names the first altered record', async () => {
    const log = await AuditLog.open(db, keys);
    for (const type of ['a', 'b', 'c', 'd']) await log.append({ type });
    await db.updateTable('audit_log').set({ data: '{"forged":true}' }).where('seq', '=', 3).execute();
    expect(await verifyChain(db, keys)).toEqual({ ok: false, records: 2, firstBroken: { seq: 3, reason: 'hash' } });
  });

  it('names the record after a removed one', async () => {
    const log = await AuditLog.open(db, keys);
    for (const type of ['a', 'b', 'c']) await log.append({ type });
    await db.deleteFrom('audit_log').where('seq', '=', 2).execute();
    expect(await verifyChain(db, keys)).toMatchObject({ ok: false, firstBroken: { seq: 3, reason: 'link' } });
  });
});

describe('keyed audit chain', () => {
  it('refuses a chain recomputed without the key: plain SHA-256 hashes under a key id do not verify', async () => {
    const log = await AuditLog.open(db, keys);
    for (const type of ['a', 'b']) await log.append({ type });
    const other = AuditKeys.generate();
    expect(await verifyChain(db, other)).toMatchObject({ ok: false, firstBroken: { seq: 1, reason: 'key' } });
  });

  it('verifies across a key rotation with every key kept, and names a key that was lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'remote-help-audit-keys-'));
    try {
      const first = loadOrCreateAuditKeys(dir);
      await (await AuditLog.open(db, first)).append({ type: 'before.rotation' });
      const rotated = rotateAuditKey(dir);
      const both = loadAuditKeys(dir);
      expect(both.current.id).toBe(rotated);
      await (await AuditLog.open(db, both)).append({ type: 'after.rotation' });
      const ids = (await db.selectFrom('audit_log').select('key_id').orderBy('seq').execute()).map((r) => r.key_id);
      expect(ids).toEqual([first.current.id, rotated]);
      expect(await verifyChain(db, both)).toEqual({ ok: true, records: 2 });
      expect(await verifyChain(db, new AuditKeys([both.current]))).toEqual({
        ok: false,
        records: 0,
        firstBroken: { seq: 1, reason: 'key', keyId: first.current.id },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts records from before keying only as the chain’s oldest part', async () => {
    // Written by an older server: no key id, plain SHA-256.
    let prev = GENESIS_HASH;
    for (const [seq, type] of [
      [1, 'legacy.one'],
      [2, 'legacy.two'],
    ] as const) {
      const row = { at: seq, tenant_id: null, type, actor_id: null, subject_id: null, data: '{}' };
      const hash = recordHash(prev, row);
      await db
        .insertInto('audit_log')
        .values({ ...row, prev_hash: prev, hash, key_id: null })
        .execute();
      prev = hash;
    }
    // As migration 0012 found them: one chain, now the chain '', whose head it made.
    await db.insertInto('audit_heads').values({ chain: '', seq: 2, hash: prev, count: 2 }).execute();
    await (await AuditLog.open(db, keys)).append({ type: 'keyed' });
    expect(await verifyChain(db, keys)).toEqual({ ok: true, records: 3 });
    // An unkeyed record after a keyed one is a forgery.
    const row = { at: 4, tenant_id: null, type: 'forged', actor_id: null, subject_id: null, data: '{}' };
    const last = await db
      .selectFrom('audit_log')
      .select('hash')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('audit_log')
      .values({ ...row, prev_hash: last.hash, hash: recordHash(last.hash, row), key_id: null })
      .execute();
    expect(await verifyChain(db, keys)).toMatchObject({ ok: false, firstBroken: { seq: 4, reason: 'unkeyed' } });
  });
});

describe('one chain per tenant', () => {
  it('links each tenant’s records to its own previous record, and its head row follows', async () => {
    const log = await AuditLog.open(db, keys);
    await log.append({ type: 'a1', tenantId: 'a' }, { type: 'b1', tenantId: 'b' });
    await log.append({ type: 'a2', tenantId: 'a' }, { type: 'none' });
    const rows = await db
      .selectFrom('audit_log')
      .select(['seq', 'chain', 'prev_hash', 'hash'])
      .orderBy('seq')
      .execute();
    // A transaction appends to its chains in the order of their names ('' first), each chain's records in order.
    expect(rows.map((r) => r.chain)).toEqual(['a', 'b', '', 'a']);
    expect(rows[1]?.prev_hash).toBe(GENESIS_HASH);
    expect(rows[2]?.prev_hash).toBe(GENESIS_HASH);
    expect(rows[3]?.prev_hash).toBe(rows[0]?.hash);
    const heads = await db.selectFrom('audit_heads').selectAll().orderBy('chain').execute();
    expect(heads).toEqual([
      { chain: '', seq: 3, hash: rows[2]?.hash, count: 1 },
      { chain: 'a', seq: 4, hash: rows[3]?.hash, count: 2 },
      { chain: 'b', seq: 2, hash: rows[1]?.hash, count: 1 },
    ]);
    expect(await verifyChain(db, keys)).toEqual({ ok: true, records: 4 });
  });

  it('names a record removed from one tenant’s chain, the others still holding', async () => {
    const log = await AuditLog.open(db, keys);
    for (const i of [1, 2, 3]) await log.append({ type: `a${i}`, tenantId: 'a' }, { type: `b${i}`, tenantId: 'b' });
    await db.deleteFrom('audit_log').where('seq', '=', 3).execute(); // a2
    expect(await verifyChain(db, keys)).toEqual({ ok: false, records: 4, firstBroken: { seq: 5, reason: 'link' } });
  });

  it('rolls a head back with its transaction', async () => {
    const log = await AuditLog.open(db, keys);
    await log.append({ type: 'one', tenantId: 'a' });
    await expect(
      log.transaction(async (_trx, record) => {
        await record({ type: 'lost', tenantId: 'a' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await log.append({ type: 'two', tenantId: 'a' });
    expect(await verifyChain(db, keys)).toEqual({ ok: true, records: 2 });
  });
});
