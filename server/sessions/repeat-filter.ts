/**
 * Holds back repeats: the same request (or the same refused message) again within a short window is answered but not
 * relayed or audited again. The next one let through says how many were held back, so the audit log still counts
 * them — one record, not one per click or per frame of a flood.
 */
export const REPEAT_WINDOW_MS = 10_000;

/** Keys kept before old ones are dropped: a session has two members and a handful of message kinds. */
const PRUNE_ABOVE = 64;

export class RepeatFilter {
  private readonly last = new Map<string, { at: number; heldBack: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly windowMs = REPEAT_WINDOW_MS,
  ) {}

  /** True (and counted) when `key` was let through within the window. */
  holdBack(key: string): boolean {
    const seen = this.last.get(key);
    if (!seen || this.now() - seen.at >= this.windowMs) return false;
    seen.heldBack += 1;
    return true;
  }

  /** Records that `key` is let through now; returns how many repeats of it were held back since last time. */
  through(key: string): number {
    const heldBack = this.last.get(key)?.heldBack ?? 0;
    this.last.set(key, { at: this.now(), heldBack: 0 });
    if (this.last.size > PRUNE_ABOVE) this.prune();
    return heldBack;
  }

  private prune(): void {
    const cutoff = this.now() - this.windowMs;
    for (const [key, seen] of this.last) if (seen.at < cutoff) this.last.delete(key);
  }
}
