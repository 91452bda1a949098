import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/database.ts';
import { AuditKeys } from './audit-keys.ts';
import { AuditLog, GENESIS_HASH, recordHash, verifyChain } from './audit-log.ts';
import { AuditCheckpoints, type Checkpoint, headsOf, readCheckpointFile, verifyCheckpoints } from './checkpoints.ts';

let db: Database;
let dir: string;
let file: string;
const keys = AuditKeys.generate();
const logged: Checkpoint[] = [];

beforeEach(async () => {
  db = await openDatabase(':memory:');
  dir = mkdtempSync(join(tmpdir(), 'remote-help-checkpoints-'));
  file = join(dir, 'audit-checkpoints.jsonl');
  logged.length = 0;
});
afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** A log of `records` events with a checkpoint after every `every` of them. */
async function history(records: number, every: number) {
  const audit = await AuditLog.open(db, keys);
  const checkpoints = await AuditCheckpoints.open({ db, audit, keys, file, log: (c) => logged.push(c) });
  for (let i = 1; i <= records; i++) {
    await audit.append({ type: 'code.created', actorId: `helper-${i}` });
    if (i % every === 0) await checkpoints.write();
  }
  return { audit, checkpoints };
}

const problems = async () => (await verifyCheckpoints(db, keys, file)).problems;
const dropLine = (n: number) => {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  writeFileSync(file, `${lines.filter((l) => (JSON.parse(l) as Checkpoint).n !== n).join('\n')}\n`);
};

