/**
 * The sessions this page takes part in: a helper may hold several at once. Sessions live here, not in components,
 * so moving between screens never ends one. Closing the page tells the server, which counts it as leaving unless
 * the page comes straight back (a reload).
 */
import type { ClientConfig } from '@remote-help/protocol/app-api';
import type { Session } from '@remote-help/protocol/domain';
import { createSignal } from 'solid-js';
import { agentDownloadFor } from '../agent/agent-capabilities.ts';
import { type AgentLink, makeAgentLink } from '../agent/agent-link.ts';
import type { ApiClient } from '../net/api-client.ts';
import type { SignalingSocket } from '../net/signaling-socket.ts';
import { type LiveSession, startLiveSession } from './live-session.ts';

export function createLiveSessions(deps: {
  socket: SignalingSocket;
  api: ApiClient;
  myId: string;
  agentPort: number;
  agentDownloads: ClientConfig['agentDownloads'];
}) {
  const agentDownload = agentDownloadFor(deps.agentDownloads, {
    userAgent: navigator.userAgent,
    platform: (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform,
  });
  const [list, setList] = createSignal<LiveSession[]>([]);
  // One link to this machine's control agent, opened when this page first shares (helpers never need it).
  let agentLink: AgentLink | undefined;
  const agent = () => {
    agentLink ??= makeAgentLink(`ws://127.0.0.1:${deps.agentPort}`);
    return agentLink;
  };

  const add = (session: Session): LiveSession => {
    const existing = list().find((l) => l.session.id === session.id);
    if (existing) return existing;
    const role = session.helper.id === deps.myId ? 'helper' : 'sharer';
    const live = startLiveSession({ session, role, socket: deps.socket, api: deps.api, agent, agentDownload });
    setList([...list(), live]);
    return live;
  };

  const remove = (id: string) => {
    const live = list().find((l) => l.session.id === id);
    live?.dispose();
    setList(list().filter((l) => l.session.id !== id));
  };

  window.addEventListener('pagehide', () => {
    for (const live of list()) {
      void live.chat.persist();
      if (live.actor.getSnapshot().status === 'active') {
        deps.socket.send({ type: 'session.closing', sessionId: live.session.id });
      }
    }
  });

  return {
    list,
    add,
    remove,
    find: (id: string) => list().find((l) => l.session.id === id),
  };
}

export type LiveSessions = ReturnType<typeof createLiveSessions>;
