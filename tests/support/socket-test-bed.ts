/**
 * A real server for socket tests, with the named people of the seeded roster signed in, their sockets opened on
 * request and all closed (with the server) after the file's tests. Registers the file's beforeAll and afterAll.
 */
import { afterAll, beforeAll } from 'vitest';
import type { ROSTER } from '../fixtures/roster.ts';
import { makeApiCaller } from './api-caller.ts';
import { signInPeople } from './dev-sign-in.ts';
import { openAuthenticatedSocket, type TestSocket } from './socket-client.ts';
import { startTestServer, type TestServer } from './test-server.ts';

export function socketTestBed<N extends keyof typeof ROSTER>(people: readonly N[], env: Record<string, string> = {}) {
  let server: TestServer | undefined;
  const tokens: Record<string, string> = {};
  const open: TestSocket[] = [];
  const running = (): TestServer => {
    if (!server) throw new Error('the test server is not running (used outside a test?)');
    return server;
  };

  beforeAll(async () => {
    server = await startTestServer(env);
    Object.assign(tokens, await signInPeople(server.origin, people));
  });
  afterAll(async () => {
    for (const s of open) s.ws.close();
    await server?.close();
  });

  return {
    server: running,
    tokens,
    ...makeApiCaller(() => running().origin, tokens),
    /** The audit records naming a session, in order. */
    async auditOf(sessionId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
      const rows = await running()
        .app.db.selectFrom('audit_log')
        .select(['type', 'data'])
        .where('data', 'like', `%${sessionId}%`)
        .orderBy('seq')
        .execute();
      return rows.map((r) => ({ type: r.type, data: JSON.parse(r.data) as Record<string, unknown> }));
    },
    /** Opens and authenticates a socket as one of the people; it is closed after the file's tests. */
    async connect(who: N): Promise<TestSocket> {
      const socket = await openAuthenticatedSocket(running().origin, tokens[who] ?? '');
      open.push(socket);
      return socket;
    },
  };
}
