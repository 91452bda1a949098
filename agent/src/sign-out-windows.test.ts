import { describe, expect, it } from 'vitest';
import { EWX_FORCEIFHUNG, SIGN_OUT_REASON, windowsSignOut } from './sign-out-windows.ts';

/** Records what was asked of user32, answering as told. */
function user32(answer: boolean) {
  const calls: string[] = [];
  return {
    calls,
    lockWorkStation: () => {
      calls.push('LockWorkStation');
      return answer;
    },
    exitWindowsEx: (flags: number, reason: number) => {
      calls.push(`ExitWindowsEx(${flags.toString(16)}, ${reason.toString(16)})`);
      return answer;
    },
  };
}

describe('Windows sign-out', () => {
  it('locks with LockWorkStation', async () => {
    const lib = user32(true);
    await windowsSignOut('lock', lib)();
    expect(lib.calls).toEqual(['LockWorkStation']);
  });

  it('signs out with ExitWindowsEx(EWX_LOGOFF | EWX_FORCEIFHUNG), never forcing programs that still answer', async () => {
    const lib = user32(true);
    await windowsSignOut('logout', lib)();
    expect(lib.calls).toEqual([`ExitWindowsEx(${EWX_FORCEIFHUNG.toString(16)}, ${SIGN_OUT_REASON.toString(16)})`]);
  });

  it('reports a refusal, so the sharer is told to sign out themselves', async () => {
    await expect(windowsSignOut('lock', user32(false))()).rejects.toThrow('did not lock');
    await expect(windowsSignOut('logout', user32(false))()).rejects.toThrow('did not sign out');
  });
});
