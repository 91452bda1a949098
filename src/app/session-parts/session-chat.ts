/** A live session's chat (spec 4.6): the thread, kept in the chat store, over the link's chat channel. */
import { type Accessor, from, onCleanup } from 'solid-js';
import { makeIndexedDbChatStore } from '../../chat/chat-store.ts';
import { type ChatEntry, type ChatThread, makeChatThread } from '../../chat/chat-thread.ts';
import { chatChannel } from '../../rtc/session-channels.ts';
import type { SessionLink } from './session-link.ts';

export interface SessionChat {
  chat: ChatThread;
  chatEntries: Accessor<readonly ChatEntry[]>;
}

export function createSessionChat(link: SessionLink): SessionChat {
  const { session, activity } = link;
  const channel = link.channel(chatChannel);
  const thread = makeChatThread({
    sessionId: session.id,
    store: makeIndexedDbChatStore(),
    transmit: (message) => channel.send(message),
  });
  // With chat turned off by the tenant, messages from the other side are not taken either.
  if (!session.chatDisabled) channel.onMessage((message) => thread.receive(message));
  channel.onOpen(() => thread.flush());
  // A message sent or received is activity.
  let count = thread.entries().length;
  onCleanup(
    thread.subscribe((entries) => {
      if (entries.length > count) activity.activity();
      count = entries.length;
    }),
  );
  const entries = from<readonly ChatEntry[]>((set) => {
    set(thread.entries());
    return thread.subscribe((e) => set(() => e));
  });
  return { chat: thread, chatEntries: () => entries() ?? [] };
}
