/**
 * The server serves the protocol's HTTP table, the whole table and nothing beside it: every route is registered from
 * it (server/api/endpoint.ts), so the app, which calls through the same table, cannot ask for a path the server lacks.
 */
import { ALL_ENDPOINTS } from '@remote-help/protocol/http-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceFiles } from '../architecture/source-files.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('the HTTP endpoint table', () => {
  it('is what the server serves', () => {
    const missing = ALL_ENDPOINTS.filter((e) => !server.app.fastify.hasRoute({ method: e.method, url: e.path }));
    expect(missing.map((e) => `${e.method} ${e.path}`)).toEqual([]);
  });

  it('is the only way the server registers an HTTP route', () => {
    // Fastify's shorthands (app.get('/path', …)) would bypass the table; only the socket's /ws upgrade is not in it.
    const shorthand = /\b(?:app|fastify)\.(?:get|post|put|patch|delete|route)\(\s*'([^']*)'/g;
    const registered = sourceFiles('server')
      .filter((f) => !f.path.endsWith('.test.ts'))
      .flatMap((f) => [...f.text.matchAll(shorthand)].map((m) => `${f.path}: ${m[1]}`));
    expect(registered).toEqual(['server/app.ts: /ws']);
  });
});
