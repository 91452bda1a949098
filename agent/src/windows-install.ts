/**
 * Installs the Windows agent for every user of a computer, silently — the command an administrator gives Intune
 * (or any deployment tool) as a Win32 app's install command, run as SYSTEM:
 *
 *   remote-help-agent.exe --install --app https://remotehelp.contoso.com
 *
 * It copies the program to %ProgramFiles%\Remote Help Agent, starts it at every user's sign-in (the HKLM Run key,
 * so it runs in each user's own session — where SendInput reaches their desktop), and registers it under
 * Uninstall (Apps & features; DisplayVersion is what Intune's detection can read). An older version that is
 * running is renamed aside, not stopped: Windows lets a running program be renamed, and users get the new one at
 * their next sign-in. `--uninstall` undoes all of it. Both are plain steps, planned here and run by runSteps().
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { win32 } from 'node:path';
import koffi from 'koffi';

export const INSTALL_FOLDER_NAME = 'Remote Help Agent';
export const EXE_NAME = 'remote-help-agent.exe';
export const RUN_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run';
export const RUN_VALUE = 'Remote Help Agent';
export const UNINSTALL_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\RemoteHelpAgent';

export type InstallStep =
  | { kind: 'mkdir'; path: string }
  | { kind: 'setAside'; path: string; to: string }
  | { kind: 'copy'; from: string; to: string }
  | { kind: 'removeSetAside'; folder: string }
  | { kind: 'regSet'; key: string; name: string; type: 'REG_SZ' | 'REG_DWORD'; data: string }
  | { kind: 'regDelete'; key: string; name?: string }
  | { kind: 'removeFolder'; path: string };

export interface InstallOptions {
  /** The program being run (process.execPath). */
  source: string;
  /** %ProgramFiles%. */
  programFiles: string;
  version: string;
  /** The agent's own options, already checked (--app is required; --port and --sign-out as given). */
  agentArguments: readonly string[];
  /** A stamp for the set-aside copy of a running older version. */
  stamp: string;
}

/** Quotes one argument for a Windows command line (CommandLineToArgvW rules). */
export function quoteArgument(value: string): string {
  if (value !== '' && !/[\s"]/.test(value)) return value;
  return `"${value.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`;
}

export function installFolder(programFiles: string): string {
  return win32.join(programFiles, INSTALL_FOLDER_NAME);
}

/**
 * The sign-in command: through conhost's headless mode (Windows 10 1809 and later), so the agent — a console
 * program, which keeps --help and --version usable in a terminal — opens no console window at every sign-in.
 */
export function signInCommand(exe: string, agentArguments: readonly string[]): string {
  return ['conhost.exe', '--headless', exe, ...agentArguments].map(quoteArgument).join(' ');
}

export function installSteps(options: InstallOptions): InstallStep[] {
  const folder = installFolder(options.programFiles);
  const exe = win32.join(folder, EXE_NAME);
  const steps: InstallStep[] = [
    { kind: 'mkdir', path: folder },
    { kind: 'removeSetAside', folder },
  ];
  // Installing from the installed copy itself (a repair) needs no copy.
  if (win32.resolve(options.source).toLowerCase() !== exe.toLowerCase()) {
    steps.push(
      { kind: 'setAside', path: exe, to: win32.join(folder, `remote-help-agent.old-${options.stamp}.exe`) },
      { kind: 'copy', from: options.source, to: exe },
    );
  }
  const uninstall = `${quoteArgument(exe)} --uninstall`;
  steps.push(
    { kind: 'regSet', key: RUN_KEY, name: RUN_VALUE, type: 'REG_SZ', data: signInCommand(exe, options.agentArguments) },
    { kind: 'regSet', key: UNINSTALL_KEY, name: 'DisplayName', type: 'REG_SZ', data: 'Remote Help agent' },
    { kind: 'regSet', key: UNINSTALL_KEY, name: 'DisplayVersion', type: 'REG_SZ', data: options.version },
    { kind: 'regSet', key: UNINSTALL_KEY, name: 'Publisher', type: 'REG_SZ', data: 'Remote Help' },
    { kind: 'regSet', key: UNINSTALL_KEY, name: 'InstallLocation', type: 'REG_SZ', data: folder },
    { kind: 'regSet', key: UNINSTALL_KEY, name: 'DisplayIcon', type: 'REG_SZ', data: exe },
    { kind: 'regSet', key: UNINSTALL_KEY, name: 'UninstallString', type: 'REG_SZ', data: uninstall },
    { kind: 'regSet', key: UNINSTALL_KEY, name: 'QuietUninstallString', type: 'REG_SZ', data: uninstall },
    { kind: 'regSet', key: UNINSTALL_KEY, name: 'NoModify', type: 'REG_DWORD', data: '1' },
    { kind: 'regSet', key: UNINSTALL_KEY, name: 'NoRepair', type: 'REG_DWORD', data: '1' },
  );
  return steps;
}

export function uninstallSteps(programFiles: string): InstallStep[] {
  return [
    { kind: 'regDelete', key: RUN_KEY, name: RUN_VALUE },
    { kind: 'regDelete', key: UNINSTALL_KEY },
    // A running agent keeps its file until it exits; what cannot go now goes at the next uninstall or install.
    { kind: 'removeFolder', path: installFolder(programFiles) },
  ];
}

function reg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('reg.exe', args, { windowsHide: true }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`reg ${args[0]} ${args[1]} failed: ${String(stderr).trim() || error.message}`));
      else resolve();
    });
  });
}

