/**
 * `npm run audit:verify` on a real log: the server writes it through the API, then the actual command checks it —
 * intact, and broken (naming the record) once a record is altered in the database file; and, against the signed
 * checkpoints, the attacks a bare hash chain passes: its newest records removed, a record edited with every hash after
 * it recomputed, and a checkpoint removed from the checkpoint file (issue 11, item 10).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_TENANT_SETTINGS } from '@remote-help/protocol/settings';
import type { Selectable } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, recordHash } from '../../server/audit/audit-log.ts';
import { checkpointSchema, newestSeqOf } from '../../server/audit/checkpoints.ts';
import type { AuditTable } from '../../server/db/tables.ts';
import { ROSTER } from '../fixtures/roster.ts';
import { devSignIn } from '../support/dev-sign-in.ts';
import { dropDatabase } from '../support/postgres.ts';
import { freshTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startTestServer } from '../support/test-server.ts';
import { copyTestDatabase, openTestSql, type StoredData } from '../support/test-sql.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'remote-help-audit-verify-'));
/** The servers' database (a SQLite file in the data folder, or PostgreSQL under api-postgres), kept after they stop. */
const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
  rmSync(dataDir, { recursive: true, force: true });
});
async function keptDatabase(): Promise<Record<string, string>> {
  const database = await freshTestDatabase();
  databases.push(database);
  return database.env;
}

