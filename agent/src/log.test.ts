import { describe, expect, it } from 'vitest';
import { makeLog } from './log.ts';

describe('log', () => {
  it('writes one line per event, summarising quick repeats', () => {
    const lines: string[] = [];
    let now = 0;
    const log = makeLog(
      (line) => lines.push(line.replace(/^\S+ /, '')),
      () => now,
    );
    log.refusal('not_in_control', 'view only');
    log.refusal('not_in_control', 'view only');
    log.refusal('not_in_control', 'view only');
    now = 100;
    log.info('grant accepted');
    now = 5000;
    log.info('grant accepted');
    expect(lines).toEqual([
      'refused not_in_control: view only\n',
      '(the line above repeated 2 more times)\n',
      'grant accepted\n',
      'grant accepted\n',
    ]);
  });
});
