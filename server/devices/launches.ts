/**
 * Remote launch (spec 3.2): a helper asks an enrolled, connected device to start a session; the person signed in
 * there accepts (joining with no code) or declines. A request waits 5 minutes. It lives only in the database, written
 * with the `launch.sent` record and removed with its answer: every node reads the same requests (a launch sent through
 * one node is answered through another), a restart forgets none, and a device that reconnects is asked again. Taking
 * a request is a delete that must remove exactly one row, so two answers racing on two nodes start one session.
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

function unknown(): Refusal {
  return new Refusal('launch_unknown', 'This request to help is not for this device.');
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
  private readonly now: () => number;

  constructor(private readonly deps: LaunchDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Removes the requests that expired while no node was running. */
  async load(): Promise<void> {
    await this.forgetExpired();
  }

  /** A stored request with its helper, or undefined when it is gone or its helper left the directory. */
  private async pendingFrom(row: {
    id: string;
    tenant_id: string;
    helper_id: string;
    device_id: string;
    expires_at: number;
  }): Promise<PendingLaunch | undefined> {
    const helper = await this.deps.directory.findUser(row.helper_id);
    if (!helper) return undefined;
    return { id: row.id, tenantId: row.tenant_id, helper, deviceId: row.device_id, expiresAt: Number(row.expires_at) };
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
    await this.forgetExpired();
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
    notifier.toDevice(device.id, this.requestMessage(launch));
    return { launchId: launch.id, expiresAt: new Date(launch.expiresAt).toISOString() };
  }

  /** A device that (re)connects hears of the requests still waiting for it: a reload does not lose a knock. */
  async resend(deviceId: string, send: (notice: Notice) => void): Promise<void> {
    const rows = await this.deps.db
      .selectFrom('pending_launches')
      .selectAll()
      .where('device_id', '=', deviceId)
      .where('expires_at', '>', this.now())
      .execute();
    for (const row of rows) {
      const launch = await this.pendingFrom(row);
      if (launch) send(this.requestMessage(launch));
    }
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
  private async find(
    sharer: DirectoryUser,
    launchId: string,
    device: DeviceTable | undefined,
  ): Promise<{ launch: PendingLaunch; device: DeviceTable }> {
    const row = await this.deps.db
      .selectFrom('pending_launches')
      .selectAll()
      .where('id', '=', launchId)
      .executeTakeFirst();
    const launch = row ? await this.pendingFrom(row) : undefined;
    if (!launch || !device || launch.tenantId !== sharer.tenantId || launch.deviceId !== device.id) {
      throw unknown();
    }
    if (launch.expiresAt <= this.now()) {
      await this.deps.db.deleteFrom('pending_launches').where('id', '=', launchId).execute();
      throw new Refusal('launch_expired', 'This request to help has expired. Ask the helper to send it again.');
    }
    return { launch, device };
  }

  async accept(
    sharer: DirectoryUser,
    launchId: string,
    device: DeviceTable | undefined,
  ): Promise<{ session: Session; launchId: string }> {
    const { launch, device: deviceRow } = await this.find(sharer, launchId, device);
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
    return { session, launchId };
  }

  async decline(sharer: DirectoryUser, launchId: string, device: DeviceTable | undefined): Promise<void> {
    const { launch } = await this.find(sharer, launchId, device);
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
      throw new Refusal('launch_unknown', 'This request to help has already been answered.');
    }
  }

  private async forgetExpired(): Promise<void> {
    await this.deps.db.deleteFrom('pending_launches').where('expires_at', '<=', this.now()).execute();
  }
}
