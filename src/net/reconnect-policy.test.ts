import { describe, expect, it } from 'vitest';
import { backoffPolicy } from './reconnect-policy.ts';

describe('the signalling socket back-off', () => {
  it('waits anywhere from nothing up to a cap that doubles per attempt, at most 10 s (full jitter)', () => {
    for (const [attempt, cap] of [
      [0, 250],
      [3, 2000],
      [6, 10_000],
      [20, 10_000],
    ] as const) {
      const delays = Array.from({ length: 400 }, () => backoffPolicy.delay(attempt));
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...delays)).toBeLessThanOrEqual(cap);
      // Spread over the whole range, so the clients of a drained node do not come back together.
      expect(Math.min(...delays)).toBeLessThan(cap * 0.1);
      expect(Math.max(...delays)).toBeGreaterThan(cap * 0.9);
    }
  });
});
