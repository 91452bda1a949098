/**
 * Time for the domain: what time it is, and timers. One object, injected, so a service's clock and its timers can
 * never disagree, and a test can drive both. Timers never keep the process alive.
 */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  now(): number;
  /** Runs `task` once after `ms`. */
  after(ms: number, task: () => void): Timer;
  /** Runs `task` every `ms`. */
  every(ms: number, task: () => void): Timer;
}

/** The system's time and Node's timers (whatever `setTimeout` is when called, so fake timers in tests apply). */
export function systemClock(now: () => number = Date.now): Clock {
  return {
    now,
    after(ms, task) {
      const timer = setTimeout(task, ms);
      timer.unref();
      return { cancel: () => clearTimeout(timer) };
    },
    every(ms, task) {
      const timer = setInterval(task, ms);
      timer.unref();
      return { cancel: () => clearInterval(timer) };
    },
  };
}
