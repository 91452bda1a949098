/**
 * The agent's program: configuration → device id → desktop backend → loopback server. Stops cleanly on
 * SIGINT/SIGTERM, releasing held keys and restoring the keyboard mapping before it exits. Started by main.ts
 * (Node with tsx) or by the Windows program's entry (windows-main.ts).
 */
import { homedir } from 'node:os';
import { startAgentServer } from './agent-server.ts';
import type { InputBackend } from './backends/backend.ts';
import { type AgentConfig, ConfigError, type ParsedCommandLine, parseCommandLine, USAGE } from './config.ts';
import { loadOrCreateDeviceId } from './device-id.ts';
import { makeGrantVerifier, remoteGrantKeys } from './grant-verifier.ts';
import { type AgentLog, makeLog } from './log.ts';
import { fileLogWriter } from './log-file.ts';
import { makeSignOut, programAvailable, type SignOut } from './sign-out.ts';
import { agentVersion } from './version.ts';

function fail(message: string, exitCode = 1): never {
  process.stderr.write(`remote-help-agent: ${message}\n`);
  process.exit(exitCode);
}

/** The backend of this platform; its module (and native libraries) is loaded only when it is the one needed. */
async function openBackend(log: AgentLog): Promise<InputBackend> {
  if (process.platform === 'win32') {
    const { WindowsBackend } = await import('./backends/windows.ts');
    return WindowsBackend.open();
  }
  const display = process.env.DISPLAY;
  if (!display) {
    fail('only X11 desktops are supported so far, and DISPLAY is not set. Start the agent inside your X11 session.');
  }
  if (process.env.WAYLAND_DISPLAY) {
    log.info('this is a Wayland session: input reaches only X11 (XWayland) applications, not native Wayland ones');
  }
  const { X11Backend } = await import('./backends/x11.ts');
  return X11Backend.open({ display });
}

/** The configured sign-out, or null if none is configured or its program is missing (the page is told). */
async function signOutFor(config: AgentConfig, log: AgentLog): Promise<SignOut | null> {
  if (!config.signOut) return null;
  const { kind, command } = config.signOut;
  if (command === null) {
    // Windows' own lock and sign-out calls.
    const [{ windowsSignOut }, { loadWin32 }] = await Promise.all([
      import('./sign-out-windows.ts'),
      import('./backends/win32-lib.ts'),
    ]);
    return windowsSignOut(kind as 'lock' | 'logout', loadWin32());
  }
  if (kind !== 'command' && process.platform !== 'win32' && !programAvailable(command)) {
    log.info(`sign-out disabled: "${command.split(' ')[0]}" is not installed`);
    return null;
  }
  return makeSignOut(command);
}

function readCommandLine(): ParsedCommandLine {
  try {
    return parseCommandLine(process.argv.slice(2), process.env, homedir());
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message, 2);
    throw e;
  }
}

/** --install / --uninstall (Windows): the silent commands a deployment tool runs as administrator. */
async function installOrUninstall(
  parsed: Extract<ParsedCommandLine, { action: 'install' | 'uninstall' }>,
): Promise<never> {
  if (process.platform !== 'win32') fail(`--${parsed.action} is for Windows; see agent/README.md for Linux.`, 2);
  const { installSteps, runSteps, uninstallSteps } = await import('./windows-install.ts');
  const programFiles = process.env.ProgramW6432 ?? process.env.ProgramFiles ?? 'C:\\Program Files';
  const steps =
    parsed.action === 'install'
      ? installSteps({
          source: process.execPath,
          programFiles,
          version: agentVersion(),
          agentArguments: parsed.agentArguments,
          stamp: String(Date.now()),
        })
      : uninstallSteps(programFiles);
  try {
    const notDone = await runSteps(steps);
    for (const line of notDone) process.stdout.write(`note: ${line}\n`);
    process.stdout.write(
      `Remote Help agent ${agentVersion()} ${parsed.action === 'install' ? 'installed' : 'removed'}.\n`,
    );
    process.exit(0);
  } catch (e) {
    fail(`${parsed.action} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function readConfig(): Promise<AgentConfig> {
  const parsed = readCommandLine();
  switch (parsed.action) {
    case 'help':
      process.stdout.write(USAGE);
      process.exit(0);
      break;
    case 'version':
      process.stdout.write(`${agentVersion()}\n`);
      process.exit(0);
      break;
    case 'install':
    case 'uninstall':
      return installOrUninstall(parsed);
    case 'run':
      return parsed.config;
  }
  throw new Error('unreachable');
}

export async function runAgent(): Promise<void> {
  const config = await readConfig();
  let log: AgentLog;
  try {
    log = makeLog(config.logFile ? fileLogWriter(config.logFile) : undefined);
  } catch (e) {
    fail(`cannot write the log file ${config.logFile}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let deviceId: string;
  try {
    deviceId = loadOrCreateDeviceId(config.deviceFile);
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  let backend: InputBackend;
  try {
    backend = await openBackend(log);
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  const version = agentVersion();
  const signOut = await signOutFor(config, log);
  const server = await startAgentServer({
    appOrigin: config.appOrigin,
    port: config.port,
    verifyGrant: makeGrantVerifier({
      appOrigin: config.appOrigin,
      deviceId,
      keys: remoteGrantKeys(config.jwksUrl),
    }),
    backend,
    signOut,
    deviceId,
    version,
    log,
    now: Date.now,
  }).catch(async (e: unknown) => {
    await backend.close();
    fail(e instanceof Error ? e.message : String(e));
  });

  const { width, height } = backend.screenSize();
  const started =
    `Remote Help agent ${version} listening on ws://127.0.0.1:${server.port} for ${config.appOrigin}\n` +
    `  device ${deviceId}, ${backend.name} ${width}×${height}, sign-out: ${signOut ? config.signOut?.kind : 'none'}\n`;
  process.stdout.write(started);
  if (config.logFile) log.info(started.trimEnd().replace(/\n\s*/, '; '));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping`);
    await server.close();
    await backend.close();
    process.exit(0);
  };
  // A failure while closing still ends the agent, with a non-zero code and the reason in its log.
  const stopOrFail = (signal: string) =>
    stop(signal).catch((err: unknown) => {
      log.info(`${signal}: stopping failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
  process.once('SIGINT', () => void stopOrFail('SIGINT'));
  process.once('SIGTERM', () => void stopOrFail('SIGTERM'));
}
