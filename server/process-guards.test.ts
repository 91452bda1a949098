import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('guardProcess', () => {
  it('logs an unhandled rejection at the highest level and the process carries on', () => {
    // A process of its own: the test runner has its own handler for unhandled rejections.
    const script = `
      import { guardProcess } from './server/process-guards.ts';
      guardProcess({ fatal: (details, message) => console.log(JSON.stringify({ level: 'fatal', message, err: String(details.err) })) });
      Promise.reject(new Error('a storage fault nobody caught'));
      setTimeout(() => console.log('still running'), 50);
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: resolve(import.meta.dirname, '..'),
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    const [logged, after] = run.stdout.trim().split('\n');
    expect(JSON.parse(logged ?? '{}')).toMatchObject({
      level: 'fatal',
      message: expect.stringMatching(/UNHANDLED PROMISE REJECTION/),
      err: 'Error: a storage fault nobody caught',
    });
    expect(after).toBe('still running');
  });
});
