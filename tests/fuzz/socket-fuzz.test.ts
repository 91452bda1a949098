/**
 * Fuzzing the WebSocket endpoint of a real server (issue 11): seeded and reproducible (FUZZ_SEED=n to replay a seed;
 * fast-check prints the seed and the shrunk case of a failure). Thousands of generated frames of every client message
 * type, well formed or not, and malformed frames, from a helper's, a sharer's and an unauthenticated socket. Every
 * socket must answer afterwards or have been closed with one of the protocol's close codes; the server never answers
 * `internal`, never logs an error, and its memory stays bounded.
 */
import { SOCKET_CLOSE } from '@remote-help/protocol/socket';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../fixtures/roster.ts';
import { makeApiCaller } from '../support/api-caller.ts';
import { devSignIn } from '../support/dev-sign-in.ts';
import { openAuthenticatedSocket, openSocket, type TestSocket } from '../support/socket-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { heapAfterGc, MB } from './memory.ts';
import { clientFrames, type Frame, LIVE_SESSION } from './socket-frames.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_130);
const RUNS = 250;

/** How the server may close a socket: the protocol's codes, and the transport's own limit on frame size. */
const DEFINED_CLOSES = new Set<number>([
  SOCKET_CLOSE.authTimeout,
  SOCKET_CLOSE.authFailed,
  SOCKET_CLOSE.tokenExpired,
  SOCKET_CLOSE.tooManySockets,
  SOCKET_CLOSE.abusive,
  1009,
]);

let server: TestServer;
const logLines: { level: number; msg: string }[] = [];
const tokens: Record<string, string> = {};
const { pair } = makeApiCaller(() => server.origin, tokens);
let sharerAtHome: TestSocket;

beforeAll(async () => {
  server = await startTestServer(
    { LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000' },
    { logStream: { write: (line) => logLines.push(JSON.parse(line) as { level: number; msg: string }) } },
  );
  tokens.alex = await devSignIn(server.origin, ROSTER.alex.email);
  tokens.adele = await devSignIn(server.origin, ROSTER.adele.email);
  // The sharer stays connected throughout, so sessions do not end for a lost connection between runs.
  sharerAtHome = await openAuthenticatedSocket(server.origin, tokens.adele);
});
afterAll(async () => {
  sharerAtHome?.ws.close();
  await server?.close();
});

/** The live session between Alex and Adele, paired afresh when a frame ended the last one. */
async function liveSession(): Promise<string> {
  const [live] = server.app.sessions.activeFor(ROSTER.alex.id);
  return live?.id ?? pair('alex', 'adele');
}

function send(socket: TestSocket, frame: Frame, sessionId: string): void {
  if (frame.kind === 'binary') socket.ws.send(frame.data, { binary: true });
  else socket.sendRaw(frame.data.split(LIVE_SESSION).join(sessionId));
}

type Outcome = { answered: true } | { answered: false; code: number; reason: string };

/**
 * After the frames: a socket that is still open answers a ping (an anonymous one once it has authenticated properly),
 * or it was closed — with what code. Either within a bound.
 */
async function probe(socket: TestSocket, token?: string): Promise<Outcome> {
  const id = 4_242_424;
  const closed = socket.closed.then((c) => ({ answered: false, ...c }) as const);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the socket neither answered nor closed within 10 s')), 10_000);
  });
  try {
    if (token) {
      socket.sendRaw(JSON.stringify({ type: 'auth', token }));
      const authenticated = socket.next((m) => m.type === 'auth.ok').then(() => undefined);
      const early = await Promise.race([authenticated, closed, bound]);
      if (early) return early;
    }
    socket.sendRaw(JSON.stringify({ type: 'ping', id }));
    return await Promise.race([
      socket.next((m) => m.type === 'pong' && m.id === id).then(() => ({ answered: true }) as const),
      closed,
      bound,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describe('the socket endpoint under generated frames', () => {
  it(`keeps every socket answering or closes it with a defined code (${RUNS} runs, seed ${SEED})`, async () => {
    const heapBefore = heapAfterGc();
    let frames = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('helper', 'sharer', 'anonymous'),
        fc.array(clientFrames(), { minLength: 5, maxLength: 30, size: 'max' }),
        async (who, batch) => {
          const sessionId = await liveSession();
          const socket =
            who === 'anonymous'
              ? await openSocket(server.origin)
              : await openAuthenticatedSocket(server.origin, (who === 'helper' ? tokens.alex : tokens.adele) ?? '');
          const internal: string[] = [];
          void socket
            .next((m) => m.type === 'error' && m.code === 'internal')
            .then((m) => internal.push(JSON.stringify(m)));
          for (const frame of batch) send(socket, frame, sessionId);
          frames += batch.length;
          const outcome = await probe(socket, who === 'anonymous' ? tokens.alex : undefined);
          if (!outcome.answered)
            expect(DEFINED_CLOSES, `closed with ${outcome.code} ${outcome.reason}`).toContain(outcome.code);
          expect(internal).toEqual([]);
          socket.ws.close();
          await socket.closed;
        },
      ),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(frames).toBeGreaterThan(2000);

    // Nothing the frames did made the server fail or log an error, and it still serves.
    expect(logLines.filter((l) => l.level >= 50)).toEqual([]);
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
    // Every socket of the runs is gone; memory is what it was, give or take.
    await expect.poll(() => server.app.fastify.websocketServer.clients.size).toBe(1);
    expect(heapAfterGc() - heapBefore).toBeLessThan(64 * MB);
  }, 120_000);
});
