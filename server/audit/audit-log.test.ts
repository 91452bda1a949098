import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/database.ts';
import { AuditLog, verifyChain } from './audit-log.ts';

let db: Database;
beforeEach(async () => {
  db = await openDatabase(':memory:');
});
afterEach(() => db.destroy());

describe('audit log', () => {
  it('chains records and verifies them', async () => {
    const log = await AuditLog.open(db, () => 1000);
    await log.append({ type: 'code.created', actorId: 'a' });
    await log.append({ type: 'code.redeemed', actorId: 'b' }, { type: 'session.started', actorId: 'a' });
    expect(await verifyChain(db)).toEqual({ ok: true, records: 3 });
  });

  it('keeps the chain whole when a transaction rolls back', async () => {
    const log = await AuditLog.open(db);
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
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it('continues the chain after a restart', async () => {
    await (await AuditLog.open(db)).append({ type: 'before' });
    await (await AuditLog.open(db)).append({ type: 'after' });
    expect(await verifyChain(db)).toEqual({ ok: true, records: 2 });
  });

  it('names the first altered record', async () => {
    const log = await AuditLog.open(db);
    for (const type of ['a', 'b', 'c', 'd']) await log.append({ type });
    await db.updateTable('audit_log').set({ data: '{"forged":true}' }).where('seq', '=', 3).execute();
    expect(await verifyChain(db)).toEqual({ ok: false, records: 2, firstBroken: { seq: 3, reason: 'hash' } });
  });

  it('names the record after a removed one', async () => {
    const log = await AuditLog.open(db);
    for (const type of ['a', 'b', 'c']) await log.append({ type });
    await db.deleteFrom('audit_log').where('seq', '=', 2).execute();
    expect(await verifyChain(db)).toMatchObject({ ok: false, firstBroken: { seq: 3, reason: 'link' } });
  });
});
