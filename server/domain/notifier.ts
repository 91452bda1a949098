/**
 * How the domain reaches people and devices outside any request of theirs. Sessions and launches say what happened and
 * to whom; the socket layer (server/ws/connections.ts) delivers it to every app the person (or device) has connected,
 * and says who is connected.
 */
import type { ServerSocketMessage } from '@remote-help/protocol/socket';

/** What the domain tells: the server's socket frames, less the connection's own (auth.ok, pong, error). */
export type Notice = Exclude<ServerSocketMessage, { type: 'auth.ok' | 'pong' | 'error' }>;

export interface Notifier {
  /** To every app the person has open; nobody hears it while none is. */
  toPerson(userId: string, notice: Notice): void;
  /** To the Remote Help app on an enrolled device (spec 3.2). */
  toDevice(deviceId: string, notice: Notice): void;
}

/** Who is connected now, and news of people coming and going. */
export interface Presence {
  personOnline(userId: string): boolean;
  deviceOnline(deviceId: string): boolean;
  /** Told when a person's first connection opens (`online` true) and when their last one closes (false). */
  onPersonPresence(listener: (userId: string, online: boolean) => void): void;
}
