/**
 * The sessions this page takes part in: a helper may hold several at once. Sessions live here, not in components,
 * so moving between screens never ends one. Closing the page tells the server, which counts it as leaving unless
 * the page comes straight back (a reload).
 */
import { createSignal } from 'solid-js';
import type { ApiClient } from '../net/api-client.ts';
import type { SignalingSocket } from '../net/signaling-socket.ts';
import type { Session } from '../protocol/schema.ts';
import { type LiveSession, startLiveSession } from './live-session.ts';

export function makeLiveSessions(deps: { socket: SignalingSocket; api: ApiClient; myId: string }) {
  const [list, setList] = createSignal<LiveSession[]>([]);

  const add = (session: Session): LiveSession => {
    const existing = list().find((l) => l.session.id === session.id);
    if (existing) return existing;
    const role = session.helper.id === deps.myId ? 'helper' : 'sharer';
    const live = startLiveSession({ session, role, socket: deps.socket, api: deps.api });
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

export type LiveSessions = ReturnType<typeof makeLiveSessions>;
