import { MAX_SOCKET_MESSAGE_BYTES, SOCKET_CLOSE } from '@remote-help/protocol/socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BAD_FRAMES, SOCKET_BURST } from '../../server/ws/socket-connection.ts';
import { ROSTER } from '../fixtures/roster.ts';
import { devSignIn } from '../support/dev-sign-in.ts';
import { openAuthenticatedSocket, openSocket } from '../support/socket-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer();
  token = await devSignIn(server.origin, ROSTER.adele.email);
});
afterAll(() => server.close());

describe('the WebSocket endpoint', () => {
  it('answers nothing but an error before authentication', async () => {
    const s = await openSocket(server.origin);
    s.sendRaw(JSON.stringify({ type: 'ping', id: 1 }));
    expect(await s.next()).toMatchObject({ type: 'error', code: 'unauthenticated' });
    s.ws.close();
  });

  it('closes with a reason when the token is not valid', async () => {
    const s = await openSocket(server.origin);
    s.sendRaw(JSON.stringify({ type: 'auth', token: `${token}x` }));
    expect(await s.closed).toEqual({ code: SOCKET_CLOSE.authFailed, reason: 'invalid token' });
  });

  it('replies to malformed, unknown and oversized messages and stays open', async () => {
    const s = await openAuthenticatedSocket(server.origin, token);
    s.sendRaw('{not json');
    expect(await s.next()).toMatchObject({ type: 'error', code: 'invalid_request' });
    s.sendRaw(JSON.stringify({ type: 'ping', id: -1 }));
    expect(await s.next()).toMatchObject({ type: 'error', code: 'invalid_request' });
    s.sendRaw(JSON.stringify({ type: 'launch.missiles' }));
    expect(await s.next()).toMatchObject({ type: 'error', code: 'unknown_message' });
    s.sendRaw(JSON.stringify({ type: 'ping', id: 1, pad: 'x'.repeat(MAX_SOCKET_MESSAGE_BYTES) }));
    expect(await s.next()).toMatchObject({ type: 'error', code: 'payload_too_large' });
    s.sendRaw(Buffer.from([1, 2, 3]));
    expect(await s.next()).toMatchObject({ type: 'error', code: 'invalid_request' });
    s.sendRaw(JSON.stringify({ type: 'ping', id: 7 }));
    expect(await s.next()).toEqual({ type: 'pong', id: 7 });
    s.ws.close();
  });

  it('closes a client that floods it', async () => {
    const s = await openAuthenticatedSocket(server.origin, token);
    for (let i = 0; i < SOCKET_BURST + MAX_BAD_FRAMES + 5; i++) s.sendRaw(JSON.stringify({ type: 'ping', id: i }));
    expect(await s.next((m) => m.type === 'error')).toMatchObject({ code: 'rate_limited' });
    expect((await s.closed).code).toBe(SOCKET_CLOSE.abusive);
  });

  it('drops frames over the transport limit by closing', async () => {
    const s = await openAuthenticatedSocket(server.origin, token);
    s.sendRaw('x'.repeat(2 * 1024 * 1024));
    expect((await s.closed).code).toBe(1009);
  });
});
