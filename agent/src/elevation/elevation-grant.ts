/**
 * The service's check before it puts anything on the secure desktop. The service trusts nothing the user-level
 * agent says: it verifies the server's grant itself (signature, issuer, audience, expiry and device, through the
 * same verifier as the agent), then the elevation rules:
 * - the grant allows elevation (the sharer said yes to it in the app, and the helper's role permits it);
 * - it is for the session the request names;
 * - the request comes from the Windows session at the console (the pipe's client session id, asked of Windows,
 *   not claimed by the caller), so a process in another user's session cannot borrow a grant;
 * - each grant starts at most one hand-off (a copied token cannot start a second helper).
 */
import type { GrantRefusalCode, GrantVerifier, VerifiedGrant } from '../grant-verifier.ts';
import type { HandoffRefusalCode } from './handoff-protocol.ts';

export interface ElevationRequest {
  sessionId: string;
  token: string;
  /** The Windows session of the process at the other end of the pipe (GetNamedPipeClientSessionId). */
  clientWindowsSession: number;
}

export type ElevationDecision =
  | { ok: true; grant: VerifiedGrant }
  | { ok: false; code: HandoffRefusalCode; reason: string };

export interface ElevationGrantCheckOptions {
  verifyGrant: GrantVerifier;
  /** The Windows session at the physical console now (WTSGetActiveConsoleSessionId); 0xFFFFFFFF when none. */
  consoleWindowsSession: () => number;
  /** How many grant ids to remember for the one-hand-off rule; grants live minutes, so a few hundred is plenty. */
  rememberGrants?: number;
}

const NO_CONSOLE_SESSION = 0xffffffff;

const fromGrantCode: Readonly<Record<GrantRefusalCode, HandoffRefusalCode>> = {
  grant_invalid: 'grant_invalid',
  grant_expired: 'grant_expired',
  grant_other_device: 'grant_other_device',
};

export function makeElevationGrantCheck(options: ElevationGrantCheckOptions) {
  const used: string[] = [];
  const limit = options.rememberGrants ?? 512;
  const refuse = (code: HandoffRefusalCode, reason: string): ElevationDecision => ({ ok: false, code, reason });

  return async (request: ElevationRequest): Promise<ElevationDecision> => {
    const console = options.consoleWindowsSession();
    if (console === NO_CONSOLE_SESSION || request.clientWindowsSession !== console) {
      return refuse('wrong_windows_session', 'Elevation is only for the Windows session at this computer’s screen.');
    }
    const verified = await options.verifyGrant(request.token);
    if (!verified.ok) return refuse(fromGrantCode[verified.code], verified.reason);
    const { grant } = verified;
    if (grant.sessionId !== request.sessionId) return refuse('grant_invalid', 'The grant is for another session.');
    if (!grant.modes.includes('elevation') || !grant.modes.includes('control')) {
      return refuse('not_permitted', 'The grant does not allow elevation.');
    }
    if (used.includes(grant.grantId)) return refuse('grant_reused', 'This grant has already started a hand-off.');
    used.push(grant.grantId);
    if (used.length > limit) used.shift();
    return { ok: true, grant };
  };
}
