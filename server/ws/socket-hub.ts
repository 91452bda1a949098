/** Who is connected: each authenticated user's open sockets, so the server can tell them about their sessions. */
import type { ServerSocketMessage } from '../../src/protocol/schema.ts';

export interface HubSocket {
  send(data: string): void;
}

export class SocketHub {
  private readonly byUser = new Map<string, Set<HubSocket>>();

  add(userId: string, socket: HubSocket): void {
    let set = this.byUser.get(userId);
    if (!set) {
      set = new Set();
      this.byUser.set(userId, set);
    }
    set.add(socket);
  }

  remove(userId: string, socket: HubSocket): void {
    const set = this.byUser.get(userId);
    if (!set) return;
    set.delete(socket);
    if (set.size === 0) this.byUser.delete(userId);
  }

  /** Sends to every socket of the user; returns how many received it. */
  send(userId: string, message: ServerSocketMessage): number {
    const set = this.byUser.get(userId);
    if (!set) return 0;
    const data = JSON.stringify(message);
    for (const s of set) s.send(data);
    return set.size;
  }

  get connectionCount(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }
}
