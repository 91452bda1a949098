/** Reports (spec 5.4): for people with the readReports permission, in their own tenant only. */
import { HTTP_API } from '@remote-help/protocol/http-api';
import type { ReportQuery, SessionReportRow } from '@remote-help/protocol/reports';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import type { Directory } from '../directory/directory.ts';
import { sessionReport, sessionReportCsv } from '../reports/session-report.ts';
import type { Callers } from './authenticate.ts';
import { serve } from './endpoint.ts';

export interface ReportRouteDeps {
  db: Database;
  directory: Directory;
  callers: Callers;
}

export function registerReportRoutes(app: FastifyInstance, deps: ReportRouteDeps): void {
  async function reportFor(req: FastifyRequest, query: () => ReportQuery): Promise<SessionReportRow[]> {
    const user = await deps.callers.requirePermission(req, 'readReports');
    return sessionReport(deps.db, user.tenantId, await deps.directory.readScope(user.id, 'readReports'), query());
  }

  serve(app, HTTP_API.reports.sessions, async ({ req, reply, query }) => {
    const sessions = await reportFor(req, query);
    reply.header('cache-control', 'no-store');
    return { sessions };
  });

  const csv = HTTP_API.reports.sessionsCsv;
  serve(app, csv, async ({ req, reply, query }) => {
    const text = sessionReportCsv(await reportFor(req, query));
    reply
      .header('cache-control', 'no-store')
      .header('content-type', csv.response.file)
      .header('content-disposition', 'attachment; filename="remote-help-sessions.csv"');
    return text;
  });
}
