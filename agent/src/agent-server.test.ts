/**
 * The real agent server on a free loopback port, with an in-memory backend: what a page (or a foreign page)
 * sending real frames gets back, and what reaches the desktop.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AGENT_GRANT_AUDIENCE,
  type AgentClientMessage,
  type AgentServerMessage,
  agentServerMessageSchema,
  MAX_AGENT_MESSAGE_BYTES,
} from '@remote-help/protocol/agent';
import type { Mode } from '@remote-help/protocol/domain';
import type { ControlEvent } from '@remote-help/protocol/peer-channels';
import { type CryptoKey, createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { RecordingBackend } from '../test-support/recording-backend.ts';
import { type RunningAgentServer, startAgentServer } from './agent-server.ts';
import { NotPossibleError } from './backends/backend.ts';
import { makeGrantVerifier } from './grant-verifier.ts';
import { type AgentLog, makeLog } from './log.ts';
import { makeSignOut } from './sign-out.ts';

const APP = 'https://remotehelp.example.com';
const DEVICE = 'device-under-test';
const SESSION = 'session-1';

let serverKey: CryptoKey;
let forgerKey: CryptoKey;
let jwks: ReturnType<typeof createLocalJWKSet>;
let tempDir: string;
let signOutMarker: string;

let backend: RecordingBackend;
let server: RunningAgentServer;
let logLines: string[];
/** Added to the agent's clock, to let a grant run out without waiting. */
let clockOffset = 0;
const openClients: WebSocket[] = [];

interface GrantOptions {
  sessionId?: string;
  modes?: Mode[];
  expiresIn?: number;
  key?: CryptoKey;
  device?: string;
}

function grant(options: GrantOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return (
    new SignJWT({ device: options.device ?? DEVICE, modes: options.modes ?? ['control'] })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'JWT' })
      .setIssuer(APP)
      .setAudience(AGENT_GRANT_AUDIENCE)
      .setSubject(options.sessionId ?? SESSION)
      .setIssuedAt(now - 5)
      // 60 s from its issue, as the server makes them.
      .setExpirationTime(now + (options.expiresIn ?? 55))
      .setJti(`grant-${Math.random().toString(36).slice(2)}`)
      .sign(options.key ?? serverKey)
  );
}

