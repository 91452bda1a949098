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
  token(): Promise<string>;
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
      // The default would add offline_access in a way the development provider drops; ask for it with the scopes.
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
  const scopes = [...config.auth.scopes, 'offline_access'];

  return {
    account: () => msal.getActiveAccount() ?? undefined,
    async signIn() {
      await msal.loginRedirect({ scopes });
    },
    async signOut() {
      const account = msal.getActiveAccount() ?? undefined;
      await msal.logoutRedirect({ account });
    },
    async token() {
      const account = msal.getActiveAccount();
      if (!account) throw new Error('not signed in');
      try {
        return (await msal.acquireTokenSilent({ scopes, account })).accessToken;
      } catch (e) {
        if (e instanceof InteractionRequiredAuthError) await msal.acquireTokenRedirect({ scopes, account });
        throw e;
      }
    },
  };
}
