/**
 * Enrolled devices (spec 5.1, 5.2): administrators make enrollment tokens; the sharer's installed app enrolls once
 * with one and keeps the device's credential; records hold owner, name, OS, last check-in and compliance.
 * Tokens and device secrets are stored hashed, as security codes are, so a copy of the database enrolls nothing.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  type Device,
  type DeviceQuery,
  ENROLLMENT_TOKEN_DAYS,
  type EnrolledDevice,
  type EnrollmentToken,
  type EnrollRequest,
} from '@remote-help/protocol/devices';
import type { Compliance, DeviceCredential, SessionDevice } from '@remote-help/protocol/domain';
import type { AuditLog } from '../audit/audit-log.ts';
import { containsText } from '../db/contains-text.ts';
import type { Database } from '../db/database.ts';
import type { DeviceTable } from '../db/tables.ts';
import type { DirectoryUser } from '../directory/directory.ts';
import { inScopeGroups, type ReadScope } from '../directory/read-scope.ts';
import { Refusal } from '../domain/refusal.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
/** 128 bits from the CSPRNG, URL-safe. */
const secret = () => randomBytes(16).toString('base64url');

/** Check-ins are written at most this often per device: a reconnecting socket does not write on every connect. */
const CHECK_IN_EVERY_MS = 60_000;