describe('audit checkpoints', () => {
  it('are numbered, linked, signed, logged and recorded in the chain — and only when the chain grew', async () => {
    const { checkpoints } = await history(30, 10);
    expect(await checkpoints.write()).toBeUndefined();
    const { checkpoints: written } = readCheckpointFile(file);
    expect(written.map((c) => c.n)).toEqual([1, 2, 3]);
    expect(written[0]?.prev).toBe(GENESIS_HASH);
    expect(written[1]?.prev).toBe(written[0]?.sig);
    // Ten records, then checkpoint 1's own record: checkpoint 2 signs record 21, which is the 21st.
    expect(written.map((c) => headsOf(c).map((h) => [h.chain, h.seq, h.count]))).toEqual([
      [['', 10, 10]],
      [['', 21, 21]],
      [['', 32, 32]],
    ]);
    expect(logged).toEqual(written);
    expect(await verifyChain(db, keys)).toEqual({ ok: true, records: 33 });
    expect(await problems()).toEqual([]);
  });

  it('continue their numbering after a restart', async () => {
    await history(5, 5);
    const audit = await AuditLog.open(db, keys);
    const reopened = await AuditCheckpoints.open({ db, audit, keys, file, log: () => undefined });
    expect(await reopened.write()).toBeUndefined();
    await audit.append({ type: 'after.restart' });
    expect((await reopened.write())?.n).toBe(2);
    expect(await problems()).toEqual([]);
  });

  it('show the newest records removed, which the chain alone cannot', async () => {
    await history(100, 100);
    // Records 1–100, then checkpoint 1's own record (101); the newest 50 go.
    await db.deleteFrom('audit_log').where('seq', '>', 51).execute();
    expect((await verifyChain(db, keys)).ok).toBe(true);
    const [checkpoint] = readCheckpointFile(file).checkpoints;
    expect(await problems()).toEqual([
      `Records of the chain of no tenant after record 51 up to record 100 are missing from the audit log: checkpoint 1 (${checkpoint?.at}) signed them.`,
    ]);
  });

  it('show a record edited mid-chain even when every hash after it is recomputed without the key', async () => {
    await history(40, 10);
    await db.updateTable('audit_log').set({ data: '{"forged":true}' }).where('seq', '=', 15).execute();
    // Recompute the chain as its keyless format would (no key id, plain SHA-256): the chain is consistent again…
    const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    let prev = GENESIS_HASH;
    for (const r of rows) {
      const hash = recordHash(prev, r);
      await db.updateTable('audit_log').set({ prev_hash: prev, hash, key_id: null }).where('seq', '=', r.seq).execute();
      prev = hash;
    }
    expect((await verifyChain(db, keys)).ok).toBe(true);
    // …but no longer the chain the checkpoints signed.
    const [first] = readCheckpointFile(file).checkpoints;
    expect(await problems()).toContain(`Record 10 is not the one checkpoint 1 (${first?.at}) signed: it was replaced.`);
  });

  it('refuse a record edited mid-chain whose hashes were recomputed with a key that is not the server’s', async () => {
    await history(20, 10);
    await db.updateTable('audit_log').set({ data: '{"forged":true}' }).where('seq', '=', 5).execute();
    const forger = AuditKeys.generate();
    const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    let prev = GENESIS_HASH;
    for (const r of rows) {
      const key = { ...forger.current, id: r.key_id ?? '' };
      const hash = recordHash(prev, r, key);
      await db.updateTable('audit_log').set({ prev_hash: prev, hash }).where('seq', '=', r.seq).execute();
      prev = hash;
    }
    expect(await verifyChain(db, keys)).toEqual({ ok: false, records: 0, firstBroken: { seq: 1, reason: 'hash' } });
  });

  it('name a checkpoint removed from the file, in the middle or at the end', async () => {
    await history(30, 10);
    const recordOf = async (n: number) =>
      (await db.selectFrom('audit_log').select(['seq', 'data']).where('type', '=', 'audit.checkpoint').execute()).find(
        (r) => JSON.parse(r.data).n === n,
      )?.seq;
    dropLine(2);
    expect(await problems()).toEqual([
      `Checkpoint 2 is missing from ${file}.`,
      `Checkpoint 2, recorded in the audit log at record ${await recordOf(2)}, is missing from ${file}.`,
    ]);
    dropLine(3);
    expect(await problems()).toContain(
      `Checkpoint 3, recorded in the audit log at record ${await recordOf(3)}, is missing from ${file}.`,
    );
  });

  it('name a checkpoint whose content was changed, and one signed with an unknown key', async () => {
    await history(20, 10);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const first = JSON.parse(lines[0] ?? '') as Checkpoint;
    const changed = { ...first, heads: headsOf(first).map((h) => ({ ...h, seq: 5 })) };
    const foreign = { ...(JSON.parse(lines[1] ?? '') as Checkpoint), keyId: 'nope' };
    writeFileSync(file, `${JSON.stringify(changed)}\n${JSON.stringify(foreign)}\nnot a checkpoint\n`);
    expect(await problems()).toEqual(
      expect.arrayContaining([
        `Line 3 of ${file} is not a checkpoint.`,
        'Checkpoint 1 does not match its signature.',
        `Checkpoint 2 is signed with key nope, which is not in memory.`,
      ]),
    );
  });

  it('say when the whole file is missing', async () => {
    await history(10, 10);
    rmSync(file);
    expect(await problems()).toEqual([
      `The checkpoint file ${file} is missing: nothing shows that the newest records are all there.`,
    ]);
  });

  it('in a cluster each node keeps its own file, numbering and links, and no node answers another’s checkpoint', async () => {
    const audit = await AuditLog.open(db, keys);
    const fileOf = (node: string) => join(dir, `checkpoints-${node}.jsonl`);
    const open = (node: string) =>
      AuditCheckpoints.open({ db, audit, keys, file: fileOf(node), log: () => undefined, node });
    const [a, b] = [await open('a'), await open('b')];
    await audit.append({ type: 'one', tenantId: 't1' });
    expect((await a.write())?.n).toBe(1);
    // B has nothing more to sign than A's checkpoint covered; A has nothing after its own record.
    expect(await b.write()).toBeUndefined();
    expect(await a.write()).toBeUndefined();
    await audit.append({ type: 'two', tenantId: 't2' });
    expect(await b.write()).toMatchObject({ node: 'b', n: 1 });
    expect(await a.write()).toBeUndefined();
    await audit.append({ type: 'three', tenantId: 't1' });
    expect(await a.write()).toMatchObject({ node: 'a', n: 2 });
    expect((await verifyCheckpoints(db, keys, fileOf('a'), 'a')).problems).toEqual([]);
    expect((await verifyCheckpoints(db, keys, fileOf('b'), 'b')).problems).toEqual([]);
    // A's newest checkpoint removed from its file still shows: the chain recorded it under A's name.
    const lines = readFileSync(fileOf('a'), 'utf8').trimEnd().split('\n');
    writeFileSync(fileOf('a'), `${lines.slice(0, -1).join('\n')}\n`);
    expect((await verifyCheckpoints(db, keys, fileOf('a'), 'a')).problems).toEqual([
      expect.stringMatching(/^Checkpoint 2 of node a, recorded in the audit log at record \d+, is missing from /),
    ]);
  });
});
