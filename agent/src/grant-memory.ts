/**
 * What the agent remembers of grants, so that none can be used twice (spec 6): the id (`jti`) of every grant it has
 * accepted, until that grant would have expired anyway, and every session the page said has ended, for as long as a
 * grant made before the end could still be valid. A grant already used, or for an ended session, is refused — with
 * its own reason — even on a later connection. Memory stays bounded: expired entries go, and the oldest go first
 * beyond a fixed number.
 */
import { AGENT_GRANT_MAX_SECONDS } from '@remote-help/protocol/agent';
import type { VerifiedGrant } from './grant-verifier.ts';
import type { GateDecision } from './input-gate.ts';

/** Clocks differ: an ended session is remembered well past the longest grant made before it ended. */
export const ENDED_SESSION_MEMORY_MS = 10 * AGENT_GRANT_MAX_SECONDS * 1000;
export const MAX_REMEMBERED = 10_000;

export class GrantMemory {
  /** Grant id → until when it matters (its expiry). */
  private readonly used = new Map<string, number>();
  /** Session id → until when it is remembered as ended. */
  private readonly ended = new Map<string, number>();

  /** May this (verified) grant be accepted now? */
  check(grant: VerifiedGrant, now: number): GateDecision {
    this.forget(now);
    if (this.ended.has(grant.sessionId)) {
      return { ok: false, code: 'session_ended', reason: 'The grant is for a session that has ended.' };
    }
    if (this.used.has(grant.grantId)) {
      return { ok: false, code: 'grant_replayed', reason: 'This grant was already used.' };
    }
    return { ok: true };
  }

  accepted(grant: VerifiedGrant, now: number): void {
    remember(this.used, grant.grantId, Math.max(grant.expiresAt, now));
  }

  sessionEnded(sessionId: string, now: number): void {
    remember(this.ended, sessionId, now + ENDED_SESSION_MEMORY_MS);
  }

  size(): number {
    return this.used.size + this.ended.size;
  }

  private forget(now: number): void {
    for (const map of [this.used, this.ended]) {
      for (const [id, until] of map) if (until < now) map.delete(id);
    }
  }
}

function remember(map: Map<string, number>, id: string, until: number): void {
  map.delete(id);
  map.set(id, until);
  // Maps keep insertion order: the first entry is the oldest.
  while (map.size > MAX_REMEMBERED) {
    const oldest = map.keys().next();
    if (oldest.done) break;
    map.delete(oldest.value);
  }
}
