/** The last few messages the other person wrote, oldest first: what a small window has room for. */
import type { ChatEntry } from './chat-thread.ts';

export function latestReceived(entries: readonly ChatEntry[], count: number): ChatEntry[] {
  const received = entries.filter((e) => !e.mine);
  return count > 0 ? received.slice(-count) : [];
}
