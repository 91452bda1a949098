/**
 * Operations on the real server: readiness for the load balancer, Prometheus metrics on their own port (and only
 * there), drain, and the server's pings finding a peer that stopped answering.
 */
import { SOCKET_CLOSE } from '@remote-help/protocol/socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiCaller } from '../support/api-caller.ts';
import { signInPeople } from '../support/dev-sign-in.ts';
import { freePort } from '../support/free-port.ts';
import { openAuthenticatedSocket } from '../support/socket-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let metricsOrigin: string;
const tokens: Record<string, string> = {};
const logLines: Record<string, unknown>[] = [];
const { api, pair } = makeApiCaller(() => server.origin, tokens);

beforeAll(async () => {
  const metricsPort = await freePort();
  server = await startTestServer(
    {
      METRICS_PORT: String(metricsPort),
      NODE_NAME: 'node-a',
      SOCKET_PING_SECONDS: '0.2',
      DRAIN_SECONDS: '0.5',
      LOG_LEVEL: 'info',
    },
    { logStream: { write: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>) } },
  );
  metricsOrigin = `http://127.0.0.1:${metricsPort}`;
  Object.assign(tokens, await signInPeople(server.origin, ['alex', 'lee', 'adele']));
});
afterAll(() => server.close());

async function scrape(): Promise<string> {
  const res = await fetch(`${metricsOrigin}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

/** One sample's value from the text exposition, found by its name and labels as printed; 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('metrics', () => {
  it('counts pairings and refusals by code, named by node', async () => {
    const before = await scrape();
    await pair('alex', 'lee');
    const refused = await api('lee', 'POST', '/api/codes/redeem', { code: 'zzzzzzzz' });
    expect(refused.status).toBe(404);
    const after = await scrape();
    const pairings = 'remote_help_pairings_total{node="node-a"}';
    const unknown = 'remote_help_refusals_total{code="code_unknown",node="node-a"}';
    expect(sample(after, pairings) - sample(before, pairings)).toBe(1);
    expect(sample(after, unknown) - sample(before, unknown)).toBe(1);
    expect(sample(after, 'remote_help_live_sessions{node="node-a"}')).toBeGreaterThanOrEqual(1);
    expect(after).toContain('nodejs_eventloop_lag_seconds{node="node-a"}');
  });

  it('counts open sockets and times relayed signals', async () => {
    const sessionId = await pair('alex', 'adele');
    const helper = await openAuthenticatedSocket(server.origin, tokens.alex ?? '');
    const sharer = await openAuthenticatedSocket(server.origin, tokens.adele ?? '');
    helper.sendRaw(JSON.stringify({ type: 'session.signal', sessionId, peer: 1, data: { type: 'offer', sdp: 'v=0' } }));
    await sharer.next((m) => m.type === 'session.signal');
    const text = await scrape();
    expect(sample(text, 'remote_help_sockets_open{node="node-a"}')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'remote_help_signal_relay_seconds_count{node="node-a"}')).toBeGreaterThanOrEqual(1);
    helper.ws.close();
    sharer.ws.close();
  });

  it('are not served on the public port', async () => {
    const res = await fetch(`${server.origin}/metrics`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('remote_help_');
  });

  it('names the node in every log line', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter((l) => l.node !== 'node-a')).toEqual([]);
  });
});

describe('server pings', () => {
  it('terminate a socket whose peer stops answering them', async () => {
    const silent = await openAuthenticatedSocket(server.origin, tokens.lee ?? '', { autoPong: false });
    const answering = await openAuthenticatedSocket(server.origin, tokens.adele ?? '');
    // The server closes without a close frame: the client sees the connection drop (1006).
    expect((await silent.closed).code).toBe(1006);
    expect(answering.ws.readyState).toBe(answering.ws.OPEN);
    answering.ws.close();
  });
});

describe('readiness and drain', () => {
  it('is ready, then 503 while draining, with the sockets closed as "service restart"', async () => {
    const ready = await fetch(`${server.origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, reasons: {} });

    const sockets = await Promise.all(
      ['alex', 'lee', 'adele'].map((who) => openAuthenticatedSocket(server.origin, tokens[who] ?? '')),
    );
    const drained = server.app.drain();
    const during = await fetch(`${server.origin}/readyz`);
    expect(during.status).toBe(503);
    expect(await during.json()).toEqual({ ready: false, reasons: { server: 'draining' } });
    for (const s of sockets)
      expect(await s.closed).toEqual({ code: SOCKET_CLOSE.serviceRestart, reason: 'service restart' });
    await drained;
    // Alive all the while: liveness is not readiness.
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
  });
});