/** A page's end of the connection: collects the agent's messages and waits for the next one that matches. */
class PageClient {
  readonly received: AgentServerMessage[] = [];
  private waiters: Array<() => void> = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.received.push(agentServerMessageSchema.parse(JSON.parse(String(data))));
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async open(origin: string | null = APP): Promise<PageClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}`, origin ? { origin } : {});
    openClients.push(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new PageClient(ws);
  }

  send(message: AgentClientMessage | string): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first message (after `from`) of the type that satisfies the test. */
  async next<T extends AgentServerMessage['type']>(
    type: T,
    test: (m: Extract<AgentServerMessage, { type: T }>) => boolean = () => true,
    from = 0,
  ): Promise<Extract<AgentServerMessage, { type: T }>> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = this.received
        .slice(from)
        .find((m): m is Extract<AgentServerMessage, { type: T }> => m.type === type && test(m as never));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${type} arrived; got ${JSON.stringify(this.received)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  async error(seq?: number): Promise<Extract<AgentServerMessage, { type: 'agent.error' }>> {
    return this.next('agent.error', (m) => m.seq === seq, 0);
  }

  async grantAndControl(options: GrantOptions = {}): Promise<void> {
    const from = this.received.length;
    this.send({ type: 'agent.grant', token: await grant(options) });
    await this.next('agent.granted', () => true, from);
    this.send({ type: 'agent.mode', sessionId: options.sessionId ?? SESSION, mode: 'control' });
  }

  input(seq: number, event: ControlEvent, sessionId = SESSION): void {
    this.send({ type: 'agent.input', sessionId, seq, event });
  }

  /** A round trip: everything sent before it has been handled once the reply arrives. */
  async settle(): Promise<void> {
    const from = this.received.length;
    this.send({ type: 'agent.hello' });
    await this.next('agent.info', () => true, from);
  }
}

const movesAndKeys = () => backend.calls.filter((c) => c.call !== 'releaseAll');

beforeAll(async () => {
  const server = await generateKeyPair('ES256');
  serverKey = server.privateKey;
  forgerKey = (await generateKeyPair('ES256')).privateKey;
  jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(server.publicKey)), kid: 'k1', alg: 'ES256' }] });
  tempDir = mkdtempSync(join(tmpdir(), 'rh-agent-test-'));
  signOutMarker = join(tempDir, 'signed-out');
});

afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

beforeEach(async () => {
  backend = new RecordingBackend({ width: 1000, height: 500 });
  logLines = [];
  const log: AgentLog = {
    info: (m) => logLines.push(m),
    refusal: (code, reason) => logLines.push(`refused ${code}: ${reason}`),
    flush: () => undefined,
  };
  server = await startAgentServer({
    appOrigin: APP,
    port: 0,
    verifyGrant: makeGrantVerifier({ appOrigin: APP, deviceId: DEVICE, keys: jwks }),
    backend,
    // Writes a file rather than locking the test machine's session.
    signOut: makeSignOut(`touch '${signOutMarker}'`),
    deviceId: DEVICE,
    version: '0.1.0',
    log,
    now: () => Date.now() + clockOffset,
  });
});

afterEach(async () => {
  for (const ws of openClients.splice(0)) if (ws.readyState === WebSocket.OPEN) ws.terminate();
  await server.close();
  rmSync(signOutMarker, { force: true });
  clockOffset = 0;
});

describe('connections', () => {
  it('listens on 127.0.0.1 only', async () => {
    // Linux routes all of 127/8 to the loopback interface: a server bound to 0.0.0.0 would answer here too.
    const ws = new WebSocket(`ws://127.0.0.2:${server.port}`, { origin: APP });
    openClients.push(ws);
    const error = await new Promise<Error | null>((resolve) => {
      ws.once('error', resolve);
      ws.once('open', () => resolve(null));
    });
    expect(error?.message).toMatch(/ECONNREFUSED/);
  });

  it('refuses a foreign Origin at the handshake', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}`, { origin: 'https://evil.example.com' });
    ws.on('error', () => {});
    openClients.push(ws);
    const status = await new Promise<number>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
    });
    expect(status).toBe(403);
    expect(logLines.some((l) => l.includes('forbidden_origin'))).toBe(true);
  });

  it('refuses a connection without an Origin', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}`);
    ws.on('error', () => {});
    openClients.push(ws);
    const status = await new Promise<number>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
    });
    expect(status).toBe(403);
  });

  /** The handshake's answer: 101 when it is accepted. */
  const handshake = (ws: WebSocket) =>
    new Promise<number>((resolve) => {
      ws.on('error', () => {});
      openClients.push(ws);
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
    });

  it('refuses a Host that is not a loopback name, as a page reached by DNS rebinding would send', async () => {
    for (const host of ['evil.example.com', `evil.example.com:${server.port}`, `127.0.0.1.evil.example.com`]) {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}`, { origin: APP, headers: { host } });
      expect({ host, status: await handshake(ws) }).toEqual({ host, status: 403 });
    }
    expect(logLines.some((l) => l.includes('forbidden_host'))).toBe(true);
    for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`, `[::1]:${server.port}`]) {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}`, { origin: APP, headers: { host } });
      expect({ host, status: await handshake(ws) }).toEqual({ host, status: 101 });
    }
  });

  it('ignores the legacy Sec-WebSocket-Origin: only Origin counts', async () => {
    // Protocol version 8 carries the origin in Sec-WebSocket-Origin instead of Origin.
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}`, { origin: APP, protocolVersion: 8 });
    expect(await handshake(ws)).toBe(403);
  });

  it('answers hello with agent.info', async () => {
    const page = await PageClient.open();
    page.send({ type: 'agent.hello' });
    expect(await page.next('agent.info')).toEqual({
      type: 'agent.info',
      version: '0.1.0',
      device: DEVICE,
      backend: 'recording',
      screen: { width: 1000, height: 500 },
      canSignOut: true,
      capabilities: { adminPrompts: true, ctrlAltDelete: true },
    });
  });

  it('passes the size of the shared picture to the backend, without needing a grant', async () => {
    const page = await PageClient.open();
    page.send({ type: 'agent.capture', size: { width: 1920, height: 1080 } });
    page.send({ type: 'agent.capture', size: null });
    page.send(JSON.stringify({ type: 'agent.capture', size: { width: 0, height: 1080 } }));
    expect((await page.error()).code).toBe('invalid_message');
    await page.settle();
    expect(backend.calls).toEqual([
      { call: 'useCaptureSize', size: { width: 1920, height: 1080 } },
      { call: 'useCaptureSize', size: null },
    ]);
  });

  it('answers an oversize frame and invalid JSON with invalid_message and keeps the connection', async () => {
    const page = await PageClient.open();
    page.send('x'.repeat(MAX_AGENT_MESSAGE_BYTES + 1));
    expect((await page.error()).code).toBe('invalid_message');
    page.send('{not json');
    await page.settle();
    page.send(JSON.stringify({ type: 'agent.input', sessionId: SESSION, seq: 7, event: { type: 'pointer.move' } }));
    expect((await page.error(7)).code).toBe('invalid_message');
    page.send(JSON.stringify({ type: 'agent.unknown' }));
    page.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await page.settle();
    const errors = page.received.filter((m) => m.type === 'agent.error');
    expect(errors.map((m) => m.type === 'agent.error' && m.code)).toEqual(Array(5).fill('invalid_message'));
    expect(page.ws.readyState).toBe(WebSocket.OPEN);
    expect(backend.calls).toEqual([]);
  });

  it('replaces an older connection with a newer one, which starts without a grant', async () => {
    const first = await PageClient.open();
    await first.grantAndControl();
    const closed = new Promise<number>((resolve) => first.ws.once('close', (code) => resolve(code)));
    const second = await PageClient.open();
    expect(await closed).toBe(4000);
    second.input(1, { type: 'pointer.move', x: 0.5, y: 0.5 });
    expect((await second.error(1)).code).toBe('no_grant');
  });
});

