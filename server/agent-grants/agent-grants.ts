/**
 * Grants for the sharer's control agent (spec 6): a short-lived JWT saying "this device may apply input for this
 * session, in these modes". The sharer's page asks for one when the sharer allows full control (and again with
 * elevation once that is allowed) and hands it to its agent, which checks it against /api/agent/jwks.
 */
import { randomUUID } from 'node:crypto';
import { AGENT_GRANT_AUDIENCE, AGENT_GRANT_MAX_SECONDS, type AgentGrantResponse } from '@remote-help/protocol/agent';
import type { Mode } from '@remote-help/protocol/domain';
import { type JWK, SignJWT } from 'jose';
import type { GrantKeys } from './grant-keys.ts';

/** Short, so a leaked grant is soon worthless: the page renews it at four fifths of its life (spec 6). */
export const GRANT_TTL_SECONDS = AGENT_GRANT_MAX_SECONDS;

export interface GrantRequest {
  sessionId: string;
  device: string;
  modes: Mode[];
}

export class AgentGrants {
  constructor(
    private readonly keys: GrantKeys,
    private readonly issuer: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The current key and the previous (or next) one: grants of either verify during a rotation. */
  jwks(): { keys: JWK[] } {
    return { keys: this.keys.published() };
  }

  async issue(request: GrantRequest): Promise<AgentGrantResponse & { jti: string }> {
    const key = this.keys.signing(this.now());
    const issuedAt = Math.floor(this.now() / 1000);
    const expires = issuedAt + GRANT_TTL_SECONDS;
    const jti = randomUUID();
    const token = await new SignJWT({ device: request.device, modes: request.modes })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(AGENT_GRANT_AUDIENCE)
      .setSubject(request.sessionId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expires)
      .setJti(jti)
      .sign(key.privateKey);
    return { token, expiresAt: new Date(expires * 1000).toISOString(), jti };
  }
}
