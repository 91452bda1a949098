/** The app's door to the HTTP API: one method per route it uses, each a call through the endpoint table. */
import type { AgentGrantResponse } from '@remote-help/protocol/agent';
import type { ClientConfig, IceConfig, Me } from '@remote-help/protocol/app-api';
import type { DeviceCredential, Session } from '@remote-help/protocol/domain';
import { HTTP_API } from '@remote-help/protocol/http-api';
import type { CreatedCode } from '@remote-help/protocol/pairing';
import type { ReportQuery, SessionReportRow } from '@remote-help/protocol/reports';
import type {
  AssignmentInput,
  AssignmentView,
  GroupView,
  PersonView,
  RoleInput,
  RoleView,
  TenantSettings,
} from '@remote-help/protocol/settings';
import { call, download, type TokenSource } from './http-call.ts';

export function fetchClientConfig(): Promise<ClientConfig> {
  return call(HTTP_API.app.config, {});
}

const { app, pairing, sessions, reports, admin, settings } = HTTP_API;

/** `device` is the enrolled device's credential, when this app has one: codes redeemed here are on that device. */
export function makeApiClient(token: TokenSource, device: () => DeviceCredential | undefined = () => undefined) {
  return {
    me: (): Promise<Me> => call(app.me, {}, token),
    createCode: (): Promise<CreatedCode> => call(pairing.createCode, {}, token),
    cancelCode: (code: string): Promise<void> => call(pairing.cancelCode, { params: { code } }, token),
    iceConfig: (): Promise<IceConfig> => call(sessions.iceServers, {}, token),
    activeSessions: async (): Promise<Session[]> => (await call(sessions.active, {}, token)).sessions,
    agentGrant: (sessionId: string, device: string, modes: ('control' | 'elevation')[]): Promise<AgentGrantResponse> =>
      call(sessions.agentGrant, { params: { id: sessionId }, body: { device, modes } }, token),
    sessionReport: async (query: ReportQuery): Promise<SessionReportRow[]> =>
      (await call(reports.sessions, { query }, token)).sessions,
    /** The report as the server's CSV file, for saving. */
    sessionReportCsv: (query: ReportQuery): Promise<Blob> => download(reports.sessionsCsv, { query }, token),
    // Administration (spec 3.4, 5.3): for people with manageRemoteHelp.
    roles: async (): Promise<RoleView[]> => (await call(admin.roles, {}, token)).roles,
    createRole: (input: RoleInput): Promise<RoleView> => call(admin.createRole, { body: input }, token),
    updateRole: (id: string, input: RoleInput): Promise<RoleView> =>
      call(admin.updateRole, { params: { id }, body: input }, token),
    deleteRole: (id: string): Promise<void> => call(admin.deleteRole, { params: { id } }, token),
    groups: async (): Promise<GroupView[]> => (await call(admin.groups, {}, token)).groups,
    people: async (): Promise<PersonView[]> => (await call(admin.people, {}, token)).people,
    assignments: async (): Promise<AssignmentView[]> => (await call(admin.assignments, {}, token)).assignments,
    createAssignment: (input: AssignmentInput): Promise<AssignmentView> =>
      call(admin.createAssignment, { body: input }, token),
    deleteAssignment: (id: number): Promise<void> =>
      call(admin.deleteAssignment, { params: { id: String(id) } }, token),
    settings: (): Promise<TenantSettings> => call(settings.get, {}, token),
    saveSettings: (next: TenantSettings): Promise<TenantSettings> => call(settings.save, { body: next }, token),
    redeemCode: async (code: string): Promise<Session> =>
      (await call(pairing.redeemCode, { body: { code, device: device() } }, token)).session,
  };
}

export type ApiClient = ReturnType<typeof makeApiClient>;