function auditVerify(data: StoredData): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(
      'npx',
      ['tsx', 'server/audit-verify.ts'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DATA_DIR: data.dataDir,
          ...(data.databaseUrl ? { DATABASE_URL: data.databaseUrl } : {}),
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

describe('npm run audit:verify', () => {
  it('passes on the log the server wrote, and names the record altered in the database', async () => {
    const database = await keptDatabase();
    const stored: StoredData = { dataDir, databaseUrl: database.DATABASE_URL };
    const server = await startTestServer({ DATA_DIR: dataDir, ...database });
    try {
      const token = async (email: string) => `Bearer ${await devSignIn(server.origin, email)}`;
      const [alex, adele, isaiah] = await Promise.all(
        [ROSTER.alex.email, ROSTER.adele.email, ROSTER.isaiah.email].map(token),
      );
      const post = (path: string, who: string | undefined, body?: unknown, method = 'POST') =>
        fetch(`${server.origin}${path}`, {
          method,
          headers: { authorization: who ?? '', ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
      const created = await post('/api/codes', alex);
      expect(created.status).toBe(201);
      const { code } = (await created.json()) as { code: string };
      expect((await post('/api/codes/redeem', adele, { code: 'zzzzzzzz' })).status).toBe(404);
      expect((await post('/api/codes/redeem', adele, { code })).status).toBe(200);
      const settings = { ...DEFAULT_TENANT_SETTINGS, idleTimeoutMinutes: 15 };
      expect((await post('/api/settings', isaiah, settings, 'PUT')).status).toBe(200);
    } finally {
      await server.close();
    }

    const sql = await openTestSql(stored);
    const rows = (
      await sql.all<{ seq: number | string; type: string }>('SELECT seq, type FROM audit_log ORDER BY seq')
    ).map((r) => ({ seq: Number(r.seq), type: r.type }));
    expect(rows.map((r) => r.type)).toEqual(
      expect.arrayContaining(['code.created', 'code.refused', 'code.redeemed', 'settings.changed']),
    );

    const intact = await auditVerify(stored);
    expect(intact.output).toContain(`Audit log intact: ${rows.length} records.`);
    expect(intact.code).toBe(0);

    const target = rows.find((r) => r.type === 'code.redeemed') ?? rows[1];
    if (!target) throw new Error('no record to alter');
    await sql.run('UPDATE audit_log SET data = ? WHERE seq = ?', ['{"altered":true}', target.seq]);
    await sql.close();

    const broken = await auditVerify(stored);
    expect(broken.output).toContain(`Audit log BROKEN at record ${target.seq}:`);
    expect(broken.output).toContain('its content does not match its hash');
    expect(broken.code).toBe(1);
  }, 60_000);
});

describe('npm run audit:verify against the signed checkpoints', () => {
  const original = mkdtempSync(join(tmpdir(), 'remote-help-audit-anchored-'));
  let originalData: StoredData = { dataDir: original };
  const copies: StoredData[] = [];
  afterAll(async () => {
    for (const { dataDir: dir, databaseUrl } of copies) {
      rmSync(dir, { recursive: true, force: true });
      if (databaseUrl) await dropDatabase(databaseUrl);
    }
    rmSync(original, { recursive: true, force: true });
  });
  /** A copy of the server's data folder (and of its PostgreSQL database, if it had one), to attack. */
  const copy = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'remote-help-audit-attack-'));
    cpSync(original, dir, { recursive: true });
    const data: StoredData = {
      dataDir: dir,
      databaseUrl: originalData.databaseUrl ? await copyTestDatabase(originalData.databaseUrl) : undefined,
    };
    copies.push(data);
    return { ...data, db: await openTestSql(data) };
  };

  it('writes checkpoints the command accepts, then catches each attack and names what is missing', async () => {
    const database = await keptDatabase();
    originalData = { dataDir: original, databaseUrl: database.DATABASE_URL };
    const server = await startTestServer({ DATA_DIR: original, ...database });
    try {
      const alex = `Bearer ${await devSignIn(server.origin, ROSTER.alex.email)}`;
      for (let i = 0; i < 35; i++) {
        const res = await fetch(`${server.origin}/api/codes`, { method: 'POST', headers: { authorization: alex } });
        const { code } = (await res.json()) as { code: string };
        await fetch(`${server.origin}/api/codes/${code}`, { method: 'DELETE', headers: { authorization: alex } });
      }
    } finally {
      // Closing writes the last checkpoint.
      await server.close();
    }
    const checkpointFile = join(original, 'audit-checkpoints.jsonl');
    const checkpoints = readFileSync(checkpointFile, 'utf8').trimEnd().split('\n');
    const lastCheckpoint = checkpointSchema.parse(JSON.parse(checkpoints.at(-1) ?? '{}'));
    const last = { n: lastCheckpoint.n, seq: newestSeqOf(lastCheckpoint) };
    expect(last.seq).toBeGreaterThanOrEqual(70);

    const intact = await auditVerify(originalData);
    expect(intact.output).toContain(`Checkpoints intact: ${checkpoints.length}, the latest`);
    expect(intact.output).toContain(`at record ${last.seq}.`);
    expect(intact.code).toBe(0);

    // 1. The newest 50 records deleted: the chain that is left is valid, the checkpoint shows it is short.
    const truncated = await copy();
    const [top] = await truncated.db.all<{ seq: number | string }>('SELECT max(seq) AS seq FROM audit_log');
    const newest = Number(top?.seq);
    await truncated.db.run('DELETE FROM audit_log WHERE seq > ?', [newest - 50]);
    await truncated.db.close();
    const afterTruncation = await auditVerify(truncated);
    expect(afterTruncation.output).toContain('Audit log intact');
    // The codes' tenant's chain lost its newest records (the chain of no tenant holds the checkpoints' records).
    expect(afterTruncation.output).toMatch(
      /Records of tenant \S+ chain after record \d+ up to record \d+ are missing from the audit log/,
    );
    expect(afterTruncation.code).toBe(1);

    // 2. A record edited mid-chain and every hash after it recomputed (without the key: as plain SHA-256).
    const edited = await copy();
    await edited.db.run('UPDATE audit_log SET data = ? WHERE seq = 10', ['{"forged":true}']);
    const rows = (await edited.db.all<Selectable<AuditTable>>('SELECT * FROM audit_log ORDER BY seq')).map((r) => ({
      ...r,
      seq: Number(r.seq),
      at: Number(r.at),
    }));
    const prev = new Map<string, string>();
    const rehash = (...params: unknown[]) =>
      edited.db.run('UPDATE audit_log SET prev_hash = ?, hash = ?, key_id = NULL WHERE seq = ?', params);
    for (const r of rows) {
      // Each chain by the chain's formula without a key: plain SHA-256, which is all someone without the key can
      // compute.
      const before = prev.get(r.chain) ?? GENESIS_HASH;
      const hash = recordHash(before, r);
      await rehash(before, hash, r.seq);
      prev.set(r.chain, hash);
    }
    await edited.db.close();
    const afterEdit = await auditVerify(edited);
    expect(afterEdit.output).toMatch(/Record \d+ is not the one checkpoint \d+ \(.*\) signed: it was replaced\./);
    expect(afterEdit.code).toBe(1);

    // 3. The newest checkpoint deleted from the file: the chain recorded it.
    const deleted = await copy();
    const kept = checkpoints.slice(0, -1);
    writeFileSync(join(deleted.dataDir, 'audit-checkpoints.jsonl'), kept.length ? `${kept.join('\n')}\n` : '');
    const [recorded] = await deleted.db.all<{ seq: number | string }>(
      "SELECT seq FROM audit_log WHERE type = 'audit.checkpoint' ORDER BY seq DESC LIMIT 1",
    );
    await deleted.db.close();
    const afterDeletion = await auditVerify(deleted);
    // Checkpoints name the node that wrote them (NODE_NAME, by default the host's name).
    expect(afterDeletion.output).toMatch(
      new RegExp(
        `Checkpoint ${last.n}( of node \\S+)?, recorded in the audit log at record ${Number(recorded?.seq)}, is missing from`,
      ),
    );
    expect(afterDeletion.code).toBe(1);
    // Four runs of the real command, each a fresh process.
  }, 90_000);
});
