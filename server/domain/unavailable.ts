/**
 * The refusal for a decision that needs the cluster's shared state (the database, Redis) while it cannot be reached:
 * the decision is not taken without it — no lock-out skipped, nothing spent twice — and the person is told to retry.
 */
import { Refusal } from './refusal.ts';

export function unavailable(): Refusal {
  return new Refusal('service_unavailable', 'The service cannot decide this right now. Try again in a moment.');
}

/** The work's result; a failure that is not already a refusal becomes `unavailable()`. */
export async function orUnavailable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof Refusal ? error : unavailable();
  }
}
