/**
 * One session's chat thread (spec 4.6): messages over the peer's chat channel, each with sender, time and delivery
 * state, at most 4,000 characters, kept in the chat store. Messages written while the channel is down wait and go
 * out when it is back: nothing typed is lost.
 */
import { type ChatChannelMessage, characterCount, MAX_CHAT_CHARACTERS } from '@remote-help/protocol/peer-channels';
import type { ChatStore } from './chat-store.ts';

export type DeliveryState = 'sending' | 'sent' | 'delivered' | 'received';

export interface ChatEntry {
  id: string;
  mine: boolean;
  text: string;
  sentAt: number;
  state: DeliveryState;
}

export type SendResult = { ok: true } | { ok: false; reason: 'empty' | 'too_long' };

export interface ChatThread {
  entries(): readonly ChatEntry[];
  subscribe(listener: (entries: readonly ChatEntry[]) => void): () => void;
  send(text: string): SendResult;
  /** A message from the chat channel (validated by the channel, src/rtc/typed-channel.ts). */
  receive(message: ChatChannelMessage): void;
  /** The channel opened (again): send what waits. */
  flush(): void;
  /** Writes the thread to the store now (the page is going away); resolves once it is written. */
  persist(): Promise<void>;
  ready: Promise<void>;
}

export interface ChatThreadOptions {
  sessionId: string;
  store: ChatStore;
  /** Sends one message on the chat channel; false when the channel is not open. */
  transmit: (message: ChatChannelMessage) => boolean;
  newId?: () => string;
  now?: () => number;
}

export function makeChatThread(options: ChatThreadOptions): ChatThread {
  const { sessionId, store, transmit } = options;
  const newId = options.newId ?? (() => crypto.randomUUID());
  const now = options.now ?? Date.now;
  let entries: ChatEntry[] = [];
  const listeners = new Set<(entries: readonly ChatEntry[]) => void>();

  // Every change is written at once (a reload may follow any moment); during a burst at most one write is in
  // flight and one waits, and the waiting one writes the thread as it is by then.
  let inFlight: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const save = (): Promise<void> => {
    if (!inFlight) {
      inFlight = store.save(sessionId, entries).finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    }
    queued ??= inFlight.then(() => {
      queued = undefined;
      return save();
    });
    return queued;
  };
  const changed = () => {
    for (const l of listeners) l(entries);
    void save();
  };
  const update = (id: string, state: DeliveryState) => {
    entries = entries.map((e) => (e.id === id && e.state !== 'delivered' ? { ...e, state } : e));
  };
  const trySend = (entry: ChatEntry) => {
    if (transmit({ type: 'chat.message', id: entry.id, text: entry.text, sentAt: entry.sentAt }))
      update(entry.id, 'sent');
  };

  const ready = store.load(sessionId).then((stored) => {
    // Anything received while the store was loading comes after what was stored.
    const known = new Set(stored.map((e) => e.id));
    entries = [...stored, ...entries.filter((e) => !known.has(e.id))];
    for (const l of listeners) l(entries);
  });

  return {
    entries: () => entries,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    send(text) {
      if (text.trim().length === 0) return { ok: false, reason: 'empty' };
      if (characterCount(text) > MAX_CHAT_CHARACTERS) return { ok: false, reason: 'too_long' };
      const entry: ChatEntry = { id: newId(), mine: true, text, sentAt: now(), state: 'sending' };
      entries = [...entries, entry];
      trySend(entry);
      changed();
      return { ok: true };
    },
    receive(m) {
      if (m.type === 'chat.ack') {
        update(m.id, 'delivered');
      } else {
        transmit({ type: 'chat.ack', id: m.id });
        // A message resent after a reconnect is acknowledged again but shown once.
        if (!entries.some((e) => e.id === m.id)) {
          entries = [...entries, { id: m.id, mine: false, text: m.text, sentAt: m.sentAt, state: 'received' }];
        }
      }
      changed();
    },
    flush() {
      for (const e of entries) if (e.mine && e.state === 'sending') trySend(e);
      // Sent but never acknowledged (the connection dropped): send again; the other side shows it once.
      for (const e of entries)
        if (e.mine && e.state === 'sent') transmit({ type: 'chat.message', id: e.id, text: e.text, sentAt: e.sentAt });
      changed();
    },
    persist: save,
    ready,
  };
}
