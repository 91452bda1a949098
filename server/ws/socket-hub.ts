/** Who is connected: each authenticated user's open sockets, so the server can tell them about their sessions. */
import type { ServerSocketMessage } from '@remote-help/protocol/socket';

export interface HubSocket {
  send(data: string): void;
}

export interface PresenceListener {
  online(userId: string): void;
  offline(userId: string): void;
}

export class SocketHub {
  private readonly byUser = new Map<string, Set<HubSocket>>();
  private readonly presence: PresenceListener[] = [];

  /** Told when a user's first socket opens and when their last one closes. */
  onPresence(listener: PresenceListener): void {
    this.presence.push(listener);
  }

  isOnline(userId: string): boolean {
    return this.byUser.has(userId);
  }

  add(userId: string, socket: HubSocket): void {
    let set = this.byUser.get(userId);
    if (!set) {
      set = new Set();
      this.byUser.set(userId, set);
    }
    set.add(socket);
    if (set.size === 1) for (const p of this.presence) p.online(userId);
  }

  remove(userId: string, socket: HubSocket): void {
    const set = this.byUser.get(userId);
    if (!set) return;
    if (!set.delete(socket)) return;
    if (set.size === 0) {
      this.byUser.delete(userId);
      for (const p of this.presence) p.offline(userId);
    }
  }

  /** Sends to every socket of the user; returns how many received it. */
  send(userId: string, message: ServerSocketMessage): number {
    const set = this.byUser.get(userId);
    if (!set) return 0;
    const data = JSON.stringify(message);
    for (const s of set) s.send(data);
    return set.size;
  }
}
