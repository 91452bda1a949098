/**
 * The agent's WebSocket endpoint. It listens on 127.0.0.1 only, so nothing on the network can reach it, and
 * accepts a connection only from the app's own Origin, so no other web page the sharer visits can talk to it, and
 * only with a loopback Host, so no page reaching it through a name of its own (DNS rebinding) can either. The
 * legacy Sec-WebSocket-Origin (protocol version 8) is not an Origin and does not count.
 * (A local program could forge the headers, but a local program can already type on this desktop.)
 * One page at a time: a new connection replaces the old one and starts without a grant.
 */
import type { IncomingMessage } from 'node:http';
import { type AgentServerMessage, MAX_AGENT_MESSAGE_BYTES } from '@remote-help/protocol/agent';
import { type WebSocket, WebSocketServer } from 'ws';
import { AgentConnection, type AgentContext } from './agent-connection.ts';
import { GrantMemory } from './grant-memory.ts';
import { InputGate } from './input-gate.ts';
import { SerialQueue } from './input-queue.ts';

export const LOOPBACK_HOST = '127.0.0.1';

/** A Host header naming this machine's loopback (with any port): what a page of the app's origin sends to reach us. */
export function isLoopbackHost(host: string | undefined): boolean {
  const match = /^(\[::1\]|127\.0\.0\.1|localhost)(:\d{1,5})?$/i.exec(host ?? '');
  return match !== null;
}

/**
 * Frames up to this size are read and answered with `invalid_message` when over the protocol's limit, keeping
 * the connection; anything larger is not buffered at all and closes the connection (ws's maxPayload).
 */
const HARD_FRAME_LIMIT = 4 * MAX_AGENT_MESSAGE_BYTES;

export interface AgentServerOptions extends Omit<AgentContext, 'gate' | 'grants' | 'queue'> {
  appOrigin: string;
  /** 0 picks a free port (tests). */
  port: number;
}

export interface RunningAgentServer {
  port: number;
  close(): Promise<void>;
}

interface Current {
  socket: WebSocket;
  connection: AgentConnection;
}

function listen(server: WebSocketServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

function describeListenError(e: unknown, port: number): Error {
  if (e instanceof Error && 'code' in e && e.code === 'EADDRINUSE') {
    return new Error(`Port ${port} on ${LOOPBACK_HOST} is already in use: is another agent running?`);
  }
  return e instanceof Error ? e : new Error(String(e));
}

export async function startAgentServer(options: AgentServerOptions): Promise<RunningAgentServer> {
  const { appOrigin, port, log } = options;
  const gate = new InputGate();
  const grants = new GrantMemory();
  const queue = new SerialQueue((e) => log.info(`input task failed: ${e instanceof Error ? e.message : String(e)}`));
  const context: AgentContext = { ...options, gate, grants, queue };
  let current: Current | null = null;

  const wss = new WebSocketServer({
    host: LOOPBACK_HOST,
    port,
    maxPayload: HARD_FRAME_LIMIT,
    perMessageDeflate: false,
    verifyClient: ({ req }: { req: IncomingMessage }, done) => {
      // Quoted and cut short: the headers are whatever the other side chose to send.
      const quoted = (value: string | undefined) => JSON.stringify(value ?? null).slice(0, 200);
      if (!isLoopbackHost(req.headers.host)) {
        log.refusal('forbidden_host', `connection for host ${quoted(req.headers.host)}`);
        return done(false, 403, 'Forbidden host');
      }
      const origin = req.headers.origin;
      if (origin === appOrigin) return done(true);
      log.refusal('forbidden_origin', `connection from ${quoted(origin)}`);
      done(false, 403, 'Forbidden origin');
    },
  });

  wss.on('connection', (socket) => {
    if (current) {
      log.info('a new page connected; closing the previous connection');
      // Its waiting input is dropped, then whatever it held down is released.
      queue.clear();
      current.connection.close();
      current.socket.close(4000, 'Replaced by a newer connection');
    }
    gate.reset();
    const send = (message: AgentServerMessage) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    const connection = new AgentConnection(context, send);
    current = { socket, connection };
    log.info('page connected');
    socket.on('message', (data, isBinary) => connection.handleFrame(data, isBinary));
    socket.on('error', (e) => log.info(`connection error: ${e.message}`));
    socket.on('close', () => {
      if (current?.socket !== socket) return;
      current = null;
      queue.clear();
      connection.close();
      gate.reset();
      log.info('page disconnected');
    });
  });

  let actualPort: number;
  try {
    actualPort = await listen(wss);
  } catch (e) {
    throw describeListenError(e, port);
  }

  return {
    port: actualPort,
    async close() {
      for (const client of wss.clients) client.close(1001, 'Agent stopping');
      current?.connection.close();
      current = null;
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await queue.idle();
      log.flush();
    },
  };
}
