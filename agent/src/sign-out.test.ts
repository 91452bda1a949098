import { describe, expect, it } from 'vitest';
import { createSignOut, programAvailable } from './sign-out.ts';

describe('sign-out', () => {
  it('runs the configured command and reports its failure', async () => {
    await expect(createSignOut('true')()).resolves.toBeUndefined();
    await expect(createSignOut('echo "no session" >&2; exit 3')()).rejects.toThrow(
      'The sign-out command failed: no session',
    );
  });

  it('knows whether a command’s program is installed', () => {
    expect(programAvailable('sh -c true')).toBe(true);
    expect(programAvailable('/bin/sh')).toBe(true);
    expect(programAvailable('surely-not-a-program-here --now')).toBe(false);
  });
});
