/**
 * One queue for everything that touches the desktop, run strictly in order and one at a time: a key-up must never
 * overtake its key-down, and a click must land where the preceding move put the pointer. Only pointer moves may be
 * merged: of several moves waiting back to back, just the latest matters.
 */
export interface QueuedTask {
  /** A task that the next coalescible task may replace while both are still waiting (pointer moves). */
  coalescible?: boolean;
  /** Never refused for the limit: letting go of held keys must happen even when the page floods the queue. */
  essential?: boolean;
  run: () => Promise<void>;
}

/** Enough for a burst of typing; beyond it the page is sending faster than the desktop takes input. */
export const DEFAULT_QUEUE_LIMIT = 1024;

export class SerialQueue {
  private readonly waiting: QueuedTask[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly onError: (error: unknown) => void,
    private readonly limit = DEFAULT_QUEUE_LIMIT,
  ) {}

  /** Adds a task; false if the queue is full (the caller refuses the event). */
  push(task: QueuedTask): boolean {
    const last = this.waiting.at(-1);
    if (task.coalescible && last?.coalescible) {
      this.waiting[this.waiting.length - 1] = task;
      return true;
    }
    if (this.waiting.length >= this.limit && !task.essential) return false;
    this.waiting.push(task);
    this.running ??= this.drain();
    return true;
  }

  /** Drops every task not started yet (a connection was replaced or closed). */
  clear(): void {
    this.waiting.length = 0;
  }

  /** Resolves once every queued task has run. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      for (let task = this.waiting.shift(); task; task = this.waiting.shift()) {
        try {
          await task.run();
        } catch (e) {
          this.onError(e);
        }
      }
    } finally {
      this.running = null;
    }
  }
}
