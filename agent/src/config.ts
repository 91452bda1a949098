/**
 * Command line and environment settings. The app origin is the one thing the agent must be told: it is the only
 * page allowed to connect and the only issuer whose grants are honoured, so it is checked strictly here.
 */
import { join, win32 } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_AGENT_PORT } from '@remote-help/protocol/agent';
import { HTTP_API } from '@remote-help/protocol/http-api';

export type SignOutKind = 'lock' | 'logout' | 'command' | 'none';

/**
 * The command is run by the system's shell (/bin/sh, or cmd.exe on Windows); it comes only from this
 * configuration, never from the network. On Windows, lock and logout need no command: the agent calls
 * LockWorkStation or ExitWindowsEx itself (command null) unless one is given.
 */
export type SignOutConfig = { kind: 'lock' | 'logout'; command: string | null } | { kind: 'command'; command: string };

export interface AgentConfig {
  /** The app's origin, e.g. https://remotehelp.example.com: the only accepted Origin and the grants' issuer. */
  appOrigin: string;
  /** Where the server publishes the public keys that sign grants. */
  jwksUrl: URL;
  port: number;
  signOut: SignOutConfig | null;
  deviceFile: string;
  /** Where the log goes: a file (on Windows, in the user's temp folder by default), or null for stderr. */
  logFile: string | null;
}

export type ParsedCommandLine =
  | { action: 'run'; config: AgentConfig }
  /** Windows: install for every user, starting with these agent options (checked, without --install). */
  | { action: 'install'; config: AgentConfig; agentArguments: string[] }
  | { action: 'uninstall' }
  | { action: 'help' }
  | { action: 'version' };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The default sign-out commands on Linux; $XDG_SESSION_ID is expanded by the shell from the agent's own environment. */
export const DEFAULT_SIGN_OUT_COMMANDS: Readonly<Record<'lock' | 'logout', string>> = {
  lock: 'loginctl lock-session',
  logout: 'loginctl terminate-session $XDG_SESSION_ID',
};

export const USAGE = `Usage: remote-help-agent --app <origin> [options]

Applies a Remote Help helper's input on this computer, when the sharer allows it in the app.

Options (environment variable in brackets):
  --app <origin>              The Remote Help app, e.g. https://remotehelp.example.com (required) [RH_AGENT_APP]
  --port <number>             Port on 127.0.0.1 to listen on (default ${DEFAULT_AGENT_PORT}) [RH_AGENT_PORT]
  --sign-out <kind>           What "sign out" does after elevated help: lock (default), logout, command or none
                              [RH_AGENT_SIGN_OUT]
  --sign-out-command <cmd>    Shell command to run instead of the default for the kind; required for "command"
                              [RH_AGENT_SIGN_OUT_COMMAND]
  --device-file <path>        Where this computer's device id is kept (default ~/.config/remote-help-agent/
                              device.json; on Windows %LOCALAPPDATA%\\Remote Help Agent\\device.json)
                              [RH_AGENT_DEVICE_FILE]
  --log-file <path>           Write the log to this file instead of stderr (default on Windows:
                              %TEMP%\\remote-help-agent\\agent.log) [RH_AGENT_LOG_FILE]
  --install                   Windows, as administrator: install for every user of this computer and start at
                              each sign-in with the options given (e.g. --install --app https://…)
  --uninstall                 Windows, as administrator: remove what --install did
  -h, --help                  Show this help
  --version                   Show the version
`;

