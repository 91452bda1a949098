import { describe, expect, expectTypeOf, it } from 'vitest';
import { ALL_ENDPOINTS, endpointUrl, HTTP_API, type PathParams } from './http-api.ts';

describe('the HTTP endpoint table', () => {
  it('names each method and path once', () => {
    const routes = ALL_ENDPOINTS.map((e) => `${e.method} ${e.path}`);
    expect(new Set(routes).size).toBe(routes.length);
    expect(routes.length).toBeGreaterThan(30);
  });

  it('says which parameters a path has, in its type', () => {
    expectTypeOf<PathParams<typeof HTTP_API.devices.setCompliance>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<PathParams<typeof HTTP_API.pairing.cancelCode>>().toEqualTypeOf<{ code: string }>();
    expectTypeOf<keyof PathParams<typeof HTTP_API.app.me>>().toEqualTypeOf<never>();
  });

  it('answers with no body exactly when it answers 204', () => {
    for (const e of ALL_ENDPOINTS) expect(e.response === null, `${e.method} ${e.path}`).toBe(e.status === 204);
  });
});

describe('endpointUrl', () => {
  it('puts parameters in the path, encoded', () => {
    expect(endpointUrl(HTTP_API.devices.setCompliance, { id: 'a/b c' })).toBe('/api/devices/a%2Fb%20c/compliance');
    expect(endpointUrl(HTTP_API.sessions.agentGrant, { id: 's1' })).toBe('/api/sessions/s1/agent-grant');
  });

  it('puts the set values of the query in the query string', () => {
    expect(endpointUrl(HTTP_API.reports.sessions, {}, { person: 'Alex R', from: undefined, to: '' })).toBe(
      '/api/reports/sessions?person=Alex+R',
    );
    expect(endpointUrl(HTTP_API.devices.list)).toBe('/api/devices');
  });

  it('refuses a path whose parameter is missing', () => {
    expect(() => endpointUrl(HTTP_API.admin.deleteRole, {})).toThrow('needs its id parameter');
  });
});
