/**
 * Runs xev (the X event viewer) as an ordinary X client, to check what another program actually receives when
 * the agent types: xev prints the text Xlib decodes from each key press (XLookupString).
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface XevWindow {
  /** The window's inner area on the screen, where the pointer must be for key events to reach it. */
  area: { x: number; y: number; width: number; height: number };
  /** Resolves with the text of the key presses once `expected` characters have arrived. */
  waitForText(expected: string, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** Text decoded from each KeyPress block of xev's output; modifier presses decode to nothing. */
export function typedText(output: string): string {
  const blocks = output.split('\n\n').filter((block) => block.trimStart().startsWith('KeyPress event'));
  return blocks
    .map((block) => {
      const match = /XLookupString gives (\d+) bytes: (?:\(([0-9a-f ]*)\))?/.exec(block);
      const hex = match?.[2]?.trim();
      if (!hex) return '';
      return Buffer.from(hex.split(' ').join(''), 'hex').toString('utf8').replace('\r', '\n');
    })
    .join('');
}

/** One line per KeyPress or MappingNotify, in order: what a failure needs, without xev's whole output. */
export function eventSummary(output: string): string {
  return output
    .split('\n\n')
    .filter((block) => /^\s*(KeyPress|MappingNotify)/.test(block))
    .map((block) =>
      block.trimStart().startsWith('MappingNotify')
        ? `MappingNotify ${/first_keycode \d+, count \d+/.exec(block)?.[0] ?? ''}`
        : `KeyPress ${/keycode \d+ \([^)]*\)/.exec(block)?.[0] ?? ''} ${/XLookupString gives [^\n]*/.exec(block)?.[0] ?? ''}`,
    )
    .join('\n');
}

function waitFor(child: ChildProcess, read: () => string, test: (out: string) => boolean, timeoutMs: number) {
  return new Promise<string>((resolve, reject) => {
    const check = () => {
      if (!test(read())) return;
      cleanup();
      resolve(read());
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`xev did not show the expected events in ${timeoutMs} ms:\n${eventSummary(read())}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
    };
    child.stdout?.on('data', check);
    check();
  });
}

export async function startXev(display: string): Promise<XevWindow> {
  const area = { x: 0, y: 0, width: 400, height: 300 };
  const child = spawn(
    'xev',
    ['-display', display, '-geometry', `${area.width}x${area.height}+0+0`, '-event', 'keyboard', '-event', 'structure'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let output = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    output += chunk;
  });
  await waitFor(
    child,
    () => output,
    (out) => out.includes('MapNotify'),
    10_000,
  );
  return {
    area,
    waitForText: (expected, timeoutMs = 5000) =>
      waitFor(
        child,
        () => output,
        (out) => [...typedText(out)].length >= [...expected].length,
        timeoutMs,
      ).then(typedText),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
