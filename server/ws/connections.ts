/**
 * Everyone connected to the server's socket: people by user id, and enrolled devices by device id (an app that proved
 * its device is in both). The domain's notifier and presence (server/domain/notifier.ts) are delivered from here.
 */
import type { Notice, Notifier, Presence } from '../domain/notifier.ts';
import { SocketHub } from './socket-hub.ts';

export class Connections implements Notifier, Presence {
  readonly people = new SocketHub();
  readonly devices = new SocketHub();

  toPerson(userId: string, notice: Notice): void {
    this.people.send(userId, notice);
  }

  toDevice(deviceId: string, notice: Notice): void {
    this.devices.send(deviceId, notice);
  }

  personOnline(userId: string): boolean {
    return this.people.isOnline(userId);
  }

  deviceOnline(deviceId: string): boolean {
    return this.devices.isOnline(deviceId);
  }

  onPersonPresence(listener: (userId: string, online: boolean) => void): void {
    this.people.onPresence(listener);
  }
}
