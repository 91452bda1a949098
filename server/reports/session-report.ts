/**
 * The sessions report (spec 5.4): who helped whom, on which device, when, for how long, in which modes and how it
 * ended — for one tenant, filtered by person, dates and outcome. Read straight from the sessions table, which the
 * live-session code keeps in step with the audit log.
 */
import type { Mode } from '@remote-help/protocol/domain';
import type { ReportQuery, SessionReportRow } from '@remote-help/protocol/reports';
import { containsText } from '../db/contains-text.ts';
import type { Database } from '../db/database.ts';
import { inScopeGroups, type ReadScope } from '../directory/read-scope.ts';

const DAY_MS = 86_400_000;
/** More than a screen of rows; a narrower filter finds the rest. */
export const MAX_REPORT_ROWS = 5000;

/** The tenant's sessions within the reader's scope: those whose sharer or device is in it. */
export async function sessionReport(
  db: Database,
  tenantId: string,
  scope: ReadScope,
  query: ReportQuery,
): Promise<SessionReportRow[]> {
  let q = db
    .selectFrom('sessions as s')
    .innerJoin('users as h', 'h.id', 's.helper_id')
    .innerJoin('users as r', 'r.id', 's.sharer_id')
    .leftJoin('devices as d', 'd.id', 's.device_id')
    .select([
      'd.id as device_id',
      'd.name as device_name',
      's.id',
      's.started_at',
      's.ended_at',
      's.end_reason',
      's.modes_used',
      'h.id as helper_id',
      'h.name as helper_name',
      'h.email as helper_email',
      'r.id as sharer_id',
      'r.name as sharer_name',
      'r.email as sharer_email',
    ])
    .where('s.tenant_id', '=', tenantId);
  if (scope !== 'all') q = q.where(inScopeGroups(scope, { person: ['s.sharer_id'], device: ['s.device_id'] }));
  if (query.from) q = q.where('s.started_at', '>=', Date.parse(`${query.from}T00:00:00Z`));
  if (query.to) q = q.where('s.started_at', '<', Date.parse(`${query.to}T00:00:00Z`) + DAY_MS);
  if (query.outcome === 'active') q = q.where('s.ended_at', 'is', null);
  else if (query.outcome === 'ended') q = q.where('s.ended_at', 'is not', null);
  else if (query.outcome) q = q.where('s.end_reason', '=', query.outcome);
  if (query.person) {
    // Case-insensitive match on either person's name or email; LIKE wildcards in the input are taken literally.
    const person = query.person;
    q = q.where((eb) =>
      eb.or(['h.name', 'h.email', 'r.name', 'r.email'].map((column) => containsText(column, person))),
    );
  }
  if (query.device) {
    const device = query.device;
    q = q.where((eb) => eb.or([eb('d.id', '=', device), containsText('d.name', device)]));
  }
  const rows = await q.orderBy('s.started_at', 'desc').limit(MAX_REPORT_ROWS).execute();
  return rows.map((r) => ({
    sessionId: r.id,
    helper: { id: r.helper_id, name: r.helper_name, email: r.helper_email },
    sharer: { id: r.sharer_id, name: r.sharer_name, email: r.sharer_email },
    device: r.device_name ?? null,
    startedAt: new Date(r.started_at).toISOString(),
    endedAt: r.ended_at === null ? null : new Date(r.ended_at).toISOString(),
    durationSeconds: r.ended_at === null ? null : Math.round((r.ended_at - r.started_at) / 1000),
    modes: JSON.parse(r.modes_used) as Mode[],
    outcome: r.ended_at === null ? 'active' : (r.end_reason ?? 'ended'),
  }));
}

const CSV_HEADER = [
  'session',
  'helper',
  'helper email',
  'sharer',
  'sharer email',
  'device',
  'started',
  'ended',
  'duration (s)',
  'modes',
  'outcome',
];

/** One CSV field (RFC 4180), made inert for spreadsheets: a leading =, +, - or @ would be read as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function sessionReportCsv(rows: SessionReportRow[]): string {
  const lines = [
    CSV_HEADER,
    ...rows.map((r) => [
      r.sessionId,
      r.helper.name,
      r.helper.email,
      r.sharer.name,
      r.sharer.email,
      r.device ?? '',
      r.startedAt,
      r.endedAt ?? '',
      r.durationSeconds === null ? '' : String(r.durationSeconds),
      r.modes.join(' '),
      r.outcome,
    ]),
  ];
  return `${lines.map((fields) => fields.map(csvField).join(',')).join('\r\n')}\r\n`;
}
