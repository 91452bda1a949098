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
import SQLite from 'better-sqlite3';
import type { Selectable } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, recordHash } from '../../server/audit/audit-log.ts';
import { checkpointSchema, newestSeqOf } from '../../server/audit/checkpoints.ts';
import type { AuditTable } from '../../server/db/tables.ts';
import { ROSTER } from '../fixtures/roster.ts';
import { devSignIn } from '../support/dev-sign-in.ts';
import { startTestServer } from '../support/test-server.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'remote-help-audit-verify-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function auditVerify(dir = dataDir): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(
      'npx',
      ['tsx', 'server/audit-verify.ts'],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dir }, timeout: 60_000 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

describe('npm run audit:verify', () => {
  it('passes on the log the server wrote, and names the record altered in the database', async () => {
    const server = await startTestServer({ DATA_DIR: dataDir });
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

    const file = join(dataDir, 'remote-help.sqlite');
    const sqlite = new SQLite(file);
    const rows = sqlite.prepare('SELECT seq, type FROM audit_log ORDER BY seq').all() as {
      seq: number;
      type: string;
    }[];
    expect(rows.map((r) => r.type)).toEqual(
      expect.arrayContaining(['code.created', 'code.refused', 'code.redeemed', 'settings.changed']),
    );

    const intact = await auditVerify();
    expect(intact.output).toContain(`Audit log intact: ${rows.length} records.`);
    expect(intact.code).toBe(0);

    const target = rows.find((r) => r.type === 'code.redeemed') ?? rows[1];
    if (!target) throw new Error('no record to alter');
    sqlite.prepare('UPDATE audit_log SET data = ? WHERE seq = ?').run('{"altered":true}', target.seq);
    sqlite.close();

    const broken = await auditVerify();
    expect(broken.output).toContain(`Audit log BROKEN at record ${target.seq}:`);
    expect(broken.output).toContain('its content does not match its hash');
    expect(broken.code).toBe(1);
  });
});

describe('npm run audit:verify against the signed checkpoints', () => {
  const original = mkdtempSync(join(tmpdir(), 'remote-help-audit-anchored-'));
  const copies: string[] = [];
  afterAll(() => {
    for (const dir of [original, ...copies]) rmSync(dir, { recursive: true, force: true });
  });
  /** A copy of the server's data folder, to attack. */
  const copy = () => {
    const dir = mkdtempSync(join(tmpdir(), 'remote-help-audit-attack-'));
    cpSync(original, dir, { recursive: true });
    copies.push(dir);
    return { dir, db: new SQLite(join(dir, 'remote-help.sqlite')) };
  };

  it('writes checkpoints the command accepts, then catches each attack and names what is missing', async () => {
    const server = await startTestServer({ DATA_DIR: original });
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

    const intact = await auditVerify(original);
    expect(intact.output).toContain(`Checkpoints intact: ${checkpoints.length}, the latest`);
    expect(intact.output).toContain(`at record ${last.seq}.`);
    expect(intact.code).toBe(0);

    // 1. The newest 50 records deleted: the chain that is left is valid, the checkpoint shows it is short.
    const truncated = copy();
    const newest = (truncated.db.prepare('SELECT max(seq) AS seq FROM audit_log').get() as { seq: number }).seq;
    truncated.db.prepare('DELETE FROM audit_log WHERE seq > ?').run(newest - 50);
    truncated.db.close();
    const afterTruncation = await auditVerify(truncated.dir);
    expect(afterTruncation.output).toContain('Audit log intact');
    // The codes' tenant's chain lost its newest records (the chain of no tenant holds the checkpoints' records).
    expect(afterTruncation.output).toMatch(
      /Records of tenant \S+ chain after record \d+ up to record \d+ are missing from the audit log/,
    );
    expect(afterTruncation.code).toBe(1);

    // 2. A record edited mid-chain and every hash after it recomputed (without the key: as plain SHA-256).
    const edited = copy();
    edited.db.prepare('UPDATE audit_log SET data = ? WHERE seq = 10').run('{"forged":true}');
    const rows = edited.db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Selectable<AuditTable>[];
    const prev = new Map<string, string>();
    const rehash = edited.db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ?, key_id = NULL WHERE seq = ?');
    for (const r of rows) {
      // Each chain by the chain's formula without a key: plain SHA-256, which is all someone without the key can
      // compute.
      const before = prev.get(r.chain) ?? GENESIS_HASH;
      const hash = recordHash(before, r);
      rehash.run(before, hash, r.seq);
      prev.set(r.chain, hash);
    }
    edited.db.close();
    const afterEdit = await auditVerify(edited.dir);
    expect(afterEdit.output).toMatch(/Record \d+ is not the one checkpoint \d+ \(.*\) signed: it was replaced\./);
    expect(afterEdit.code).toBe(1);

    // 3. The newest checkpoint deleted from the file: the chain recorded it.
    const deleted = copy();
    const kept = checkpoints.slice(0, -1);
    writeFileSync(join(deleted.dir, 'audit-checkpoints.jsonl'), kept.length ? `${kept.join('\n')}\n` : '');
    const recorded = deleted.db
      .prepare("SELECT seq FROM audit_log WHERE type = 'audit.checkpoint' ORDER BY seq DESC LIMIT 1")
      .get() as { seq: number };
    deleted.db.close();
    const afterDeletion = await auditVerify(deleted.dir);
    // Checkpoints name the node that wrote them (NODE_NAME, by default the host's name).
    expect(afterDeletion.output).toMatch(
      new RegExp(
        `Checkpoint ${last.n}( of node \\S+)?, recorded in the audit log at record ${recorded.seq}, is missing from`,
      ),
    );
    expect(afterDeletion.code).toBe(1);
    // Four runs of the real command, each a fresh process.
  }, 90_000);
});