describe('input', () => {
  it('refuses input without a grant', async () => {
    const page = await PageClient.open();
    page.send({ type: 'agent.mode', sessionId: SESSION, mode: 'control' });
    page.input(1, { type: 'pointer.move', x: 0.5, y: 0.5 });
    expect(await page.error(1)).toMatchObject({ code: 'no_grant', seq: 1 });
    expect(movesAndKeys()).toEqual([]);
  });

  it('refuses expired, forged and other-device grants', async () => {
    const page = await PageClient.open();
    page.send({ type: 'agent.grant', token: await grant({ expiresIn: -10 }) });
    expect((await page.error()).code).toBe('grant_expired');
    page.received.length = 0;
    page.send({ type: 'agent.grant', token: await grant({ key: forgerKey }) });
    expect((await page.error()).code).toBe('grant_invalid');
    page.received.length = 0;
    page.send({ type: 'agent.grant', token: await grant({ device: 'someone-else' }) });
    expect((await page.error()).code).toBe('grant_other_device');
    page.send({ type: 'agent.mode', sessionId: SESSION, mode: 'control' });
    page.input(1, { type: 'key', code: 'KeyA', down: true });
    expect((await page.error(1)).code).toBe('no_grant');
    expect(movesAndKeys()).toEqual([]);
    expect(logLines.join('\n')).not.toMatch(/eyJ/); // no token in the log
  });

  it('refuses a grant that lasts longer than 60 seconds', async () => {
    const page = await PageClient.open();
    page.send({ type: 'agent.grant', token: await grant({ expiresIn: 300 }) });
    expect(await page.error()).toMatchObject({ code: 'grant_invalid' });
  });

  it('accepts each grant once: the same grant again is refused, on this connection or a later one', async () => {
    const token = await grant();
    const page = await PageClient.open();
    page.send({ type: 'agent.grant', token });
    await page.next('agent.granted');
    page.send({ type: 'agent.grant', token });
    expect(await page.error()).toMatchObject({ code: 'grant_replayed' });
    const later = await PageClient.open();
    later.send({ type: 'agent.grant', token });
    expect(await later.error()).toMatchObject({ code: 'grant_replayed' });
    later.send({ type: 'agent.mode', sessionId: SESSION, mode: 'control' });
    later.input(1, { type: 'pointer.move', x: 0.5, y: 0.5 });
    expect(await later.error(1)).toMatchObject({ code: 'no_grant' });
  });

  it('refuses any grant for a session the page said has ended, even one never used', async () => {
    const unused = await grant();
    const page = await PageClient.open();
    await page.grantAndControl();
    page.send({ type: 'agent.end', sessionId: SESSION });
    page.send({ type: 'agent.grant', token: unused });
    expect(await page.error()).toMatchObject({ code: 'session_ended' });
    // Another session is not affected.
    page.send({ type: 'agent.grant', token: await grant({ sessionId: 'session-2' }) });
    await page.next('agent.granted', (m) => m.sessionId === 'session-2');
  });

  it('refuses input for a session other than the grant’s', async () => {
    const page = await PageClient.open();
    await page.grantAndControl({ sessionId: 'session-2' });
    page.send({ type: 'agent.mode', sessionId: SESSION, mode: 'control' });
    page.input(1, { type: 'key', code: 'KeyA', down: true }, SESSION);
    expect((await page.error(1)).code).toBe('other_session');
    expect(movesAndKeys()).toEqual([]);
  });

  it('refuses input in view mode, and the backend sees nothing', async () => {
    const page = await PageClient.open();
    page.send({ type: 'agent.grant', token: await grant() });
    await page.next('agent.granted');
    page.send({ type: 'agent.mode', sessionId: SESSION, mode: 'view' });
    page.input(1, { type: 'pointer.button', x: 0.1, y: 0.1, button: 'left', down: true });
    page.input(2, { type: 'text', text: 'rm -rf' });
    expect((await page.error(1)).code).toBe('not_in_control');
    expect((await page.error(2)).code).toBe('not_in_control');
    expect(movesAndKeys()).toEqual([]);
  });

  it('applies input in control mode, in pixels and in order', async () => {
    const page = await PageClient.open();
    await page.grantAndControl();
    expect(await page.next('agent.granted')).toMatchObject({ sessionId: SESSION, modes: ['control'] });
    page.input(1, { type: 'pointer.move', x: 0.5, y: 0.25 });
    page.input(2, { type: 'pointer.button', x: 1, y: 1, button: 'left', down: true });
    page.input(3, { type: 'pointer.button', x: 1, y: 1, button: 'left', down: false });
    page.input(4, { type: 'key', code: 'ShiftLeft', down: true });
    page.input(5, { type: 'text', text: 'Grüße 中文' });
    page.input(6, { type: 'key', code: 'ShiftLeft', down: false });
    page.input(7, { type: 'pointer.wheel', x: 0, y: 0, dx: 0, dy: 3 });
    page.input(8, { type: 'key.combo', combo: 'ctrlAltDelete' });
    await vi.waitFor(() => expect(movesAndKeys()).toHaveLength(11));
    expect(movesAndKeys()).toEqual([
      { call: 'movePointer', x: 500, y: 125 },
      { call: 'movePointer', x: 999, y: 499 },
      { call: 'button', button: 'left', down: true },
      { call: 'movePointer', x: 999, y: 499 },
      { call: 'button', button: 'left', down: false },
      { call: 'key', code: 'ShiftLeft', down: true },
      { call: 'text', text: 'Grüße 中文' },
      { call: 'key', code: 'ShiftLeft', down: false },
      { call: 'movePointer', x: 0, y: 0 },
      { call: 'wheel', dx: 0, dy: 3 },
      { call: 'combo', combo: 'ctrlAltDelete' },
    ]);
    expect(page.received.filter((m) => m.type === 'agent.error')).toEqual([]);
  });

  it('refuses the next input after the mode goes to view, and lets go of held keys', async () => {
    const page = await PageClient.open();
    await page.grantAndControl();
    page.input(1, { type: 'key', code: 'ControlLeft', down: true });
    await vi.waitFor(() => expect(movesAndKeys()).toHaveLength(1));
    page.send({ type: 'agent.mode', sessionId: SESSION, mode: 'view' });
    page.input(2, { type: 'key', code: 'KeyC', down: true });
    expect((await page.error(2)).code).toBe('not_in_control');
    expect(movesAndKeys()).toEqual([{ call: 'key', code: 'ControlLeft', down: true }]);
    expect(backend.calls.at(-1)).toEqual({ call: 'releaseAll' });
  });

  it('refuses input once the grant runs out, letting go of what is held', async () => {
    const page = await PageClient.open();
    await page.grantAndControl({ expiresIn: 30 });
    page.input(1, { type: 'pointer.button', x: 0.5, y: 0.5, button: 'left', down: true });
    await vi.waitFor(() => expect(movesAndKeys()).toHaveLength(2));
    clockOffset = 31_000;
    page.input(2, { type: 'pointer.button', x: 0.6, y: 0.5, button: 'left', down: false });
    expect((await page.error(2)).code).toBe('grant_expired');
    await vi.waitFor(() => expect(backend.calls.at(-1)).toEqual({ call: 'releaseAll' }));
    expect(movesAndKeys()).toHaveLength(2);
  });

  it('refuses input after agent.end', async () => {
    const page = await PageClient.open();
    await page.grantAndControl();
    page.send({ type: 'agent.end', sessionId: SESSION });
    page.input(1, { type: 'pointer.move', x: 0.5, y: 0.5 });
    expect((await page.error(1)).code).toBe('no_grant');
  });

  it('refuses input when the grant lacks control', async () => {
    const page = await PageClient.open();
    await page.grantAndControl({ modes: ['view'] });
    page.input(1, { type: 'pointer.move', x: 0.5, y: 0.5 });
    expect((await page.error(1)).code).toBe('not_permitted');
  });

  it('reports a backend failure as injection_failed with the seq', async () => {
    const page = await PageClient.open();
    await page.grantAndControl();
    await page.settle();
    backend.failWith = new Error('Key Foo is not supported.');
    page.input(9, { type: 'key', code: 'Foo', down: true });
    expect(await page.error(9)).toMatchObject({ code: 'injection_failed', message: 'Key Foo is not supported.' });
  });

  it('reports input the desktop does not allow as not_possible, with the reason', async () => {
    const page = await PageClient.open();
    await page.grantAndControl();
    await page.settle();
    backend.failWith = new NotPossibleError('Windows handles Ctrl+Alt+Del itself.');
    page.input(4, { type: 'key.combo', combo: 'ctrlAltDelete' });
    expect(await page.error(4)).toMatchObject({
      code: 'not_possible',
      message: 'Windows handles Ctrl+Alt+Del itself.',
    });
  });

  it('accepts and ignores laser messages, but validates them', async () => {
    const page = await PageClient.open();
    page.send({ type: 'agent.laser', sessionId: SESSION, x: 0.5, y: 0.5, visible: true });
    page.send(JSON.stringify({ type: 'agent.laser', sessionId: SESSION, x: 2, y: 0.5, visible: true }));
    expect((await page.error()).code).toBe('invalid_message');
    await page.settle();
    expect(page.received.filter((m) => m.type === 'agent.error')).toHaveLength(1);
    expect(backend.calls).toEqual([]);
  });
});