export class DeviceRegistry {
  private readonly now: () => number;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    now?: () => number,
  ) {
    this.now = now ?? Date.now;
  }

  /** A token enrolls one device, unless the administrator explicitly asks for a multi-use one. */
  async createToken(admin: DirectoryUser, { multiUse }: { multiUse: boolean }): Promise<EnrollmentToken> {
    const token = secret();
    const now = this.now();
    const expiresAt = now + ENROLLMENT_TOKEN_DAYS * 86_400_000;
    await this.audit.transaction(async (trx, record) => {
      await trx
        .insertInto('enrollment_tokens')
        .values({
          token_hash: sha256(token),
          tenant_id: admin.tenantId,
          created_by: admin.id,
          created_at: now,
          expires_at: expiresAt,
          multi_use: multiUse ? 1 : 0,
          used_at: null,
        })
        .execute();
      await record({
        type: 'enrollment_token.created',
        tenantId: admin.tenantId,
        actorId: admin.id,
        data: { expiresAt, multiUse },
      });
    });
    return { token, expiresAt: new Date(expiresAt).toISOString(), multiUse };
  }

  /** The signed-in person enrolls the device they are on; they become its owner. A single-use token is spent by it. */
  async enroll(owner: DirectoryUser, request: EnrollRequest): Promise<EnrolledDevice> {
    const now = this.now();
    const id = randomUUID();
    const deviceSecret = secret();
    await this.audit.transaction(async (trx, record) => {
      const token = await trx
        .selectFrom('enrollment_tokens')
        .selectAll()
        .where('token_hash', '=', sha256(request.token))
        .executeTakeFirst();
      const spent = token?.multi_use === 0 && token.used_at !== null;
      if (!token || token.tenant_id !== owner.tenantId || token.expires_at <= now || spent) {
        throw new Refusal(
          'enrollment_token_invalid',
          'This enrollment token is not valid. Ask your administrator for a new one.',
        );
      }
      if (token.multi_use === 0) {
        // Conditional: of enrolments racing with one single-use token (on PostgreSQL, on two nodes), one spends it.
        const spent = await trx
          .updateTable('enrollment_tokens')
          .set({ used_at: now })
          .where('token_hash', '=', token.token_hash)
          .where('used_at', 'is', null)
          .executeTakeFirst();
        if (spent.numUpdatedRows !== 1n) {
          throw new Refusal(
            'enrollment_token_invalid',
            'This enrollment token is not valid. Ask your administrator for a new one.',
          );
        }
      }
      await trx
        .insertInto('devices')
        .values({
          id,
          tenant_id: owner.tenantId,
          owner_id: owner.id,
          name: request.name,
          os: request.os,
          secret_hash: sha256(deviceSecret),
          enrolled_at: now,
          last_check_in: now,
          compliance: 'unknown',
        })
        .execute();
      await record({
        type: 'device.enrolled',
        tenantId: owner.tenantId,
        actorId: owner.id,
        subjectId: id,
        data: { name: request.name, os: request.os },
      });
    });
    return { id, secret: deviceSecret, name: request.name };
  }

  /** The device a credential proves, in the person's tenant; undefined for an unknown or wrong credential. */
  async verify(credential: DeviceCredential, tenantId: string): Promise<DeviceTable | undefined> {
    const row = await this.db.selectFrom('devices').selectAll().where('id', '=', credential.id).executeTakeFirst();
    if (!row || row.tenant_id !== tenantId) return undefined;
    const given = Buffer.from(sha256(credential.secret));
    const stored = Buffer.from(row.secret_hash);
    return given.length === stored.length && timingSafeEqual(given, stored) ? row : undefined;
  }

  /** The device was seen (its app connected). */
  async checkIn(device: DeviceTable): Promise<void> {
    const now = this.now();
    if (device.last_check_in !== null && now - device.last_check_in < CHECK_IN_EVERY_MS) return;
    await this.db.updateTable('devices').set({ last_check_in: now }).where('id', '=', device.id).execute();
  }

  async setCompliance(admin: DirectoryUser, deviceId: string, compliance: Compliance): Promise<void> {
    await this.audit.transaction(async (trx, record) => {
      const result = await trx
        .updateTable('devices')
        .set({ compliance })
        .where('id', '=', deviceId)
        .where('tenant_id', '=', admin.tenantId)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw unknownDevice();
      await record({
        type: 'device.compliance_set',
        tenantId: admin.tenantId,
        actorId: admin.id,
        subjectId: deviceId,
        data: { compliance },
      });
    });
  }

  async find(tenantId: string, deviceId: string): Promise<DeviceTable> {
    const row = await this.db
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', deviceId)
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    if (!row) throw unknownDevice();
    return row;
  }

  /**
   * The tenant's devices within the reader's scope (a device is in it when it, or its owner, is), with their owners,
   * filtered as the Devices page asks; `online` says who is connected.
   */
  async list(
    tenantId: string,
    scope: ReadScope,
    query: DeviceQuery,
    online: (deviceId: string) => boolean,
  ): Promise<Device[]> {
    return this.query(tenantId, scope, query, online);
  }

  /** One device of the tenant, as the list shows it; outside the reader's scope it is unknown. */
  async get(
    tenantId: string,
    scope: ReadScope,
    deviceId: string,
    online: (deviceId: string) => boolean,
  ): Promise<Device> {
    const [device] = await this.query(tenantId, scope, {}, online, deviceId);
    if (!device) throw unknownDevice();
    return device;
  }

  private async query(
    tenantId: string,
    scope: ReadScope,
    query: DeviceQuery,
    online: (deviceId: string) => boolean,
    deviceId?: string,
  ): Promise<Device[]> {
    let q = this.db
      .selectFrom('devices')
      .innerJoin('users', 'users.id', 'devices.owner_id')
      .select([
        'devices.id',
        'devices.name',
        'devices.os',
        'devices.enrolled_at',
        'devices.last_check_in',
        'devices.compliance',
        'users.id as owner_id',
        'users.name as owner_name',
        'users.email as owner_email',
      ])
      .where('devices.tenant_id', '=', tenantId);
    if (scope !== 'all') q = q.where(inScopeGroups(scope, { person: ['devices.owner_id'], device: ['devices.id'] }));
    if (deviceId) q = q.where('devices.id', '=', deviceId);
    if (query.compliance) q = q.where('devices.compliance', '=', query.compliance);
    if (query.search) {
      // What people type is matched as it is: no wildcards.
      const needle = query.search;
      q = q.where((eb) => {
        const has = (column: 'devices.name' | 'devices.os' | 'users.name' | 'users.email') =>
          containsText(column, needle);
        return eb.or([has('devices.name'), has('devices.os'), has('users.name'), has('users.email')]);
      });
    }
    const rows = await q.orderBy('devices.name').limit(500).execute();
    const devices = rows.map(
      (r): Device => ({
        id: r.id,
        name: r.name,
        os: r.os,
        owner: { id: r.owner_id, name: r.owner_name, email: r.owner_email },
        enrolledAt: new Date(r.enrolled_at).toISOString(),
        lastCheckIn: r.last_check_in === null ? null : new Date(r.last_check_in).toISOString(),
        compliance: r.compliance,
        online: online(r.id),
      }),
    );
    return query.online ? devices.filter((d) => String(d.online) === query.online) : devices;
  }
}

export function sessionDeviceOf(row: DeviceTable | undefined): SessionDevice | null {
  return row ? { id: row.id, name: row.name, compliance: row.compliance } : null;
}

function unknownDevice(): Refusal {
  return new Refusal('device_unknown', 'There is no such device in your organisation.');
}
