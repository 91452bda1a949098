/**
 * The one place that decides whether a helper's input may reach the desktop. Pure and synchronous: it holds the
 * current grant and the sharer's current mode, and is asked again for every event just before it is applied — so
 * switching to view only also stops events already queued.
 */
import type { AgentErrorCode } from '@remote-help/protocol/agent';
import type { VerifiedGrant } from './grant-verifier.ts';

/** The sharer's mode as the page reports it in `agent.mode`. */
export type SessionMode = 'none' | 'view' | 'control';

export type GateDecision = { ok: true } | { ok: false; code: AgentErrorCode; reason: string };

const allowed: GateDecision = { ok: true };

function refused(code: AgentErrorCode, reason: string): GateDecision {
  return { ok: false, code, reason };
}

export class InputGate {
  private grant: VerifiedGrant | null = null;
  private mode: { sessionId: string; mode: SessionMode } | null = null;
  /**
   * Sessions in which input was applied under an elevation grant and whose sign-out has not run yet. Kept past
   * the grant's expiry, `agent.end` and reconnects: sign-out is what follows elevated help, so it must stay possible.
   */
  private readonly elevatedSessions = new Set<string>();

  /** Holds at most one grant: a new one replaces the previous, whichever session it was for. */
  setGrant(grant: VerifiedGrant): void {
    this.grant = grant;
  }

  currentGrant(): VerifiedGrant | null {
    return this.grant;
  }

  setMode(sessionId: string, mode: SessionMode): void {
    this.mode = { sessionId, mode };
  }

  /** The session ended or control was taken back: forget its grant. Returns whether there was one to forget. */
  end(sessionId: string): boolean {
    if (this.mode?.sessionId === sessionId) this.mode = null;
    if (this.grant?.sessionId !== sessionId) return false;
    this.grant = null;
    return true;
  }

  /** A new page connection starts from nothing: it must hand over its grant and mode again. */
  reset(): void {
    this.grant = null;
    this.mode = null;
  }

  /** May an input event for this session be applied now? */
  check(sessionId: string, now: number): GateDecision {
    const grant = this.grant;
    if (!grant) return refused('no_grant', 'There is no grant for input.');
    if (grant.sessionId !== sessionId) return refused('other_session', 'The grant is for another session.');
    if (now >= grant.expiresAt) return refused('grant_expired', 'The grant has expired.');
    if (!grant.modes.includes('control')) return refused('not_permitted', 'The grant does not allow control.');
    const mode = this.mode?.sessionId === sessionId ? this.mode.mode : 'none';
    if (mode !== 'control')
      return refused('not_in_control', `The session is in ${mode === 'none' ? 'no' : mode} mode.`);
    return allowed;
  }

  /**
   * Records that input was applied for the session. Returns true the first time this happens under a grant that
   * includes elevation, which is when the page must be told (`agent.elevatedUsed`).
   */
  markApplied(sessionId: string): boolean {
    const grant = this.grant;
    if (!grant || grant.sessionId !== sessionId || !grant.modes.includes('elevation')) return false;
    if (this.elevatedSessions.has(sessionId)) return false;
    this.elevatedSessions.add(sessionId);
    return true;
  }

  elevationUsed(sessionId: string): boolean {
    return this.elevatedSessions.has(sessionId);
  }

  /** Sign-out runs only for a session in which elevated input was applied. */
  checkSignOut(sessionId: string): GateDecision {
    if (this.elevatedSessions.has(sessionId)) return allowed;
    if (!this.grant) return refused('no_grant', 'There is no grant for this session.');
    if (this.grant.sessionId !== sessionId) return refused('other_session', 'The grant is for another session.');
    return refused('not_permitted', 'No elevated input was applied, so there is nothing to sign out from.');
  }

  signedOut(sessionId: string): void {
    this.elevatedSessions.delete(sessionId);
  }
}
