/** The built app as the server hands it out: its files, but never its source maps (issue 11). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const appDir = mkdtempSync(join(tmpdir(), 'remote-help-static-'));
let server: TestServer;
beforeAll(async () => {
  mkdirSync(join(appDir, 'assets'));
  writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>Remote Help</title>');
  writeFileSync(join(appDir, 'assets', 'index-abc.js'), 'console.log(1);');
  writeFileSync(join(appDir, 'assets', 'index-abc.js.map'), '{"version":3,"sources":["src/secret.ts"]}');
  server = await startTestServer({}, { staticDir: appDir });
});
afterAll(async () => {
  await server.close();
  rmSync(appDir, { recursive: true, force: true });
});

describe('static files', () => {
  it('serves the app’s scripts but not their source maps', async () => {
    expect((await fetch(`${server.origin}/assets/index-abc.js`)).status).toBe(200);
    const map = await fetch(`${server.origin}/assets/index-abc.js.map`);
    expect(map.status).toBe(404);
    expect(await map.text()).not.toContain('secret.ts');
    // Asked for as a page, it is still not the map.
    const asPage = await fetch(`${server.origin}/assets/index-abc.js.map`, { headers: { accept: 'text/html' } });
    expect(await asPage.text()).not.toContain('secret.ts');
  });
});
