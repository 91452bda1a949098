/** Chat threads kept on this device in IndexedDB, one per session, so a reload or reconnect keeps them. */
import { createStore, del, get, set } from 'idb-keyval';
import type { ChatEntry } from './chat-thread.ts';

export interface ChatStore {
  load(sessionId: string): Promise<ChatEntry[]>;
  save(sessionId: string, entries: ChatEntry[]): Promise<void>;
  remove(sessionId: string): Promise<void>;
}

export function makeIndexedDbChatStore(): ChatStore {
  const store = createStore('remote-help', 'chat');
  return {
    load: async (sessionId) => (await get<ChatEntry[]>(sessionId, store)) ?? [],
    save: (sessionId, entries) => set(sessionId, entries, store),
    remove: (sessionId) => del(sessionId, store),
  };
}
