/**
 * How long a link waits before trying again. The signalling socket and the agent link both take one (injected, so a
 * test or another deployment can choose its own); the attempt count starts again from 0 once a link is up.
 */
export interface ReconnectPolicy {
  /** Milliseconds to wait before attempt `n` (0-based). */
  delay(attempt: number): number;
}

/**
 * Capped exponential back-off with full jitter (anywhere from 0 to the cap): the many pages that lost a node at once
 * — a drained node closes its sockets with "service restart" — return spread out, not in waves.
 */
export const backoffPolicy: ReconnectPolicy = {
  delay: (attempt) => Math.random() * Math.min(10_000, 250 * 2 ** attempt),
};

/** The same wait every time: for a local peer that may simply not be running yet. */
export function steadyPolicy(ms: number): ReconnectPolicy {
  return { delay: () => ms };
}
