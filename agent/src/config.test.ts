import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_AGENT_PORT } from '@remote-help/protocol/agent';
import { afterEach, describe, expect, it } from 'vitest';
import { type AgentConfig, ConfigError, parseCommandLine } from './config.ts';
import { loadOrCreateDeviceId } from './device-id.ts';

const HOME = '/home/sharer';

function config(argv: string[], env: Record<string, string> = {}, platform: NodeJS.Platform = 'linux'): AgentConfig {
  const parsed = parseCommandLine(argv, env, HOME, platform);
  if (parsed.action !== 'run') throw new Error(`expected a run, got ${parsed.action}`);
  return parsed.config;
}

describe('command line', () => {
  it('needs only the app, with defaults for the rest', () => {
    expect(config(['--app', 'https://remotehelp.example.com'])).toEqual({
      appOrigin: 'https://remotehelp.example.com',
      jwksUrl: new URL('https://remotehelp.example.com/api/agent/jwks'),
      port: DEFAULT_AGENT_PORT,
      signOut: { kind: 'lock', command: 'loginctl lock-session' },
      deviceFile: '/home/sharer/.config/remote-help-agent/device.json',
      logFile: null,
    });
  });

  it('on Windows: locks and signs out through Windows itself, keeps the device id per user and logs to %TEMP%', () => {
    const env = { LOCALAPPDATA: 'C:\\Users\\diego\\AppData\\Local', TEMP: 'C:\\Users\\diego\\AppData\\Local\\Temp' };
    expect(config(['--app', 'https://remotehelp.example.com'], env, 'win32')).toMatchObject({
      signOut: { kind: 'lock', command: null },
      deviceFile: 'C:\\Users\\diego\\AppData\\Local\\Remote Help Agent\\device.json',
      logFile: 'C:\\Users\\diego\\AppData\\Local\\Temp\\remote-help-agent\\agent.log',
    });
    expect(config(['--app', 'https://a.example.com', '--sign-out', 'logout'], env, 'win32').signOut).toEqual({
      kind: 'logout',
      command: null,
    });
    // The same options as on Linux: a command of one's own still wins.
    expect(
      config(
        [
          '--app',
          'https://a.example.com',
          '--sign-out',
          'lock',
          '--sign-out-command',
          'rundll32 user32.dll,LockWorkStation',
        ],
        env,
        'win32',
      ).signOut,
    ).toEqual({ kind: 'lock', command: 'rundll32 user32.dll,LockWorkStation' });
    expect(config(['--app', 'https://a.example.com', '--log-file', 'D:\\logs\\agent.log'], env, 'win32').logFile).toBe(
      'D:\\logs\\agent.log',
    );
  });

  it('logs to a file when told, on Linux too', () => {
    expect(config(['--app', 'https://a.example.com', '--log-file', '~/agent.log']).logFile).toBe(
      '/home/sharer/agent.log',
    );
    expect(config(['--app', 'https://a.example.com'], { RH_AGENT_LOG_FILE: '/var/log/rh.log' }).logFile).toBe(
      '/var/log/rh.log',
    );
  });

  it('reads the same settings from the environment, the command line winning', () => {
    const env = {
      RH_AGENT_APP: 'https://a.example.com',
      RH_AGENT_PORT: '5000',
      RH_AGENT_SIGN_OUT: 'logout',
      RH_AGENT_DEVICE_FILE: '~/device.json',
    };
    expect(config([], env)).toMatchObject({
      appOrigin: 'https://a.example.com',
      port: 5000,
      signOut: { kind: 'logout', command: 'loginctl terminate-session $XDG_SESSION_ID' },
      deviceFile: '/home/sharer/device.json',
    });
    expect(config(['--port', '6000'], env).port).toBe(6000);
  });

  it('takes a custom sign-out command', () => {
    expect(config(['--app', 'https://a.example.com', '--sign-out-command', 'touch /tmp/x']).signOut).toEqual({
      kind: 'command',
      command: 'touch /tmp/x',
    });
    expect(config(['--app', 'https://a.example.com', '--sign-out', 'none']).signOut).toBeNull();
  });

  it('normalises the origin and accepts http only for localhost', () => {
    expect(config(['--app', 'HTTPS://RemoteHelp.Example.com:443/']).appOrigin).toBe('https://remotehelp.example.com');
    expect(config(['--app', 'http://localhost:5173']).appOrigin).toBe('http://localhost:5173');
    expect(config(['--app', 'http://127.0.0.1:8080']).appOrigin).toBe('http://127.0.0.1:8080');
  });

  it.each([
    [[], /--app/],
    [['--app', 'remotehelp.example.com'], /address/],
    [['--app', 'http://remotehelp.example.com'], /https/],
    [['--app', 'https://remotehelp.example.com/app'], /origin only/],
    [['--app', 'https://a.example.com', '--port', '70000'], /--port/],
    [['--app', 'https://a.example.com', '--port', 'abc'], /--port/],
    [['--app', 'https://a.example.com', '--sign-out', 'reboot'], /--sign-out must be/],
    [['--app', 'https://a.example.com', '--sign-out', 'command'], /--sign-out-command/],
    [['--app', 'https://a.example.com', '--frobnicate'], /frobnicate/],
  ])('explains bad settings: %j', (argv, message) => {
    expect(() => config(argv)).toThrow(ConfigError);
    expect(() => config(argv)).toThrow(message);
  });

  it('takes --install with the agent’s options, and --uninstall alone', () => {
    const argv = ['--install', '--app', 'https://a.example.com', '--port', '5000'];
    expect(parseCommandLine(argv, {}, HOME, 'win32')).toMatchObject({
      action: 'install',
      config: { appOrigin: 'https://a.example.com', port: 5000 },
      agentArguments: ['--app', 'https://a.example.com', '--port', '5000'],
    });
    expect(() => parseCommandLine(['--install'], {}, HOME, 'win32')).toThrow('--app');
    expect(() =>
      parseCommandLine(['--install', '--app', 'https://a.example.com', '--log-file', 'x.log'], {}, HOME, 'win32'),
    ).toThrow('per-user');
    expect(parseCommandLine(['--uninstall'], {}, HOME, 'win32')).toEqual({ action: 'uninstall' });
    expect(() => parseCommandLine(['--uninstall', '--app', 'https://a.example.com'], {}, HOME, 'win32')).toThrow(
      'no other options',
    );
  });

  it('answers --help and --version', () => {
    expect(parseCommandLine(['--help'], {}, HOME)).toEqual({ action: 'help' });
    expect(parseCommandLine(['--version'], {}, HOME)).toEqual({ action: 'version' });
  });
});

describe('device id', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is made on first start, private, and kept', () => {
    dir = mkdtempSync(join(tmpdir(), 'rh-agent-device-'));
    const file = join(dir, 'nested', 'device.json');
    const id = loadOrCreateDeviceId(file);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).device).toBe(id);
    expect(loadOrCreateDeviceId(file)).toBe(id);
  });

  it('refuses a damaged file rather than silently becoming a new device', () => {
    dir = mkdtempSync(join(tmpdir(), 'rh-agent-device-'));
    const file = join(dir, 'device.json');
    writeFileSync(file, '{"device": ');
    expect(() => loadOrCreateDeviceId(file)).toThrow(/damaged/);
  });
});
