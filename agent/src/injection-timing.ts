/**
 * How long the backend takes to apply input, for the repo's benchmark: N pointer moves and N key presses, each
 * timed from the call until the backend reports it done (for X11: processed by the X server, after XSync).
 */
import type { InputBackend } from './backends/backend.ts';

export interface TimingSummary {
  count: number;
  medianMs: number;
  p99Ms: number;
}

export interface InjectionTiming {
  backend: string;
  pointerMove: TimingSummary;
  /** A key-down and its key-up. */
  keyPress: TimingSummary;
}

/** Nearest-rank percentile of already sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

function summarise(durations: number[]): TimingSummary {
  const sorted = [...durations].sort((a, b) => a - b);
  return { count: sorted.length, medianMs: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}

async function timeEach(count: number, action: (i: number) => Promise<void>): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await action(i);
    durations.push(performance.now() - start);
  }
  return durations;
}

/**
 * Moves the pointer along a diagonal sweep and presses Shift (which types nothing, so a real desktop is not
 * disturbed beyond the pointer moving). Run it against a throwaway X server (Xvfb) where possible.
 */
export async function measureInjectionTiming(backend: InputBackend, count = 1000): Promise<InjectionTiming> {
  const { width, height } = backend.screenSize();
  const moves = await timeEach(count, (i) => {
    const step = (i % 100) / 100;
    return backend.movePointer(Math.round(step * (width - 1)), Math.round(step * (height - 1)));
  });
  const keys = await timeEach(count, async () => {
    await backend.key('ShiftLeft', true);
    await backend.key('ShiftLeft', false);
  });
  return { backend: backend.name, pointerMove: summarise(moves), keyPress: summarise(keys) };
}
