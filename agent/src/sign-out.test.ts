import { describe, expect, it } from 'vitest';
import { makeSignOut, programAvailable } from './sign-out.ts';

describe('sign-out', () => {
  it('runs the configured command and reports its failure', async () => {
    await expect(makeSignOut('true')()).resolves.toBeUndefined();
    await expect(makeSignOut('echo "no session" >&2; exit 3')()).rejects.toThrow(
      'The sign-out command failed: no session',
    );
  });

  it('knows whether a command’s program is installed', () => {
    expect(programAvailable('sh -c true')).toBe(true);
    expect(programAvailable('/bin/sh')).toBe(true);
    expect(programAvailable('surely-not-a-program-here --now')).toBe(false);
  });
});
