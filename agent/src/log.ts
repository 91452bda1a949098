/**
 * One line per grant, refusal and lifecycle event on stderr, for the person running the agent. Never a token.
 * A helper moving the pointer in view-only mode makes a refusal per move: repeats of the same line within a
 * second are counted and summarised instead of flooding the log.
 */
export interface AgentLog {
  info(message: string): void;
  refusal(code: string, reason: string): void;
}

const REPEAT_WINDOW_MS = 1000;

export function makeLog(
  write: (line: string) => void = (line) => process.stderr.write(line),
  now = Date.now,
): AgentLog {
  let last = '';
  let lastAt = 0;
  let repeats = 0;

  const emit = (line: string) => {
    const at = now();
    if (line === last && at - lastAt < REPEAT_WINDOW_MS) {
      repeats++;
      return;
    }
    if (repeats > 0) write(`${stamp(lastAt)} (the line above repeated ${repeats} more times)\n`);
    repeats = 0;
    last = line;
    lastAt = at;
    write(`${stamp(at)} ${line}\n`);
  };

  return {
    info: (message) => emit(message),
    refusal: (code, reason) => emit(`refused ${code}: ${reason}`),
  };
}

function stamp(ms: number): string {
  return new Date(ms).toISOString();
}
