/**
 * Sign-out after elevated help on Windows, without a command: lock the workstation (LockWorkStation) or end the
 * user's session (ExitWindowsEx with EWX_LOGOFF). Both act on the session the agent runs in, the sharer's.
 */
import type { Win32Lib } from './backends/win32-lib.ts';
import type { SignOut } from './sign-out.ts';

/** winuser.h: end the session; close programs that stop answering instead of waiting on them for ever. */
export const EWX_LOGOFF = 0x00000000;
export const EWX_FORCEIFHUNG = 0x00000010;
/** SHTDN_REASON_MAJOR_OTHER | SHTDN_REASON_MINOR_OTHER | SHTDN_REASON_FLAG_PLANNED, for the event log. */
export const SIGN_OUT_REASON = 0x80000000;

export function windowsSignOut(
  kind: 'lock' | 'logout',
  lib: Pick<Win32Lib, 'lockWorkStation' | 'exitWindowsEx'>,
): SignOut {
  return async () => {
    const done =
      kind === 'lock' ? lib.lockWorkStation() : lib.exitWindowsEx(EWX_LOGOFF | EWX_FORCEIFHUNG, SIGN_OUT_REASON);
    if (!done) {
      throw new Error(
        kind === 'lock'
          ? 'Windows did not lock the computer (LockWorkStation failed).'
          : 'Windows did not sign out (ExitWindowsEx failed).',
      );
    }
  };
}
