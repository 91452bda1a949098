/** The administrator's own calls to the main server's API, for setting tests up and putting things back as seeded. */
import { expect } from '@playwright/test';
import type { TenantSettings } from '@remote-help/protocol/settings';
import { ROSTER } from '../tests/fixtures/roster.ts';
import { devSignIn } from '../tests/support/dev-sign-in.ts';
import { SERVERS } from './servers.ts';

const origin = SERVERS.main.origin;

export async function adminApi(method: string, path: string, body?: unknown): Promise<Response> {
  const token = await devSignIn(origin, ROSTER.isaiah.email);
  return fetch(`${origin}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The tenant's settings, changed as the Administration page changes them. */
export async function setSettings(settings: TenantSettings): Promise<void> {
  expect((await adminApi('PUT', '/api/settings', settings)).status).toBe(200);
}
