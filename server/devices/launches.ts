/**
 * Remote launch (spec 3.2): a helper asks an enrolled, connected device to start a session; the person signed in
 * there accepts (joining with no code) or declines. A request waits 5 minutes. It is written to the database with the
 * `launch.sent` record (and removed with its answer), so a restart of the server forgets none: `load` reads them back,
 * and a device that reconnects is asked again.
 */
import { randomUUID } from 'node:crypto';
import { LAUNCH_TTL_SECONDS, type Launch } from '@remote-help/protocol/devices';
import type { Session } from '@remote-help/protocol/domain';
import type { AuditLog, Trx } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
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
  db: Database;
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

  /** Reads back the requests still waiting (after a restart); expired ones are removed. */
  async load(): Promise<void> {
    const { db, directory } = this.deps;
    await db.deleteFrom('pending_launches').where('expires_at', '<=', this.now()).execute();
    for (const row of await db.selectFrom('pending_launches').selectAll().execute()) {
      const helper = await directory.findUser(row.helper_id);
      if (!helper) continue;
      this.pending.set(row.id, {
        id: row.id,
        tenantId: row.tenant_id,
        helper,
        deviceId: row.device_id,
        expiresAt: row.expires_at,
      });
    }
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
    await audit.transaction(async (trx, record) => {
      await trx
        .insertInto('pending_launches')
        .values({
          id: launch.id,
          tenant_id: launch.tenantId,
          helper_id: helper.id,
          device_id: launch.deviceId,
          expires_at: launch.expiresAt,
        })
        .execute();
      await record({
        type: 'launch.sent',
        tenantId: helper.tenantId,
        actorId: helper.id,
        subjectId: device.owner_id,
        data: { deviceId: device.id, launchId: launch.id },
      });
    });
    this.pending.set(launch.id, launch);
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
      await this.spend(trx, launchId);
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
    await this.deps.audit.transaction(async (trx, record) => {
      await this.spend(trx, launchId);
      await record({
        type: 'launch.declined',
        tenantId: sharer.tenantId,
        actorId: sharer.id,
        subjectId: launch.helper.id,
        data: { launchId },
      });
    });
    this.pending.delete(launchId);
    this.deps.notifier.toPerson(launch.helper.id, { type: 'launch.declined', launchId });
  }

  /**
   * Removes the request as it is answered. The answer that removes its row is the one that counts: another answer
   * (a second tap, the same request answered through another node) finds it gone and is refused, so a request
   * starts at most one session.
   */
  private async spend(trx: Trx, launchId: string): Promise<void> {
    const result = await trx.deleteFrom('pending_launches').where('id', '=', launchId).executeTakeFirst();
    if (result.numDeletedRows !== 1n) {
      this.pending.delete(launchId);
      throw new Refusal('launch_unknown', 'This request to help has already been answered.');
    }
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [id, launch] of this.pending) if (launch.expiresAt <= now) this.pending.delete(id);
  }
}
