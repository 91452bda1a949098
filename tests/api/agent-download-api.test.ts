/** The Windows agent's download, and what the app is told about it, from the real server. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientConfigSchema } from '@remote-help/protocol/app-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let dir: string;
let server: TestServer | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-download-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = async (s: TestServer) => clientConfigSchema.parse(await (await fetch(`${s.origin}/api/config`)).json());

describe('the Windows agent download', () => {
  it('is served from the built program when it is there, without sign-in', async () => {
    const exe = join(dir, 'remote-help-agent.exe');
    const bytes = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(5000, 7)]);
    writeFileSync(exe, bytes);
    server = await startTestServer({ AGENT_WINDOWS_EXE: exe });
    expect((await config(server)).agentDownloads).toEqual({ windows: '/api/agent/download/windows' });
    const res = await fetch(`${server.origin}/api/agent/download/windows`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.microsoft.portable-executable');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="remote-help-agent.exe"');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('is not offered when the program was not built', async () => {
    server = await startTestServer({ AGENT_WINDOWS_EXE: join(dir, 'missing.exe') });
    expect((await config(server)).agentDownloads).toEqual({ windows: null });
    const res = await fetch(`${server.origin}/api/agent/download/windows`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('points to the organisation’s own address when one is configured', async () => {
    const url = 'https://software.contoso.test/remote-help/remote-help-agent.exe';
    server = await startTestServer({ AGENT_WINDOWS_EXE: join(dir, 'missing.exe'), AGENT_WINDOWS_DOWNLOAD_URL: url });
    expect((await config(server)).agentDownloads).toEqual({ windows: url });
    const res = await fetch(`${server.origin}/api/agent/download/windows`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(url);
  });
});
