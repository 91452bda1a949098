/** Reports (spec 5.4): for people with the readReports permission, in their own tenant only. */
import { reportQuerySchema, type SessionReportRow } from '@remote-help/protocol/reports';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import type { Directory } from '../directory/directory.ts';
import { Refusal } from '../domain/refusal.ts';
import { sessionReport, sessionReportCsv } from '../reports/session-report.ts';
import type { makeRequirePermission } from './authenticate.ts';

export interface ReportRouteDeps {
  db: Database;
  directory: Directory;
  requirePermission: ReturnType<typeof makeRequirePermission>;
}

export function registerReportRoutes(app: FastifyInstance, deps: ReportRouteDeps): void {
  async function reportFor(req: FastifyRequest): Promise<SessionReportRow[]> {
    const user = await deps.requirePermission(req, 'readReports');
    const query = reportQuerySchema.safeParse(req.query);
    if (!query.success) throw new Refusal('invalid_request', 'The report filters are not in the expected form.');
    return sessionReport(deps.db, user.tenantId, await deps.directory.readScope(user.id, 'readReports'), query.data);
  }

  app.get('/api/reports/sessions', async (req, reply) => {
    const sessions = await reportFor(req);
    reply.header('cache-control', 'no-store');
    return { sessions };
  });

  app.get('/api/reports/sessions.csv', async (req, reply) => {
    const csv = sessionReportCsv(await reportFor(req));
    reply
      .header('cache-control', 'no-store')
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="remote-help-sessions.csv"');
    return csv;
  });
}
