/**
 * Fuzzing every route of the HTTP API on a real server (issue 11): seeded and reproducible (FUZZ_SEED=n replays a
 * seed). For each route of the protocol's table, generated calls — by an administrator, a helper, a sharer, nobody,
 * or a forged token; with generated path parameters, queries and bodies (near the route's schemas, or anything, or
 * not JSON at all). No call may get a 5xx; every refusal carries the error body, every success the route's response;
 * the server logs no error and its memory stays bounded.
 */
import { apiErrorSchema } from '@remote-help/protocol/errors';
import { ALL_ENDPOINTS, type Endpoint } from '@remote-help/protocol/http-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ROSTER } from '../fixtures/roster.ts';
import { devSignIn } from '../support/dev-sign-in.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { heapAfterGc, MB } from './memory.ts';
import { arbitraryFor } from './schema-arbitrary.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_130);
const CALLS_PER_ROUTE = 40;

let server: TestServer;
const logLines: { level: number; msg: string }[] = [];
const tokens: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer(
    { LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000' },
    { logStream: { write: (line) => logLines.push(JSON.parse(line) as { level: number; msg: string }) } },
  );
  for (const name of ['isaiah', 'alex', 'adele'] as const)
    tokens[name] = await devSignIn(server.origin, ROSTER[name].email);
  tokens.forged = `${tokens.alex?.slice(0, -4)}AAAA`;
});
afterAll(() => server?.close());

const caller = fc.constantFrom('isaiah', 'alex', 'adele', 'forged', 'nobody');
const pathParameter = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.uuid(),
  fc.nat().map(String),
  fc.string({ minLength: 300, maxLength: 2000 }),
  fc.constantFrom('..', '%00', ' ', 'redeem', 'role-help-desk-operator', ROSTER.alex.id),
);

/** What is sent as the body: JSON near the schema (or anything), text that is not JSON, or nothing. */
function bodyFor(endpoint: Endpoint): fc.Arbitrary<{ type: string; text: string } | undefined> {
  const asJson = (endpoint.body ? arbitraryFor(endpoint.body) : fc.jsonValue({ maxDepth: 3 })).map((value) => ({
    type: 'application/json',
    text: JSON.stringify(value) ?? 'null',
  }));
  return fc.oneof(
    { weight: 8, arbitrary: asJson },
    { weight: 1, arbitrary: fc.string({ maxLength: 100 }).map((text) => ({ type: 'application/json', text })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 100 }).map((text) => ({ type: 'text/plain', text })) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

function queryFor(endpoint: Endpoint): fc.Arbitrary<Record<string, string>> {
  const near = endpoint.query
    ? arbitraryFor(endpoint.query).map((q) =>
        q && typeof q === 'object' && !Array.isArray(q)
          ? Object.fromEntries(Object.entries(q).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]))
          : {},
      )
    : fc.constant({});
  return fc.oneof(
    { weight: 4, arbitrary: near },
    fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 30 })),
  );
}

interface Call {
  who: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body?: { type: string; text: string };
}

function callFor(endpoint: Endpoint): fc.Arbitrary<Call> {
  const names = [...endpoint.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] ?? '');
  return fc.record({
    who: caller,
    params: fc
      .tuple(...names.map(() => pathParameter))
      .map((values) => Object.fromEntries(names.map((n, i) => [n, values[i] ?? '']))),
    query: queryFor(endpoint),
    body: endpoint.method === 'GET' || endpoint.method === 'DELETE' ? fc.constant(undefined) : bodyFor(endpoint),
  });
}

async function call(endpoint: Endpoint, c: Call) {
  const path = endpoint.path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(c.params[name] ?? ''));
  const search = new URLSearchParams(c.query).toString();
  const token = tokens[c.who];
  const res = await fetch(`${server.origin}${path}${search ? `?${search}` : ''}`, {
    method: endpoint.method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(c.body ? { 'content-type': c.body.type } : {}),
    },
    body: c.body?.text,
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('every HTTP route under generated calls', () => {
  it(`answers without a 5xx, with the error body or the route's response (seed ${SEED})`, async () => {
    const heapBefore = heapAfterGc();
    const statuses = new Map<number, number>();
    for (const endpoint of ALL_ENDPOINTS) {
      await fc.assert(
        fc.asyncProperty(callFor(endpoint), async (c) => {
          const answer = await call(endpoint, c);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          const what = `${endpoint.method} ${endpoint.path} → ${answer.status} ${answer.text.slice(0, 200)}`;
          expect(answer.status, what).toBeLessThan(500);
          if (answer.status >= 400) {
            expect(apiErrorSchema.safeParse(JSON.parse(answer.text)).success, what).toBe(true);
          } else if (endpoint.response && 'parse' in endpoint.response && answer.status !== 204) {
            expect((endpoint.response as z.ZodType).safeParse(JSON.parse(answer.text)).success, what).toBe(true);
          }
        }),
        { seed: SEED, numRuns: CALLS_PER_ROUTE, endOnFailure: true },
      );
    }
    const calls = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(calls).toBe(ALL_ENDPOINTS.length * CALLS_PER_ROUTE);
    // Calls got past authentication and parsing into the handlers, not only refusals.
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
    expect(logLines.filter((l) => l.level >= 50)).toEqual([]);
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
    expect(heapAfterGc() - heapBefore).toBeLessThan(64 * MB);
  }, 120_000);

  it('refuses what the router refuses before any route with the error body, and does not repeat the URL', async () => {
    const code = `k7m2p9x4${'z'.repeat(200)}`;
    const long = await fetch(`${server.origin}/api/codes/${code}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${tokens.alex}` },
    });
    expect(long.status).toBe(414);
    const text = await long.text();
    expect(apiErrorSchema.parse(JSON.parse(text)).error.code).toBe('invalid_request');
    expect(text).not.toContain('k7m2p9x4');
  });
});
