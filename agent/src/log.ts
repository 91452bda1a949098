/**
 * One line per grant, refusal and lifecycle event on stderr, for the person running the agent. Never a token.
 * A flood must not become a flood of lines (a helper moving the pointer in view-only mode makes a refusal per move;
 * a hostile page makes what it likes): the first refusal of each kind (its code) is written, further ones of that
 * kind within REFUSAL_WINDOW_MS are only counted, and the count is written when the window ends — on the next such
 * refusal, on a timer, or when the agent stops. Other lines repeated exactly within a second are summarised too.
 */
export interface AgentLog {
  info(message: string): void;
  refusal(code: string, reason: string): void;
  /** Writes any counts still held back (the agent is stopping). */
  flush(): void;
}

const REPEAT_WINDOW_MS = 1000;
export const REFUSAL_WINDOW_MS = 10_000;

type Schedule = (run: () => void, ms: number) => void;

const unrefTimer: Schedule = (run, ms) => {
  setTimeout(run, ms).unref();
};

export function makeLog(
  write: (line: string) => void = (line) => process.stderr.write(line),
  now = Date.now,
  schedule: Schedule = unrefTimer,
): AgentLog {
  let last = '';
  let lastAt = 0;
  let repeats = 0;
  /** Per refusal code: when its window began and how many were held back since. */
  const refusals = new Map<string, { since: number; held: number }>();

  const line = (at: number, text: string) => write(`${stamp(at)} ${text}\n`);

  const emit = (text: string) => {
    const at = now();
    if (text === last && at - lastAt < REPEAT_WINDOW_MS) {
      repeats++;
      return;
    }
    if (repeats > 0) line(lastAt, `(the line above repeated ${repeats} more times)`);
    repeats = 0;
    last = text;
    lastAt = at;
    line(at, text);
  };

  const summarise = (code: string) => {
    const window = refusals.get(code);
    refusals.delete(code);
    if (!window || window.held === 0) return;
    const seconds = Math.max(1, Math.round((now() - window.since) / 1000));
    line(
      now(),
      `refused ${code} ${window.held.toLocaleString('en')} more times in ${seconds} s (not written one by one)`,
    );
  };

  return {
    info: (message) => emit(message),
    refusal(code, reason) {
      const at = now();
      const window = refusals.get(code);
      if (window && at - window.since < REFUSAL_WINDOW_MS) {
        if (window.held++ === 0) schedule(() => summarise(code), window.since + REFUSAL_WINDOW_MS - at);
        return;
      }
      if (window) summarise(code);
      refusals.set(code, { since: at, held: 0 });
      emit(`refused ${code}: ${reason}`);
    },
    flush() {
      for (const code of [...refusals.keys()]) summarise(code);
    },
  };
}

function stamp(ms: number): string {
  return new Date(ms).toISOString();
}
