/**
 * The local cluster itself (tests/support/cluster.ts): three real nodes behind a real HAProxy. What the cluster tests,
 * the end-to-end tests and the benchmarks rely on — sockets spread over the nodes, a cookie steering a client to one
 * node, a killed node's clients landing on the others through the same origin, a SIGTERMed node leaving the rotation
 * and exiting cleanly — is shown here once.
 */
import { SOCKET_CLOSE } from '@remote-help/protocol/socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../fixtures/roster.ts';
import { type Cluster, socketsOn, startCluster } from '../support/cluster.ts';
import { devSignIn } from '../support/dev-sign-in.ts';
import { NODE_COOKIE } from '../support/haproxy.ts';
import { openAuthenticatedSocket, type TestSocket } from '../support/socket-client.ts';

let cluster: Cluster;
let token: string;
const open: TestSocket[] = [];

/** A socket through the proxy, to the node named (while it is up) or wherever HAProxy sends it. */
async function socketVia(node?: string) {
  const socket = await openAuthenticatedSocket(cluster.origin, token, {
    headers: node ? { cookie: `${NODE_COOKIE}=${node}` } : {},
  });
  open.push(socket);
  return socket;
}

const counts = () => Promise.all(cluster.nodes.filter((n) => n.alive()).map(socketsOn));

beforeAll(async () => {
  cluster = await startCluster({ engines: true, env: { DRAIN_SECONDS: '1' } });
  // Signed in through the proxy: the provider's steps land on different nodes and still make one sign-in.
  token = await devSignIn(cluster.origin, ROSTER.alex.email);
}, 60_000);

afterAll(async () => {
  for (const s of open) s.ws.terminate();
  await cluster?.stop();
});

describe('a local cluster of three nodes behind HAProxy', () => {
  it('serves one origin from every node, and spreads sockets over the nodes', async () => {
    for (const node of cluster.nodes) {
      expect(await (await fetch(`${node.origin}/readyz`)).json()).toEqual({ ready: true, reasons: {} });
    }
    for (let i = 0; i < 6; i++) await socketVia();
    // leastconn: six sockets opened one after another, two on each node.
    expect(await counts()).toEqual([2, 2, 2]);
  });

  it('steers a client to the node its cookie names', async () => {
    const before = await socketsOn(cluster.node('n2'));
    await socketVia('n2');
    await socketVia('n2');
    expect(await socketsOn(cluster.node('n2'))).toBe(before + 2);
  });

  it("sends a killed node's clients to the others through the same origin, before any health check notices", async () => {
    const socket = await socketVia('n1');
    await cluster.node('n1').kill();
    // The proxy's side of the tunnel breaks: the client sees an abnormal close, as a browser would.
    expect((await socket.closed).code).toBe(1006);
    const before = await counts();
    // Reconnecting at once, still asking for n1: HAProxy's connect to n1 is refused, and it retries on another node.
    await socketVia('n1');
    const after = await counts();
    expect(after.reduce((a, b) => a + b, 0)).toBe(before.reduce((a, b) => a + b, 0) + 1);
  });

  it('a SIGTERMed node drains its sockets as "service restart" and exits 0; a restarted node takes traffic again', async () => {
    const n3 = cluster.node('n3');
    const socket = await socketVia('n3');
    const exit = n3.terminate();
    expect(await socket.closed).toMatchObject({ code: SOCKET_CLOSE.serviceRestart });
    expect(await exit).toEqual({ code: 0, signal: null });

    await n3.start();
    await cluster.node('n1').start();
    // Back in the rotation once HAProxy's check sees /readyz answer 200: a steered socket lands there again.
    let landed = false;
    for (let attempt = 0; attempt < 50 && !landed; attempt++) {
      const s = await socketVia('n3');
      landed = (await socketsOn(n3)) > 0;
      s.ws.close();
      // HAProxy's checks run every 500 ms; there is nothing to wait on from outside but its next check.
      if (!landed) await new Promise((r) => setTimeout(r, 200));
    }
    expect(landed).toBe(true);
  });
});
