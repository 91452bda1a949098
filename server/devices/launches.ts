/**
 * Remote launch (spec 3.2): a helper asks an enrolled, connected device to start a session; the person signed in
 * there accepts (joining with no code) or declines. Requests live in memory for 5 minutes: a launch is a knock on the
 * door, and a server restart forgetting one only means the helper presses Retry.
 */
import { randomUUID } from 'node:crypto';
import { LAUNCH_TTL_SECONDS, type Launch } from '@remote-help/protocol/devices';
import type { Session } from '@remote-help/protocol/domain';
import type { AuditLog } from '../audit/audit-log.ts';
import type { DeviceTable } from '../db/tables.ts';
import { cardFor, type Directory, type DirectoryUser, modesFor } from '../directory/directory.ts';
import type { Notice, Notifier, Presence } from '../domain/notifier.ts';
import { Refusal } from '../domain/refusal.ts';
import type { SettingsStore } from '../policies/settings-store.ts';
import { startSession } from '../sessions/start-session.ts';
import { sessionDeviceOf } from './device-registry.ts';

interface PendingLaunch {
  id: string;
  tenantId: string;
  helper: DirectoryUser;
  deviceId: string;
  expiresAt: number;
}

export interface LaunchDeps {
  audit: AuditLog;
  directory: Directory;
  settings: SettingsStore;
  /** Requests go to the device; the helper hears of a decline. */
  notifier: Notifier;
  /** Only a connected device can be asked. */
  presence: Presence;
  now?: () => number;
}

export class Launches {
  private readonly pending = new Map<string, PendingLaunch>();
  private readonly now: () => number;

  constructor(private readonly deps: LaunchDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** What the helper may do on this device for its owner: the covering assignments (spec 3.4). */
  private async coveringModes(helper: DirectoryUser, sharerId: string, deviceId: string) {
    return modesFor(await this.deps.directory.permissionsOver(helper.id, sharerId, deviceId));
  }

  async send(helper: DirectoryUser, device: DeviceTable): Promise<Launch> {
    const { audit, notifier, presence } = this.deps;
    const failed = async (reason: string) =>
      audit.append({
        type: 'launch.failed',
        tenantId: helper.tenantId,
        actorId: helper.id,
        subjectId: device.owner_id,
        data: { deviceId: device.id, reason },
      });
    if ((await this.coveringModes(helper, device.owner_id, device.id)).length === 0) {
      await failed('helper_out_of_scope');
      throw new Refusal('helper_out_of_scope', 'Your roles do not let you help on this device.');
    }
    if (!presence.deviceOnline(device.id)) {
      await failed('device_offline');
      throw new Refusal(
        'device_offline',
        'This device is not connected to Remote Help. Ask its user to open the Remote Help app, then try again.',
      );
    }
    this.forgetExpired();
    const launch: PendingLaunch = {
      id: randomUUID(),
      tenantId: helper.tenantId,
      helper,
      deviceId: device.id,
      expiresAt: this.now() + LAUNCH_TTL_SECONDS * 1000,
    };
    this.pending.set(launch.id, launch);
    await audit.append({
      type: 'launch.sent',
      tenantId: helper.tenantId,
      actorId: helper.id,
      subjectId: device.owner_id,
      data: { deviceId: device.id, launchId: launch.id },
    });
    notifier.toDevice(device.id, this.requestMessage(launch));
    return { launchId: launch.id, expiresAt: new Date(launch.expiresAt).toISOString() };
  }

  /** A device that (re)connects hears of the requests still waiting for it: a reload does not lose a knock. */
  resend(deviceId: string, send: (notice: Notice) => void): void {
    this.forgetExpired();
    for (const launch of this.pending.values()) if (launch.deviceId === deviceId) send(this.requestMessage(launch));
  }

  private requestMessage(launch: PendingLaunch): Notice {
    return {
      type: 'launch.request',
      launchId: launch.id,
      helper: cardFor(launch.helper),
      expiresAt: new Date(launch.expiresAt).toISOString(),
    };
  }

  /** The request, if the person answering is on its device. */
  private take(
    sharer: DirectoryUser,
    launchId: string,
    device: DeviceTable | undefined,
  ): { launch: PendingLaunch; device: DeviceTable } {
    const launch = this.pending.get(launchId);
    if (!launch || !device || launch.tenantId !== sharer.tenantId || launch.deviceId !== device.id) {
      throw new Refusal('launch_unknown', 'This request to help is not for this device.');
    }
    if (launch.expiresAt <= this.now()) {
      this.pending.delete(launchId);
      throw new Refusal('launch_expired', 'This request to help has expired. Ask the helper to send it again.');
    }
    return { launch, device };
  }

  async accept(
    sharer: DirectoryUser,
    launchId: string,
    device: DeviceTable | undefined,
  ): Promise<{ session: Session; launchId: string }> {
    const { launch, device: deviceRow } = this.take(sharer, launchId, device);
    const modes = await this.coveringModes(launch.helper, sharer.id, deviceRow.id);
    const { chatDisabled } = await this.deps.settings.get(sharer.tenantId);
    if (modes.length === 0) {
      // Recorded on its own: a refusal thrown inside the session's transaction would roll its record back too.
      await this.deps.audit.append({
        type: 'launch.refused',
        tenantId: sharer.tenantId,
        actorId: sharer.id,
        subjectId: launch.helper.id,
        data: { launchId, reason: 'helper_out_of_scope' },
      });
      throw new Refusal('helper_out_of_scope', 'The person asking to help may not help you.');
    }
    const session = await this.deps.audit.transaction(async (trx, record) => {
      const id = randomUUID();
      await record({
        type: 'launch.accepted',
        tenantId: sharer.tenantId,
        actorId: sharer.id,
        subjectId: launch.helper.id,
        data: { launchId, sessionId: id, deviceId: deviceRow.id },
      });
      return startSession(trx, record, {
        id,
        tenantId: sharer.tenantId,
        helper: launch.helper,
        sharer,
        modes,
        device: sessionDeviceOf(deviceRow),
        chatDisabled,
        now: this.now(),
      });
    });
    this.pending.delete(launchId);
    return { session, launchId };
  }

  async decline(sharer: DirectoryUser, launchId: string, device: DeviceTable | undefined): Promise<void> {
    const { launch } = this.take(sharer, launchId, device);
    this.pending.delete(launchId);
    await this.deps.audit.append({
      type: 'launch.declined',
      tenantId: sharer.tenantId,
      actorId: sharer.id,
      subjectId: launch.helper.id,
      data: { launchId },
    });
    this.deps.notifier.toPerson(launch.helper.id, { type: 'launch.declined', launchId });
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [id, launch] of this.pending) if (launch.expiresAt <= now) this.pending.delete(id);
  }
}
