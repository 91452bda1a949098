/** Signed grants for the elevation tests: a real ES256 key pair and the agent's real verifier. */

import { AGENT_GRANT_AUDIENCE } from '@remote-help/protocol/agent';
import type { Mode } from '@remote-help/protocol/domain';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { type GrantVerifier, makeGrantVerifier } from '../src/grant-verifier.ts';

export const APP = 'https://remotehelp.example.com';
export const DEVICE = 'device-under-test';

export interface GrantFactory {
  verifier: GrantVerifier;
  sign(options?: {
    sessionId?: string;
    modes?: Mode[];
    expiresIn?: number;
    device?: string;
    jti?: string;
  }): Promise<string>;
}

export async function grantFactory(now: () => number = Date.now): Promise<GrantFactory> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] });
  return {
    verifier: makeGrantVerifier({ appOrigin: APP, deviceId: DEVICE, keys, now }),
    sign: (options = {}) => {
      const issued = Math.floor(now() / 1000);
      return (
        new SignJWT({ device: options.device ?? DEVICE, modes: options.modes ?? ['control', 'elevation'] })
          .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'JWT' })
          .setIssuer(APP)
          .setAudience(AGENT_GRANT_AUDIENCE)
          .setSubject(options.sessionId ?? 'session-1')
          .setIssuedAt(issued - 5)
          // Lasting 60 s from its issue, as the server makes them.
          .setExpirationTime(issued + (options.expiresIn ?? 55))
          .setJti(options.jti ?? `grant-${Math.random().toString(36).slice(2)}`)
          .sign(privateKey)
      );
    },
  };
}