/** Makes the backend's next key calls wait until `release()`, to have events queued behind one in progress. */
function holdKeys(): { release: () => void } {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const key = backend.key.bind(backend);
  backend.key = async (code, down) => {
    await gate;
    return key(code, down);
  };
  const move = backend.movePointer.bind(backend);
  backend.movePointer = async (x, y) => {
    await gate;
    return move(x, y);
  };
  return { release };
}

describe('queued input', () => {
  it('refuses events already queued when the mode goes to view', async () => {
    const page = await PageClient.open();
    await page.grantAndControl();
    await page.settle();
    const held = holdKeys();
    page.input(1, { type: 'key', code: 'KeyA', down: true });
    page.input(2, { type: 'key', code: 'KeyA', down: false });
    page.input(3, { type: 'key', code: 'KeyB', down: true });
    page.send({ type: 'agent.mode', sessionId: SESSION, mode: 'view' });
    await page.settle();
    held.release();
    expect((await page.error(2)).code).toBe('not_in_control');
    expect((await page.error(3)).code).toBe('not_in_control');
    expect(movesAndKeys()).toEqual([{ call: 'key', code: 'KeyA', down: true }]);
    await vi.waitFor(() => expect(backend.calls.at(-1)).toEqual({ call: 'releaseAll' }));
  });

  it('merges waiting pointer moves into the latest, but never across other events', async () => {
    const page = await PageClient.open();
    await page.grantAndControl();
    await page.settle();
    const held = holdKeys();
    page.input(1, { type: 'pointer.move', x: 0.1, y: 0.1 });
    page.input(2, { type: 'pointer.move', x: 0.2, y: 0.2 });
    page.input(3, { type: 'pointer.move', x: 0.3, y: 0.3 });
    page.input(4, { type: 'key', code: 'KeyA', down: true });
    page.input(5, { type: 'pointer.move', x: 0.4, y: 0.4 });
    page.input(6, { type: 'pointer.move', x: 0.5, y: 0.5 });
    await page.settle();
    held.release();
    await vi.waitFor(() => expect(movesAndKeys()).toHaveLength(4));
    expect(movesAndKeys()).toEqual([
      { call: 'movePointer', x: 100, y: 50 },
      { call: 'movePointer', x: 300, y: 150 },
      { call: 'key', code: 'KeyA', down: true },
      { call: 'movePointer', x: 500, y: 250 },
    ]);
  });
});