type Env = Readonly<Record<string, string | undefined>>;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Parses argv (without node and script) and the environment; throws ConfigError with a message for people. */
export function parseCommandLine(
  argv: readonly string[],
  env: Env,
  homeDir: string,
  platform: NodeJS.Platform = process.platform,
): ParsedCommandLine {
  const values = readArguments(argv);
  if (values.help) return { action: 'help' };
  if (values.version) return { action: 'version' };
  if (values.uninstall) {
    if (argv.length > 1) throw new ConfigError('--uninstall takes no other options.');
    return { action: 'uninstall' };
  }
  const setting = (flag: string | undefined, variable: string) => flag ?? nonEmpty(env[variable]);

  const app = setting(values.app, 'RH_AGENT_APP');
  if (!app) throw new ConfigError('Tell the agent which app it works with: --app https://remotehelp.example.com');
  const appOrigin = parseAppOrigin(app);
  const port = parsePort(setting(values.port, 'RH_AGENT_PORT'));
  const signOut = parseSignOut(
    setting(values['sign-out'], 'RH_AGENT_SIGN_OUT'),
    setting(values['sign-out-command'], 'RH_AGENT_SIGN_OUT_COMMAND'),
    platform,
  );
  const paths = platform === 'win32' ? windowsPaths(env, homeDir) : unixPaths(env, homeDir);
  const deviceFile = expandHome(setting(values['device-file'], 'RH_AGENT_DEVICE_FILE') ?? paths.deviceFile, homeDir);
  const logFile = setting(values['log-file'], 'RH_AGENT_LOG_FILE') ?? paths.logFile;
  const config: AgentConfig = {
    appOrigin,
    jwksUrl: new URL(HTTP_API.agent.jwks.path, appOrigin),
    port,
    signOut,
    deviceFile,
    logFile: logFile === null ? null : expandHome(logFile, homeDir),
  };
  if (values.install) {
    // The installed agent starts with the options given here; its per-user files keep their per-user defaults.
    if (values['device-file'] || values['log-file']) {
      throw new ConfigError(
        '--install is for every user: leave --device-file and --log-file to their per-user defaults.',
      );
    }
    return { action: 'install', config, agentArguments: argv.filter((a) => a !== '--install') };
  }
  return { action: 'run', config };
}

function readArguments(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        app: { type: 'string' },
        port: { type: 'string' },
        'sign-out': { type: 'string' },
        'sign-out-command': { type: 'string' },
        'device-file': { type: 'string' },
        'log-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
        install: { type: 'boolean' },
        uninstall: { type: 'boolean' },
      },
    }).values;
  } catch (e) {
    throw new ConfigError(`${e instanceof Error ? e.message : String(e)}\nSee --help.`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
}

/**
 * Only an origin: the agent compares it with the browser's Origin header as is. Plain http is accepted only on
 * this computer (for development): over a network it would let anyone in the middle replace the grant keys.
 */
export function parseAppOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`--app must be the app's address, like https://remotehelp.example.com (got "${value}").`);
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (!secure) {
    throw new ConfigError(
      `--app must start with https:// (http:// only for localhost while developing); got "${value}". The agent fetches the keys that sign its grants from there.`,
    );
  }
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
    throw new ConfigError(
      `--app must be an origin only — scheme, host and port, no path — like https://remotehelp.example.com (got "${value}").`,
    );
  }
  return url.origin;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_AGENT_PORT;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 1 && port <= 65535)) throw new ConfigError(`--port must be a number from 1 to 65535 (got "${value}").`);
  return port;
}

function parseSignOut(
  kind: string | undefined,
  command: string | undefined,
  platform: NodeJS.Platform,
): SignOutConfig | null {
  const chosen = kind ?? (command ? 'command' : 'lock');
  switch (chosen) {
    case 'none':
      if (command) throw new ConfigError('--sign-out none and --sign-out-command contradict each other.');
      return null;
    case 'lock':
    case 'logout':
      return {
        kind: chosen,
        command: command ?? (platform === 'win32' ? null : DEFAULT_SIGN_OUT_COMMANDS[chosen]),
      };
    case 'command':
      if (!command) throw new ConfigError('--sign-out command needs --sign-out-command "<shell command>".');
      return { kind: 'command', command };
    default:
      throw new ConfigError(`--sign-out must be lock, logout, command or none (got "${chosen}").`);
  }
}

interface DefaultPaths {
  deviceFile: string;
  logFile: string | null;
}

function unixPaths(env: Env, homeDir: string): DefaultPaths {
  const configHome = nonEmpty(env.XDG_CONFIG_HOME) ?? join(homeDir, '.config');
  return { deviceFile: join(configHome, 'remote-help-agent', 'device.json'), logFile: null };
}

/**
 * The device id is the user's own (per user, like the Linux one); the log goes to the user's temp folder, as
 * the product the agent replaces keeps its logs, since a program started at sign-in has no console to write to.
 */
function windowsPaths(env: Env, homeDir: string): DefaultPaths {
  const localAppData = nonEmpty(env.LOCALAPPDATA) ?? win32.join(homeDir, 'AppData', 'Local');
  const temp = nonEmpty(env.TEMP) ?? nonEmpty(env.TMP) ?? win32.join(localAppData, 'Temp');
  return {
    deviceFile: win32.join(localAppData, 'Remote Help Agent', 'device.json'),
    logFile: win32.join(temp, 'remote-help-agent', 'agent.log'),
  };
}

/** systemd units and env files do not expand "~", so the agent does. */
function expandHome(path: string, homeDir: string): string {
  if (path === '~') return homeDir;
  return path.startsWith('~/') ? join(homeDir, path.slice(2)) : path;
}
