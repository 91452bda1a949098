/**
 * A socket message the server fails to handle (its audit record cannot be written: another process holds the SQLite
 * file's write lock past the server's retries) is answered `internal`, logged with the socket's request id, and the
 * socket lives on. SQLite-only: it locks the SQLite file itself.
 */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../fixtures/roster.ts';
import { makeApiCaller } from '../support/api-caller.ts';
import { devSignIn } from '../support/dev-sign-in.ts';
import { openAuthenticatedSocket } from '../support/socket-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

describe('a socket message the server fails to handle', () => {
  const lines: string[] = [];
  let server: TestServer;
  const tokens: Record<string, string> = {};
  const { pair } = makeApiCaller(() => server.origin, tokens);

  beforeAll(async () => {
    server = await startTestServer({ LOG_LEVEL: 'info' }, { logStream: { write: (line) => lines.push(line) } });
    tokens.alex = await devSignIn(server.origin, ROSTER.alex.email);
    tokens.adele = await devSignIn(server.origin, ROSTER.adele.email);
  });
  afterAll(() => server.close());

  it('is answered `internal` and logged with the socket’s request id, and the socket lives on', async () => {
    const alex = await openAuthenticatedSocket(server.origin, tokens.alex ?? '');
    const sessionId = await pair('alex', 'adele');
    // Another process's lock, held past the server's retries: the event's audit record cannot be written.
    const other = new SQLite(join(server.dataDir, 'remote-help.sqlite'));
    other.exec('BEGIN EXCLUSIVE');
    try {
      alex.sendRaw(JSON.stringify({ type: 'session.event', sessionId, event: { type: 'mode.request', mode: 'view' } }));
      expect(await alex.next((m) => m.type === 'error')).toMatchObject({ code: 'internal' });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const failure = records.find((r) => r.msg === 'a socket message failed');
    expect(failure).toMatchObject({ level: 50, messageType: 'session.event', err: { code: 'SQLITE_BUSY' } });
    const upgrade = records.find((r) => (r.req as { url?: string } | undefined)?.url === '/ws');
    expect(failure?.reqId).toBeDefined();
    expect(failure?.reqId).toBe(upgrade?.reqId);
    // Once the database is free, the same request goes through on the same socket.
    alex.sendRaw(JSON.stringify({ type: 'session.event', sessionId, event: { type: 'mode.request', mode: 'view' } }));
    alex.sendRaw(JSON.stringify({ type: 'ping', id: 5 }));
    expect(await alex.next((m) => m.type === 'pong')).toEqual({ type: 'pong', id: 5 });
    alex.ws.close();
  });
});