describe('elevated use and sign-out', () => {
  it('refuses sign-out before elevated input, runs it after', async () => {
    const page = await PageClient.open();
    await page.grantAndControl({ modes: ['control', 'elevation'] });
    page.send({ type: 'agent.signOut', sessionId: SESSION });
    expect((await page.error()).code).toBe('not_permitted');
    expect(existsSync(signOutMarker)).toBe(false);

    page.input(1, { type: 'key', code: 'KeyA', down: true });
    page.input(2, { type: 'key', code: 'KeyA', down: false });
    expect(await page.next('agent.elevatedUsed')).toEqual({ type: 'agent.elevatedUsed', sessionId: SESSION });
    await page.settle();
    expect(page.received.filter((m) => m.type === 'agent.elevatedUsed')).toHaveLength(1);

    page.send({ type: 'agent.signOut', sessionId: SESSION });
    expect(await page.next('agent.signedOut')).toEqual({ type: 'agent.signedOut', sessionId: SESSION });
    expect(existsSync(signOutMarker)).toBe(true);
  });

  it('does not report elevated use under a grant without elevation', async () => {
    const page = await PageClient.open();
    await page.grantAndControl();
    page.input(1, { type: 'key', code: 'KeyA', down: true });
    await page.settle();
    await vi.waitFor(() => expect(movesAndKeys()).toHaveLength(1));
    page.send({ type: 'agent.signOut', sessionId: SESSION });
    expect((await page.error()).code).toBe('not_permitted');
    expect(page.received.some((m) => m.type === 'agent.elevatedUsed')).toBe(false);
  });
});

