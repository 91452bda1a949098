/**
 * How long a link waits before trying again. The signalling socket and the agent link both take one (injected, so a
 * test or another deployment can choose its own); the attempt count starts again from 0 once a link is up.
 */
export interface ReconnectPolicy {
  /** Milliseconds to wait before attempt `n` (0-based). */
  delay(attempt: number): number;
}

/** Capped exponential back-off with jitter, so many pages that lost the server at once do not return at once. */
export const backoffPolicy: ReconnectPolicy = {
  delay: (attempt) => Math.min(10_000, 250 * 2 ** attempt) * (0.8 + Math.random() * 0.4),
};

/** The same wait every time: for a local peer that may simply not be running yet. */
export function steadyPolicy(ms: number): ReconnectPolicy {
  return { delay: () => ms };
}
