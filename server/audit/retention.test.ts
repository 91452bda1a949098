import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TENANT_SETTINGS } from '@remote-help/protocol/settings';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/database.ts';
import { SettingsStore } from '../policies/settings-store.ts';
import { AuditKeys } from './audit-keys.ts';
import { AuditLog, GENESIS_HASH, recordHash, verifyChain } from './audit-log.ts';
import { DAY_MS, pruneExpired } from './retention.ts';

const keys = AuditKeys.generate();

let dir: string;
let db: Database;
let clock: number;
let audit: AuditLog;
let settings: SettingsStore;
const now = () => clock;
const START = Date.UTC(2026, 0, 1);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'remote-help-retention-'));
  db = await openDatabase(join(dir, 'remote-help.sqlite'));
  clock = START;
  audit = await AuditLog.open(db, keys, now);
  settings = new SettingsStore(db, audit, now);
});
afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const prune = () => pruneExpired({ db, audit, settings, now });
const seqs = async () => (await db.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map((r) => r.seq);

/** Five records a day apart from START (seq 1–5), then five more 40 days later (seq 6–10). */
async function fill(tenantId = 't1'): Promise<void> {
  for (let i = 0; i < 5; i++) {
    clock = START + i * DAY_MS;
    await audit.append({ type: 'code.created', tenantId, actorId: 'a', data: { i } });
  }
  for (let i = 0; i < 5; i++) {
    clock = START + (40 + i) * DAY_MS;
    await audit.append({ type: 'code.created', tenantId, actorId: 'a', data: { i: i + 5 } });
  }
}

describe('audit retention', () => {
  it('prunes records older than the retention, keeps newer ones, and the chain still verifies', async () => {
    await fill();
    clock = START + 44 * DAY_MS + 1; // 30 days after: records 1–5 (days 0–4) have expired; 6–10 (days 40–44) have not
    expect(await prune()).toEqual({ records: 5, sessions: 0 });
    expect(await seqs()).toEqual([6, 7, 8, 9, 10, 11]);
    const pruned = await db.selectFrom('audit_log').selectAll().where('seq', '=', 11).executeTakeFirstOrThrow();
    expect(pruned.type).toBe('audit.pruned');
    expect(JSON.parse(pruned.data)).toMatchObject({ records: 5, sessions: 0, throughSeq: 5 });
    expect(await verifyChain(db, keys)).toEqual({ ok: true, records: 6, pruned: 5 });

    // Nothing more to prune: nothing written.
    expect(await prune()).toEqual({ records: 0, sessions: 0 });
    expect(await seqs()).toEqual([6, 7, 8, 9, 10, 11]);

    // A later pruning takes the rest, the earlier audit.pruned record included, and anchors the chain again; the
    // record of no tenant is in a chain of its own, pruned and anchored there.
    await audit.append({ type: 'late' });
    clock += 31 * DAY_MS;
    expect(await prune()).toEqual({ records: 7, sessions: 0 });
    expect(await verifyChain(db, keys)).toEqual({ ok: true, records: 2, pruned: 12 });
    // The log carries on after a restart.
    await (await AuditLog.open(db, keys, now)).append({ type: 'after.restart' });
    expect(await verifyChain(db, keys)).toEqual({ ok: true, records: 3, pruned: 12 });
  });

  it('detects a kept record altered after pruning, by its seq', async () => {
    await fill();
    clock = START + 44 * DAY_MS + 1;
    await prune();
    await db.updateTable('audit_log').set({ data: '{"i":99}' }).where('seq', '=', 8).execute();
    expect(await verifyChain(db, keys)).toEqual({ ok: false, records: 2, firstBroken: { seq: 8, reason: 'hash' } });
  });

  it('detects a record removed from the middle, and one removed from the start beyond the pruning', async () => {
    await fill();
    clock = START + 44 * DAY_MS + 1;
    await prune();
    await db.deleteFrom('audit_log').where('seq', '=', 8).execute();
    expect(await verifyChain(db, keys)).toMatchObject({ ok: false, firstBroken: { seq: 9, reason: 'link' } });
    await db.deleteFrom('audit_log').where('seq', '<=', 7).execute();
    expect(await verifyChain(db, keys)).toMatchObject({ ok: false, firstBroken: { seq: 9, reason: 'link' } });
  });

  it('detects the start of a never-pruned log removed', async () => {
    await fill();
    await db.deleteFrom('audit_log').where('seq', '<=', 2).execute();
    expect(await verifyChain(db, keys)).toEqual({ ok: false, records: 0, firstBroken: { seq: 3, reason: 'link' } });
  });

  it('detects a forged anchor', async () => {
    await fill();
    clock = START + 44 * DAY_MS + 1;
    await prune();
    await db.deleteFrom('audit_log').where('seq', '=', 6).execute();
    const row = await db.selectFrom('audit_log').selectAll().where('seq', '=', 7).executeTakeFirstOrThrow();
    await db
      .updateTable('audit_log')
      .set({ data: JSON.stringify({ records: 6, sessions: 0, throughSeq: 6, throughHash: row.prev_hash }) })
      .where('seq', '=', 11)
      .execute();
    expect(await verifyChain(db, keys)).toMatchObject({ ok: false, firstBroken: { seq: 11, reason: 'hash' } });
  });

  it('prunes each tenant’s chain at its own retention: a longer retention elsewhere holds nothing back', async () => {
    clock = START;
    await audit.append({ type: 'a', tenantId: 't1' });
    await settings.set('long', { ...DEFAULT_TENANT_SETTINGS, retentionDays: 365 }, 'admin'); // seq 2, tenant "long"
    clock = START + DAY_MS;
    await audit.append({ type: 'b', tenantId: 't1' });
    clock = START + 100 * DAY_MS;
    expect(await prune()).toEqual({ records: 2, sessions: 0 });
    // t1's chain is its anchor (seq 4) now; "long" keeps its record.
    expect(await seqs()).toEqual([2, 4]);
    expect(await verifyChain(db, keys)).toEqual({ ok: true, records: 2, pruned: 2 });
  });

  it('prunes the chain from before per-tenant chains only as far as every record has passed its tenant’s retention', async () => {
    // The chain '' of an upgraded server holds every tenant's older records, in one chain.
    await settings.set('long', { ...DEFAULT_TENANT_SETTINGS, retentionDays: 365 }, 'admin');
    await db.deleteFrom('audit_log').execute();
    await db.deleteFrom('audit_heads').execute();
    const legacy = [
      { tenant_id: 't1', at: START },
      { tenant_id: 'long', at: START + DAY_MS },
      { tenant_id: 't1', at: START + 2 * DAY_MS },
    ];
    let prev = GENESIS_HASH;
    for (const [i, r] of legacy.entries()) {
      const row = { at: r.at, tenant_id: r.tenant_id, type: 'old', actor_id: null, subject_id: null, data: '{}' };
      const hash = recordHash(prev, row, keys.current);
      await db
        .insertInto('audit_log')
        .values({ ...row, seq: 100 + i, prev_hash: prev, hash, key_id: keys.current.id })
        .execute();
      prev = hash;
    }
    await db.insertInto('audit_heads').values({ chain: '', seq: 102, hash: prev, count: 3 }).execute();
    clock = START + 100 * DAY_MS;
    expect(await prune()).toEqual({ records: 1, sessions: 0 });
    const left = await db.selectFrom('audit_log').select(['seq', 'chain', 'type']).orderBy('seq').execute();
    expect(left).toEqual([
      { seq: 101, chain: '', type: 'old' },
      { seq: 102, chain: '', type: 'old' },
      { seq: 103, chain: '', type: 'audit.pruned' },
    ]);
    expect(await verifyChain(db, keys)).toEqual({ ok: true, records: 3, pruned: 1 });
  });

  it('prunes ended sessions older than their tenant’s retention, and keeps open and recent ones', async () => {
    await settings.set('t2', { ...DEFAULT_TENANT_SETTINGS, retentionDays: 90 }, 'admin');
    const row = (id: string, tenant_id: string, endedDay: number | null) => ({
      id,
      tenant_id,
      helper_id: 'h',
      sharer_id: 's',
      permitted_modes: '["view"]',
      started_at: START,
      ended_at: endedDay === null ? null : START + endedDay * DAY_MS,
      end_reason: endedDay === null ? null : 'helper_left',
    });
    await db
      .insertInto('sessions')
      .values([row('old', 't1', 0), row('recent', 't1', 20), row('open', 't1', null), row('long', 't2', 0)])
      .execute();
    clock = START + 31 * DAY_MS;
    const result = await prune();
    expect(result.sessions).toBe(1);
    const left = (await db.selectFrom('sessions').select('id').orderBy('id').execute()).map((r) => r.id);
    expect(left).toEqual(['long', 'open', 'recent']);
    const last = await db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last.type).toBe('audit.pruned');
    expect(JSON.parse(last.data)).toMatchObject({ sessions: 1 });
    expect((await verifyChain(db, keys)).ok).toBe(true);
  });
});
