/**
 * A node told to stop (SIGTERM), as a real process: it leaves service (`/readyz` 503) while its sockets are closed with
 * "service restart" a few at a time, then exits cleanly.
 */
import { SOCKET_CLOSE } from '@remote-help/protocol/socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../fixtures/roster.ts';
import { devSignIn } from '../support/dev-sign-in.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { openAuthenticatedSocket } from '../support/socket-client.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ DRAIN_SECONDS: '3', NODE_NAME: 'node-drain' });
}, 90_000);
afterAll(() => server.stop());

describe('SIGTERM', () => {
  it('drains: readiness off, sockets closed as "service restart" over the drain time, then exit 0', async () => {
    expect((await fetch(`${server.origin}/readyz`)).status).toBe(200);
    const people = [ROSTER.alex.email, ROSTER.lee.email, ROSTER.adele.email];
    const tokens = await Promise.all(people.map((email) => devSignIn(server.origin, email)));
    const sockets = await Promise.all(tokens.map((token) => openAuthenticatedSocket(server.origin, token)));

    const started = Date.now();
    server.child.kill('SIGTERM');
    const closes = sockets.map((s) => s.closed.then((closed) => ({ ...closed, at: Date.now() - started })));
    await Promise.race(closes);
    // Three sockets over 3 s: the others are still open, and the node is out of service.
    const during = await fetch(`${server.origin}/readyz`);
    expect(during.status).toBe(503);
    expect(await during.json()).toEqual({ ready: false, reasons: { server: 'draining' } });

    const closed = await Promise.all(closes);
    for (const c of closed) expect(c).toMatchObject({ code: SOCKET_CLOSE.serviceRestart, reason: 'service restart' });
    const times = closed.map((c) => c.at).sort((a, b) => a - b);
    // Spread, not all at once: the last closes well after the first.
    expect((times[2] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(1500);

    expect(await server.exited).toEqual({ code: 0, signal: null });
    const drainLine = await server.waitForLog((l) => l.msg === 'draining, then stopping');
    expect(drainLine).toMatchObject({ node: 'node-drain' });
  }, 60_000);
});
