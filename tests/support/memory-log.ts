/** A Log (server/logging/log.ts) that keeps its lines, so a test can see what was logged and at which level. */
import type { Log } from '../../server/logging/log.ts';

export interface LogLine {
  level: 'error' | 'warn' | 'info';
  message: string;
  details: object;
}

export function memoryLog(): Log & { lines: LogLine[]; at(level: LogLine['level']): string[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    at: (level) => lines.filter((l) => l.level === level).map((l) => l.message),
    error: (details, message) => lines.push({ level: 'error', message, details }),
    warn: (details, message) => lines.push({ level: 'warn', message, details }),
    info: (details, message) => lines.push({ level: 'info', message, details }),
  };
}
