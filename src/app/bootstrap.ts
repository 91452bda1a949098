/** Starts the app's connections: configuration, sign-in, API client and, once signed in, the server socket. */
import type { ClientConfig, Me } from '@remote-help/protocol/app-api';
import type { Session } from '@remote-help/protocol/domain';
import { makeSignIn, type SignIn } from '../auth/sign-in.ts';
import { type DeviceIdentity, makeDeviceIdentity } from '../devices/device-identity.ts';
import { recordDiagnostic } from '../diagnostics/diagnostics-log.ts';
import { type ApiClient, fetchClientConfig, makeApiClient } from '../net/api-client.ts';
import { type DeviceApi, makeDeviceApi } from '../net/device-api.ts';
import { ApiRequestError } from '../net/http-call.ts';
import { backoffPolicy } from '../net/reconnect-policy.ts';
import { makeSignalingSocket, type SignalingSocket } from '../net/signaling-socket.ts';
import { APP_VERSION, compareVersions } from './version.ts';

export interface SignedIn {
  api: ApiClient;
  socket: SignalingSocket;
  devices: DeviceApi;
  /** This device's enrollment, if the app was enrolled here. */
  deviceIdentity: DeviceIdentity;
  me: Me;
  /** Sessions still open from before a reload. */
  openSessions: Session[];
  /** Where this machine's control agent listens, if it runs. */
  agentPort: number;
  /** Where sharers download the agent, per platform. */
  agentDownloads: ClientConfig['agentDownloads'];
}

export interface Boot {
  config: ClientConfig;
  signIn: SignIn;
  signedIn?: SignedIn;
}

/** Why the app cannot start: the server is unreachable, or it requires a newer version of this app. */
export type BootOutcome =
  | { kind: 'ready'; boot: Boot }
  | { kind: 'unreachable' }
  | { kind: 'update-required'; current: string; required: string };

export async function boot(): Promise<BootOutcome> {
  recordDiagnostic('app.start', { version: APP_VERSION, online: navigator.onLine });
  let config: ClientConfig;
  try {
    config = await fetchClientConfig();
  } catch (error) {
    recordDiagnostic('app.config_failed', { code: error instanceof ApiRequestError ? error.code : 'unknown' });
    // Only a server that cannot be reached is "unreachable"; any other answer (too many requests…) is said as it is.
    if (error instanceof ApiRequestError && error.code === 'network') return { kind: 'unreachable' };
    throw error;
  }
  if (compareVersions(APP_VERSION, config.minClientVersion) < 0) {
    recordDiagnostic('app.update_required', { current: APP_VERSION, required: config.minClientVersion });
    return { kind: 'update-required', current: APP_VERSION, required: config.minClientVersion };
  }
  return { kind: 'ready', boot: await signInAndConnect(config) };
}

async function signInAndConnect(config: ClientConfig): Promise<Boot> {
  const signIn = await makeSignIn(config);
  if (!signIn.account()) {
    recordDiagnostic('auth.signed_out');
    return { config, signIn };
  }
  recordDiagnostic('auth.signed_in');
  const deviceIdentity = makeDeviceIdentity();
  const api = makeApiClient(
    () => signIn.token(),
    () => deviceIdentity.get(),
  );
  const devices = makeDeviceApi(() => signIn.token(), deviceIdentity);
  const [me, openSessions] = await Promise.all([api.me(), api.activeSessions()]);
  const wsUrl = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/ws`;
  const socket = makeSignalingSocket(
    wsUrl,
    (options) => signIn.token(options),
    backoffPolicy,
    () => deviceIdentity.get(),
  );
  return {
    config,
    signIn,
    signedIn: {
      api,
      devices,
      deviceIdentity,
      socket,
      me,
      openSessions,
      agentPort: config.agentPort,
      agentDownloads: config.agentDownloads,
    },
  };
}
