/**
 * The embedded development identity provider (oidc-provider), mounted under /dev-idp in the app's own HTTP server.
 * It exists so `npm start` is a complete system with no tenant configured; it signs in seeded users only and is
 * refused on anything but loopback (see config.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { DEV_AUDIENCE, DEV_CLIENT_ID, DEV_IDP_PATH, DEV_SCOPE, type ServerConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Directory } from '../directory/directory.ts';
import { loadOrCreateDevSecrets } from './dev-keys.ts';
import { handleLoginInteraction, LOGIN_CSS_PATH } from './dev-login-page.ts';
import { makeDatabaseOidcAdapter } from './oidc-database-adapter.ts';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

async function firstPartyGrant(ctx: KoaContextWithOIDC) {
  const { client, session, result } = ctx.oidc;
  if (!client || !session) return undefined;
  const grantId = (result?.consent as { grantId?: string } | undefined)?.grantId ?? session.grantIdFor(client.clientId);
  if (grantId) return ctx.oidc.provider.Grant.find(grantId);
  if (client.clientId !== DEV_CLIENT_ID || !session.accountId) return undefined;
  // The app is first-party: its people are never shown a consent page.
  const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope('openid profile email offline_access');
  grant.addResourceScope(DEV_AUDIENCE, DEV_SCOPE);
  await grant.save();
  return grant;
}

export async function makeDevIdp(config: ServerConfig, directory: Directory, db: Database): Promise<NodeHandler> {
  const secrets = await loadOrCreateDevSecrets(config.keysDir);
  const accessTokenSeconds = config.devIdp?.tokenSeconds ?? 3600;
  const origin = config.publicOrigin;
  const amrOf = (ctx: KoaContextWithOIDC): string[] | undefined =>
    ctx.oidc.entities.AuthorizationCode?.amr ?? ctx.oidc.entities.RefreshToken?.amr;

  const configuration: Configuration = {
    // In the server's database, not oidc-provider's memory: a restart interrupts no sign-in and signs nobody out.
    adapter: await makeDatabaseOidcAdapter(db),
    clients: [
      {
        client_id: DEV_CLIENT_ID,
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [`${origin}/`],
        post_logout_redirect_uris: [`${origin}/`],
      },
    ],
    jwks: { keys: [secrets.signingKey] },
    cookies: { keys: [secrets.cookieSecret] },
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username', 'oid', 'tid'],
    },
    async findAccount(_ctx, id) {
      const user = await directory.findUser(id);
      if (!user) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          oid: id,
          tid: user.tenantId,
          email: user.email,
          email_verified: true,
          name: user.name,
          preferred_username: user.email,
        }),
      };
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        // The default page uses an inline script; ours is a plain form the person submits.
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign out</title><link rel="stylesheet" href="${LOGIN_CSS_PATH}"></head><body><main><h1>Sign out of the development identity provider?</h1>${form}<button form="op.logoutForm" name="logout" value="yes" type="submit">Sign out</button></main></body></html>`;
        },
      },
      resourceIndicators: {
        enabled: true,
        // MSAL never sends a resource parameter: every token is for the app's API.
        defaultResource: () => DEV_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: DEV_SCOPE,
          audience: DEV_AUDIENCE,
          accessTokenFormat: 'jwt',
          accessTokenTTL: accessTokenSeconds,
        }),
      },
    },
    pkce: { required: () => true },
    loadExistingGrant: firstPartyGrant,
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Like Entra ID, a refresh token stays usable after it is used: the app's API calls and its socket may refresh at
    // the same moment, and a rotated (spent) token used twice would revoke the whole sign-in.
    rotateRefreshToken: () => false,
    async extraTokenClaims(ctx, token) {
      if (!('accountId' in token)) return undefined;
      const user = await directory.findUser(token.accountId);
      if (!user) return undefined;
      return { oid: user.id, tid: user.tenantId, preferred_username: user.email, name: user.name, amr: amrOf(ctx) };
    },
    interactions: { url: (_ctx, interaction) => `${DEV_IDP_PATH}/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: accessTokenSeconds,
      AuthorizationCode: 60,
      IdToken: accessTokenSeconds,
      Interaction: 60 * 60,
      Session: 14 * 24 * 60 * 60,
      Grant: 14 * 24 * 60 * 60,
      RefreshToken: 14 * 24 * 60 * 60,
    },
  };

  const provider = new Provider(config.identity.issuer, configuration);
  const callback = provider.callback();
  const loginPassword = config.devIdp?.password ?? '';

  return (req, res) => {
    const url = req.url ?? '/';
    void handleLoginInteraction(provider, directory, loginPassword, req, res)
      .then((handled) => {
        if (handled) return;
        // oidc-provider derives its mount path from the difference between originalUrl and url.
        (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
        req.url = url.slice(DEV_IDP_PATH.length) || '/';
        callback(req, res);
      })
      .catch(() => {
        // The sign-in page answers its own failures; this is the last word if even that could not be written.
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('The development sign-in failed.');
      });
  };
}