describe('the agent’s log under a flood', () => {
  it('writes a line per kind of refusal and a count, not a line per refusal', async () => {
    await server.close();
    const lines: string[] = [];
    server = await startAgentServer({
      appOrigin: APP,
      port: 0,
      verifyGrant: makeGrantVerifier({ appOrigin: APP, deviceId: DEVICE, keys: jwks }),
      backend,
      signOut: null,
      deviceId: DEVICE,
      version: '0.1.0',
      log: makeLog((line) => lines.push(line)),
      now: () => Date.now(),
    });
    const page = await PageClient.open();
    await page.grantAndControl();
    page.send({ type: 'agent.mode', sessionId: SESSION, mode: 'view' });
    // Wheel turns are never merged: each is its own refusal (or, past the queue's limit, its own drop).
    for (let seq = 1; seq <= 20_000; seq++) page.input(seq, { type: 'pointer.wheel', x: 0.5, y: 0.5, dx: 0, dy: 1 });
    await page.next('agent.error', (m) => m.seq === 20_000);
    await server.close();
    const refused = page.received.filter((m) => m.type === 'agent.error').length;
    expect(refused).toBe(20_000);
    expect(lines.length).toBeLessThan(10);
    // What was held back is counted: one line and one count per kind of refusal.
    const counted = lines
      .map((l) => /refused \S+ ([\d,]+) more times/.exec(l)?.[1])
      .filter((n): n is string => n !== undefined)
      .reduce((sum, n) => sum + Number(n.replace(/,/g, '')), 0);
    const written = lines.filter((l) => /refused \S+:/.test(l)).length;
    expect(counted + written).toBe(20_000);
  });
});
