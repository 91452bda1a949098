/**
 * Sign-in through MSAL: Entra ID in production, the embedded development provider otherwise (given to MSAL as an
 * https authority plus its metadata, because MSAL refuses http authorities).
 */
import {
  type AccountInfo,
  InteractionRequiredAuthError,
  ProtocolMode,
  PublicClientApplication,
} from '@azure/msal-browser';
import type { ClientConfig } from '@remote-help/protocol/app-api';

export interface SignIn {
  account(): AccountInfo | undefined;
  signIn(): Promise<void>;
  signOut(): Promise<void>;
  /** `fresh`: from the provider, not the cache (the server said the cached one expired). */
  token(options?: { fresh?: boolean }): Promise<string>;
}

export async function makeSignIn(config: ClientConfig): Promise<SignIn> {
  const origin = window.location.origin;
  const msal = new PublicClientApplication({
    auth: {
      clientId: config.auth.clientId,
      authority: config.auth.authority,
      knownAuthorities: config.auth.knownAuthorities,
      authorityMetadata: config.auth.authorityMetadata,
      redirectUri: `${origin}/`,
      postLogoutRedirectUri: `${origin}/`,
      // MSAL's default would add offline_access, which the development provider refuses on refresh; the server's
      // scopes say whether to ask for it.
      OIDCOptions: { defaultScopes: ['openid', 'profile', 'email'] },
    },
    cache: { cacheLocation: 'sessionStorage' },
    system: { protocolMode: config.auth.protocolMode === 'OIDC' ? ProtocolMode.OIDC : ProtocolMode.AAD },
  });
  await msal.initialize();
  const result = await msal.handleRedirectPromise();
  if (result?.account) msal.setActiveAccount(result.account);
  else {
    const [first] = msal.getAllAccounts();
    if (first) msal.setActiveAccount(first);
  }
  const { scopes } = config.auth;

  return {
    account: () => msal.getActiveAccount() ?? undefined,
    async signIn() {
      await msal.loginRedirect({ scopes });
    },
    async signOut() {
      const account = msal.getActiveAccount() ?? undefined;
      await msal.logoutRedirect({ account });
    },
    async token(options) {
      const account = msal.getActiveAccount();
      if (!account) throw new Error('not signed in');
      try {
        return (await msal.acquireTokenSilent({ scopes, account, forceRefresh: options?.fresh === true })).accessToken;
      } catch (e) {
        if (e instanceof InteractionRequiredAuthError) await msal.acquireTokenRedirect({ scopes, account });
        throw e;
      }
    },
  };
}
