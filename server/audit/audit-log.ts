/**
 * The audit log: append-only and tamper-evident. Each record's hash covers its content and the previous record's hash,
 * so changing or removing a record breaks every hash after it.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../db/database.ts';

export interface AuditEvent {
  type: string;
  tenantId?: string | null;
  actorId?: string | null;
  subjectId?: string | null;
  data?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);

export function recordHash(
  prevHash: string,
  r: {
    at: number;
    tenant_id: string | null;
    type: string;
    actor_id: string | null;
    subject_id: string | null;
    data: string;
  },
): string {
  return createHash('sha256')
    .update(JSON.stringify([prevHash, r.at, r.tenant_id, r.type, r.actor_id, r.subject_id, r.data]))
    .digest('hex');
}

export class AuditLog {
  // Appends run one after another through this chain, so each sees the hash its predecessor wrote.
  private tail: Promise<string>;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {
    this.tail = db
      .selectFrom('audit_log')
      .select('hash')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst()
      .then((r) => r?.hash ?? GENESIS_HASH);
  }

  append(event: AuditEvent): Promise<void> {
    const previous = this.tail;
    const next = previous.then(async (prevHash) => {
      const row = {
        at: this.now(),
        tenant_id: event.tenantId ?? null,
        type: event.type,
        actor_id: event.actorId ?? null,
        subject_id: event.subjectId ?? null,
        data: JSON.stringify(event.data ?? {}),
      };
      const hash = recordHash(prevHash, row);
      await this.db
        .insertInto('audit_log')
        .values({ ...row, prev_hash: prevHash, hash })
        .execute();
      return hash;
    });
    // A failed append must not wedge the chain: later appends continue from the last hash that was written.
    this.tail = next.catch(() => previous);
    return next.then(() => undefined);
  }
}
