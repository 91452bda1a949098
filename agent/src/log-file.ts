/**
 * The agent's log as a file, for Windows, where a program started at sign-in has no console: by default in the
 * user's temp folder. Kept small: past the limit the file becomes `<name>.old` (replacing the previous one).
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export const MAX_LOG_BYTES = 5 * 1024 * 1024;

/** A line writer for makeLog. Throws at once if the folder cannot be made, so a bad path is reported at start. */
export function fileLogWriter(file: string, maxBytes = MAX_LOG_BYTES): (line: string) => void {
  mkdirSync(dirname(file), { recursive: true });
  let size = sizeOf(file);
  return (line) => {
    try {
      if (size + Buffer.byteLength(line) > maxBytes) {
        renameSync(file, `${file}.old`);
        size = 0;
      }
      appendFileSync(file, line);
      size += Buffer.byteLength(line);
    } catch {
      // A full disk or a locked file must not stop the agent; the line is lost, the input is not.
    }
  };
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
