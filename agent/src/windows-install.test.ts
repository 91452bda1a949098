/** The silent install's plan (run for real under Wine by e2e/windows-control.spec.ts). */
import { describe, expect, it } from 'vitest';
import {
  installSteps,
  quoteArgument,
  RUN_KEY,
  RUN_VALUE,
  signInCommand,
  UNINSTALL_KEY,
  uninstallSteps,
} from './windows-install.ts';

const options = {
  source: 'C:\\Users\\admin\\Downloads\\remote-help-agent.exe',
  programFiles: 'C:\\Program Files',
  version: '0.2.0',
  agentArguments: ['--app', 'https://remotehelp.contoso.com', '--sign-out', 'logout'],
  stamp: '1700000000000',
};
const EXE = 'C:\\Program Files\\Remote Help Agent\\remote-help-agent.exe';

describe('the Windows install', () => {
  it('copies the program to Program Files, setting a running older copy aside first', () => {
    expect(installSteps(options).slice(0, 4)).toEqual([
      { kind: 'mkdir', path: 'C:\\Program Files\\Remote Help Agent' },
      { kind: 'removeSetAside', folder: 'C:\\Program Files\\Remote Help Agent' },
      {
        kind: 'setAside',
        path: EXE,
        to: 'C:\\Program Files\\Remote Help Agent\\remote-help-agent.old-1700000000000.exe',
      },
      { kind: 'copy', from: options.source, to: EXE },
    ]);
  });

  it('starts the agent at every user’s sign-in, headless, with the options given', () => {
    const run = installSteps(options).find((s) => s.kind === 'regSet' && s.key === RUN_KEY);
    expect(run).toEqual({
      kind: 'regSet',
      key: RUN_KEY,
      name: RUN_VALUE,
      type: 'REG_SZ',
      data: `conhost.exe --headless "${EXE}" --app https://remotehelp.contoso.com --sign-out logout`,
    });
  });

  it('registers under Uninstall with the version a detection rule reads', () => {
    const values = Object.fromEntries(
      installSteps(options)
        .filter((s) => s.kind === 'regSet' && s.key === UNINSTALL_KEY)
        .map((s) => (s.kind === 'regSet' ? [s.name, s.data] : [])),
    );
    expect(values).toMatchObject({
      DisplayName: 'Remote Help agent',
      DisplayVersion: '0.2.0',
      UninstallString: `"${EXE}" --uninstall`,
      QuietUninstallString: `"${EXE}" --uninstall`,
      InstallLocation: 'C:\\Program Files\\Remote Help Agent',
    });
  });

  it('does not copy the installed program onto itself (a repair)', () => {
    expect(installSteps({ ...options, source: EXE }).some((s) => s.kind === 'copy' || s.kind === 'setAside')).toBe(
      false,
    );
  });

  it('uninstalls the sign-in entry, the registration and the folder', () => {
    expect(uninstallSteps('C:\\Program Files')).toEqual([
      { kind: 'regDelete', key: RUN_KEY, name: RUN_VALUE },
      { kind: 'regDelete', key: UNINSTALL_KEY },
      { kind: 'removeFolder', path: 'C:\\Program Files\\Remote Help Agent' },
    ]);
  });

  it('quotes command-line arguments as Windows reads them back', () => {
    expect(quoteArgument('plain')).toBe('plain');
    expect(quoteArgument('with space')).toBe('"with space"');
    expect(quoteArgument('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteArgument('C:\\dir with space\\')).toBe('"C:\\dir with space\\\\"');
    expect(quoteArgument('')).toBe('""');
    expect(signInCommand('C:\\a b\\x.exe', ['--app', 'https://r.example.com'])).toBe(
      'conhost.exe --headless "C:\\a b\\x.exe" --app https://r.example.com',
    );
  });
});
