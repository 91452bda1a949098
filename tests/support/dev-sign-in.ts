/**
 * Signs a seeded user in to the development identity provider the way a browser would — authorization code with
 * PKCE, through the provider's own sign-in form — and returns a real access token. For API tests and benchmarks.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DEV_CLIENT_ID, DEV_SCOPE } from '../../server/config.ts';
import { ROSTER } from '../fixtures/roster.ts';

class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface SignInOptions {
  password?: string;
  mfa?: boolean;
}

export interface BeginOptions {
  /**
   * Send every request to this node's origin instead of `origin` (the public one the provider names), as a load
   * balancer would: to see one node of several issue the tokens.
   */
  through?: string;
}

export async function devSignIn(
  origin: string,
  email: string,
  options: SignInOptions & BeginOptions = {},
): Promise<string> {
  return (await (await beginDevSignIn(origin, options)).finish(email, options)).accessToken;
}

export interface DevTokens {
  accessToken: string;
  refreshToken: string;
}

/** Signs in and returns the refresh token too, for tests of what happens when the access token expires. */
export async function devSignInTokens(origin: string, email: string, options: SignInOptions = {}): Promise<DevTokens> {
  return (await beginDevSignIn(origin)).finish(email, options);
}

/**
 * A sign-in in two steps, as a person takes them: the browser is sent to the provider's sign-in page (`begin`), then
 * the person submits the form (`finish`) — perhaps after the server has restarted in between.
 */
export async function beginDevSignIn(
  origin: string,
  { through }: BeginOptions = {},
): Promise<{ finish(email: string, options?: SignInOptions): Promise<DevTokens> }> {
  const issuer = `${origin}/dev-idp`;
  const redirectUri = `${origin}/`;
  const jar = new CookieJar();
  const target = (url: string) => {
    const resolved = new URL(url, origin);
    if (through) {
      const node = new URL(through);
      resolved.protocol = node.protocol;
      resolved.host = node.host;
    }
    return resolved;
  };
  const go = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(target(url), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.store(res);
    return res;
  };
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const auth = new URL(`${issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: DEV_CLIENT_ID,
    redirect_uri: redirectUri,
    response_type: 'code',
    response_mode: 'query',
    scope: `openid profile email offline_access ${DEV_SCOPE}`,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: randomBytes(8).toString('hex'),
    nonce: randomBytes(8).toString('hex'),
  }).toString();

  const started = await go(auth.toString());
  const interaction = started.headers.get('location');
  if (!interaction) throw new Error(`no interaction redirect (${started.status})`);

  async function finish(email: string, options: SignInOptions = {}): Promise<DevTokens> {
    let res = await go(`${interaction}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        email,
        password: options.password ?? 'remotehelp',
        ...(options.mfa ? { mfa: 'yes' } : {}),
      }).toString(),
    });
    if (res.status === 401) throw new Error(`sign-in refused for ${email}`);
    // Follow the provider's redirects until it hands the code to the app's redirect URI.
    for (let hop = 0; hop < 5; hop++) {
      const location = res.headers.get('location');
      if (!location) throw new Error(`sign-in stopped at ${res.status}`);
      const next = new URL(location, origin);
      if (next.href.startsWith(redirectUri) && next.searchParams.has('code')) {
        const token = await fetch(target(`${issuer}/token`), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code: next.searchParams.get('code') ?? '',
            redirect_uri: redirectUri,
            client_id: DEV_CLIENT_ID,
            code_verifier: verifier,
          }).toString(),
        });
        const body = (await token.json()) as { access_token?: string; refresh_token?: string; error?: string };
        if (!body.access_token) throw new Error(`token request failed: ${body.error ?? token.status}`);
        return { accessToken: body.access_token, refreshToken: body.refresh_token ?? '' };
      }
      res = await go(next.toString());
    }
    throw new Error('too many redirects during sign-in');
  }
  return { finish };
}

/** A new access token for a refresh token, as the app's sign-in library would get one. */
export async function refreshDevToken(origin: string, refreshToken: string): Promise<string> {
  const res = await fetch(`${origin}/dev-idp/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: DEV_CLIENT_ID }),
  });
  const body = (await res.json()) as { access_token?: string; error?: string };
  if (!body.access_token) throw new Error(`refresh failed: ${body.error ?? res.status}`);
  return body.access_token;
}

/** Signs each named person of the seeded roster in; their tokens by name. */
export async function signInPeople<N extends keyof typeof ROSTER>(
  origin: string,
  names: readonly N[],
): Promise<Record<N, string>> {
  const tokens = {} as Record<N, string>;
  for (const name of names) tokens[name] = await devSignIn(origin, ROSTER[name].email);
  return tokens;
}
