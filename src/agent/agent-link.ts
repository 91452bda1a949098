/**
 * The sharer's page ↔ its control agent (spec 6): a WebSocket to the agent on this machine's loopback. The agent is
 * optional — when it is not running the page says so and full control is not offered — so the link keeps trying
 * quietly in the background. Every message from the agent is validated like any other network message.
 */

import {
  type AgentClientMessage,
  type AgentServerMessage,
  agentServerMessageSchema,
  MAX_AGENT_MESSAGE_BYTES,
} from '@remote-help/protocol/agent';
import { recordDiagnostic } from '../diagnostics/diagnostics-log.ts';
import { type ReconnectPolicy, steadyPolicy } from '../net/reconnect-policy.ts';

export type AgentInfo = Extract<AgentServerMessage, { type: 'agent.info' }>;
export type AgentStatus = { kind: 'connecting' } | { kind: 'connected'; info: AgentInfo } | { kind: 'unavailable' };

export interface AgentLink {
  status(): AgentStatus;
  onStatus(listener: (status: AgentStatus) => void): () => void;
  onMessage(listener: (message: AgentServerMessage) => void): () => void;
  /** Sends if connected; returns false otherwise (the caller decides what a lost message means). */
  send(message: AgentClientMessage): boolean;
  close(): void;
}

/** Attempts while no agent answers: every 2 s, short enough that starting the agent is noticed soon. */
export const agentRetryPolicy: ReconnectPolicy = steadyPolicy(2000);

export function makeAgentLink(url: string, policy: ReconnectPolicy = agentRetryPolicy): AgentLink {
  const statusListeners = new Set<(s: AgentStatus) => void>();
  const messageListeners = new Set<(m: AgentServerMessage) => void>();
  let status: AgentStatus = { kind: 'connecting' };
  let ws: WebSocket | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let attempt = 0;

  const setStatus = (next: AgentStatus) => {
    if (next.kind !== status.kind) recordDiagnostic('agent.status', { status: next.kind });
    status = next;
    for (const l of statusListeners) l(next);
  };

  function connect(): void {
    if (closed) return;
    let socket: WebSocket;
    try {
      socket = new WebSocket(url);
    } catch {
      // Refused before any connection (a policy, a bad address): it will not get better by retrying.
      setStatus({ kind: 'unavailable' });
      return;
    }
    ws = socket;
    socket.onopen = () => socket.send(JSON.stringify({ type: 'agent.hello' } satisfies AgentClientMessage));
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string' || event.data.length > MAX_AGENT_MESSAGE_BYTES) return;
      let parsed: ReturnType<typeof agentServerMessageSchema.safeParse>;
      try {
        parsed = agentServerMessageSchema.safeParse(JSON.parse(event.data));
      } catch {
        return;
      }
      if (!parsed.success) {
        recordDiagnostic('agent.bad_message');
        return;
      }
      const message = parsed.data;
      if (message.type === 'agent.info') {
        attempt = 0;
        setStatus({ kind: 'connected', info: message });
      }
      if (message.type === 'agent.error') recordDiagnostic('agent.refused', { code: message.code });
      for (const l of messageListeners) l(message);
    };
    socket.onclose = () => {
      if (ws !== socket) return;
      ws = undefined;
      setStatus({ kind: 'unavailable' });
      if (!closed) timer = setTimeout(connect, policy.delay(attempt++));
    };
  }
  connect();

  return {
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    send(message) {
      if (!ws || ws.readyState !== WebSocket.OPEN || status.kind !== 'connected') return false;
      ws.send(JSON.stringify(message));
      return true;
    },
    close() {
      closed = true;
      clearTimeout(timer);
      ws?.close();
    },
  };
}
