/**
 * `npm run audit:verify` on a real log: the server writes it through the API, then the actual command checks it —
 * intact, and broken (naming the record) once a record is altered in the database file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_TENANT_SETTINGS } from '@remote-help/protocol/settings';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../fixtures/roster.ts';
import { devSignIn } from '../support/dev-sign-in.ts';
import { startTestServer } from '../support/test-server.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'remote-help-audit-verify-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function auditVerify(): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(
      'npx',
      ['tsx', 'server/audit-verify.ts'],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, timeout: 60_000 },
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
