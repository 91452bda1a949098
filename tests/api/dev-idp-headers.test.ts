/** The development identity provider's own pages carry the app's security headers (issue 11, item 4). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const SECURITY_HEADERS = ['content-security-policy', 'x-frame-options', 'x-content-type-options'] as const;

/** oidc-provider allows the one inline script of its auto-submitting forms by its exact hash, and nothing more. */
const withoutOwnScriptHash = (value: string | null) => value?.replace(/ 'sha256-[\w+/=]+'/g, '') ?? null;

describe('development identity provider pages', () => {
  it('carry the same CSP, framing and nosniff headers as the app', async () => {
    const app = await fetch(`${server.origin}/api/config`);
    const pages = [
      // oidc-provider's own error page, its discovery document and its logout page.
      await fetch(`${server.origin}/dev-idp/auth?client_id=nobody`),
      await fetch(`${server.origin}/dev-idp/.well-known/openid-configuration`),
      await fetch(`${server.origin}/dev-idp/session/end`),
    ];
    for (const page of pages) {
      for (const name of SECURITY_HEADERS) {
        expect({ url: page.url, name, value: withoutOwnScriptHash(page.headers.get(name)) }).toEqual({
          url: page.url,
          name,
          value: app.headers.get(name),
        });
      }
    }
    expect(app.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(app.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('keep the sign-in page’s own stricter policy, never framed', async () => {
    const auth = await fetch(
      `${server.origin}/dev-idp/auth?${new URLSearchParams({
        client_id: 'remote-help-spa',
        redirect_uri: `${server.origin}/`,
        response_type: 'code',
        scope: 'openid',
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S256',
      })}`,
      { redirect: 'manual' },
    );
    const location = auth.headers.get('location');
    expect(location).toMatch(/\/dev-idp\/interaction\//);
    const page = await fetch(new URL(location ?? '', server.origin), {
      headers: {
        cookie: auth.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; '),
      },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
