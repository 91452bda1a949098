/**
 * Runs the configured sign-out (lock the screen or end the desktop session) after elevated help. The command
 * comes only from the agent's own configuration; nothing from the network reaches it, so running it through
 * the system's shell (/bin/sh for $XDG_SESSION_ID and the like, cmd.exe on Windows) injects nothing.
 */
import { exec } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export type SignOut = () => Promise<void>;

const TIMEOUT_MS = 30_000;
const MAX_OUTPUT_BYTES = 64 * 1024;

/** The last line the command wrote to stderr, for the error message (bounded; the page sees at most 500 characters). */
function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines.at(-1) ?? '').slice(0, 200);
}

export function makeSignOut(command: string, timeoutMs = TIMEOUT_MS): SignOut {
  return () =>
    new Promise((resolve, reject) => {
      exec(
        command,
        { timeout: timeoutMs, maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true },
        (error, _stdout, stderr) => {
          if (!error) return resolve();
          const detail = lastLine(String(stderr)) || error.message;
          reject(new Error(`The sign-out command failed: ${detail}`));
        },
      );
    });
}

/**
 * Whether the program a command starts with can be found, so the page is not promised a sign-out that cannot
 * run (a desktop without loginctl, say). Only meaningful for simple commands like the defaults.
 */
export function programAvailable(command: string, path = process.env.PATH ?? ''): boolean {
  const program = command.trim().split(/\s+/)[0] ?? '';
  if (!program) return false;
  const candidates = program.includes('/') ? [program] : path.split(delimiter).map((dir) => join(dir, program));
  return candidates.some((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
