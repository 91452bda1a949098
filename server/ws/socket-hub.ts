/** Open sockets by owner (a person, or an enrolled device): who is connected, and sending to all of one's sockets. */
import type { ServerSocketMessage } from '@remote-help/protocol/socket';

export interface HubSocket {
  send(data: string): void;
}

/** Told when an owner's first socket opens (`online` true) and when their last one closes. */
export type PresenceListener = (id: string, online: boolean) => void;

export class SocketHub {
  private readonly byOwner = new Map<string, Set<HubSocket>>();
  private readonly presence: PresenceListener[] = [];

  onPresence(listener: PresenceListener): void {
    this.presence.push(listener);
  }

  isOnline(id: string): boolean {
    return this.byOwner.has(id);
  }

  /** Every owner with a socket open now. */
  owners(): IterableIterator<string> {
    return this.byOwner.keys();
  }

  add(id: string, socket: HubSocket): void {
    let set = this.byOwner.get(id);
    if (!set) {
      set = new Set();
      this.byOwner.set(id, set);
    }
    set.add(socket);
    if (set.size === 1) for (const listener of this.presence) listener(id, true);
  }

  remove(id: string, socket: HubSocket): void {
    const set = this.byOwner.get(id);
    if (!set) return;
    if (!set.delete(socket)) return;
    if (set.size === 0) {
      this.byOwner.delete(id);
      for (const listener of this.presence) listener(id, false);
    }
  }

  /** Sends to every socket of the owner; returns how many received it. */
  send(id: string, message: ServerSocketMessage): number {
    const set = this.byOwner.get(id);
    if (!set) return 0;
    const data = JSON.stringify(message);
    for (const s of set) s.send(data);
    return set.size;
  }
}
