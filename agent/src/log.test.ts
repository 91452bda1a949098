import { describe, expect, it } from 'vitest';
import { makeLog, REFUSAL_WINDOW_MS } from './log.ts';

function harness() {
  const lines: string[] = [];
  const timers: { at: number; run: () => void }[] = [];
  let now = 0;
  const log = makeLog(
    (line) => lines.push(line.replace(/^\S+ /, '')),
    () => now,
    (run, ms) => timers.push({ at: now + ms, run }),
  );
  const advance = (to: number) => {
    now = to;
    for (const t of timers.splice(0)) {
      if (t.at <= now) t.run();
      else timers.push(t);
    }
  };
  return { lines, log, advance };
}

describe('agent log', () => {
  it('summarises exact repeats of other lines within a second', () => {
    const { lines, log, advance } = harness();
    log.info('grant accepted');
    log.info('grant accepted');
    advance(100);
    log.info('page connected');
    advance(5000);
    log.info('page connected');
    expect(lines).toEqual([
      'grant accepted\n',
      '(the line above repeated 1 more times)\n',
      'page connected\n',
      'page connected\n',
    ]);
  });

  it('writes the first refusal of a kind, then only a count of the rest of its window, whatever their details', () => {
    const { lines, log, advance } = harness();
    for (let seq = 1; seq <= 1000; seq++) log.refusal('not_in_control', `view mode (event ${seq})`);
    log.refusal('forbidden_origin', 'connection from "https://a.example"');
    log.refusal('forbidden_origin', 'connection from "https://b.example"');
    expect(lines).toEqual([
      'refused not_in_control: view mode (event 1)\n',
      'refused forbidden_origin: connection from "https://a.example"\n',
    ]);
    // The window ends: the counts are written by the timer, with no refusal needed to trigger them.
    advance(REFUSAL_WINDOW_MS);
    expect(lines.slice(2)).toEqual([
      'refused not_in_control 999 more times in 10 s (not written one by one)\n',
      'refused forbidden_origin 1 more times in 10 s (not written one by one)\n',
    ]);
    // A new window starts with a full line again.
    log.refusal('not_in_control', 'view mode (event 1001)');
    expect(lines.at(-1)).toBe('refused not_in_control: view mode (event 1001)\n');
  });

  it('writes what it held back when the agent stops', () => {
    const { lines, log } = harness();
    log.refusal('no_grant', 'no grant');
    log.refusal('no_grant', 'no grant');
    log.flush();
    expect(lines).toEqual([
      'refused no_grant: no grant\n',
      'refused no_grant 1 more times in 1 s (not written one by one)\n',
    ]);
  });
});