/**
 * Files Windows will not delete now (a running agent, the uninstaller itself) are deleted at the next restart
 * (MoveFileExW with MOVEFILE_DELAY_UNTIL_REBOOT, which needs administrator rights — as --uninstall has).
 */
function deleteAtRestart(path: string): boolean {
  try {
    const kernel32 = koffi.load('kernel32.dll');
    const MoveFileExW = kernel32.func(
      'bool __stdcall MoveFileExW(const char16_t *from, const char16_t *to, uint32_t flags)',
    );
    const MOVEFILE_DELAY_UNTIL_REBOOT = 0x4;
    return Boolean(MoveFileExW(path, null, MOVEFILE_DELAY_UNTIL_REBOOT));
  } catch {
    return false;
  }
}

function removeFolder(path: string): string[] {
  try {
    rmSync(path, { recursive: true, force: true });
    return [];
  } catch {
    const left = existsSync(path) ? readdirSync(path).map((name) => win32.join(path, name)) : [];
    for (const file of left) {
      try {
        rmSync(file, { force: true });
      } catch {
        deleteAtRestart(file);
      }
    }
    deleteAtRestart(path);
    return [`${path} is still in use by a running agent; it is deleted when Windows restarts`];
  }
}

/** Runs the steps in order; returns what could not be done but does not stop the rest (files still in use). */
export async function runSteps(steps: readonly InstallStep[]): Promise<string[]> {
  const notDone: string[] = [];
  for (const step of steps) {
    switch (step.kind) {
      case 'mkdir':
        mkdirSync(step.path, { recursive: true });
        break;
      case 'setAside':
        if (existsSync(step.path)) renameSync(step.path, step.to);
        break;
      case 'copy':
        copyFileSync(step.from, step.to);
        break;
      case 'removeSetAside':
        for (const name of existsSync(step.folder) ? readdirSync(step.folder) : []) {
          if (!/^remote-help-agent\.old-.*\.exe$/.test(name)) continue;
          try {
            rmSync(win32.join(step.folder, name));
          } catch {
            notDone.push(`${name} is still running; it is removed next time`);
          }
        }
        break;
      case 'regSet':
        await reg(['add', step.key, '/v', step.name, '/t', step.type, '/d', step.data, '/f']);
        break;
      case 'regDelete':
        await reg(['delete', step.key, ...(step.name ? ['/v', step.name] : []), '/f']).catch((e: Error) => {
          notDone.push(e.message);
        });
        break;
      case 'removeFolder':
        notDone.push(...removeFolder(step.path));
        break;
    }
  }
  return notDone;
}
