/** A reactive clock for countdowns, ticking while the calling component lives. */
import { createSignal, onCleanup } from 'solid-js';

export function createNow(intervalMs = 1000): () => number {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), intervalMs);
  onCleanup(() => clearInterval(timer));
  return now;
}
