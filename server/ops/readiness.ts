/**
 * Whether this node should be sent traffic (`/readyz`). Any part can report a reason it is not ready (draining after
 * SIGTERM, a database or Redis it cannot reach) and withdraw it when it recovers; the node is ready with none.
 */
export class Readiness {
  private readonly problems = new Map<string, string>();

  /** Reports `part` as not ready, saying why; `undefined` clears it. */
  report(part: string, problem: string | undefined): void {
    if (problem === undefined) this.problems.delete(part);
    else this.problems.set(part, problem);
  }

  isReady(): boolean {
    return this.problems.size === 0;
  }

  /** What keeps the node out of service, by part. */
  reasons(): Record<string, string> {
    return Object.fromEntries(this.problems);
  }
}
