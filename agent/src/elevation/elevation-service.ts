/**
 * The service side of the elevation hand-off, free of Windows calls: it answers each request from a user-level
 * agent, using the grant check and a launcher that does the Windows work (start the helper process on the secure
 * desktop of a session, pass it input, ask for the secure attention sequence). The Windows launcher is not part of
 * this build (see agent/README.md); this is the part whose rules can be tested anywhere.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ControlEvent } from '@remote-help/protocol/peer-channels';
import type { ElevationDecision, ElevationRequest } from './elevation-grant.ts';
import {
  HANDOFF_PROTOCOL_VERSION,
  type HandoffRefusalCode,
  type HandoffReply,
  type HandoffRequest,
} from './handoff-protocol.ts';

/** What only the service can do on Windows. */
export interface SecureDesktopLauncher {
  /** Starts (or reuses) the helper on the secure desktop ("winsta0\Winlogon") of this Windows session. */
  start(windowsSession: number): Promise<void>;
  input(windowsSession: number, event: ControlEvent): Promise<void>;
  /** Ctrl+Alt+Del (SendSAS), for the session at the console. */
  secureAttention(windowsSession: number): Promise<void>;
  stop(windowsSession: number): Promise<void>;
}

export interface ElevationServiceOptions {
  check: (request: ElevationRequest) => Promise<ElevationDecision>;
  launcher: SecureDesktopLauncher;
  now?: () => number;
  newKey?: () => string;
}

interface Handoff {
  sessionId: string;
  windowsSession: number;
  key: string;
  expiresAt: number;
}

/** The Windows session of the pipe's client, as Windows reports it (never as the client claims). */
export interface PipeClient {
  windowsSession: number;
}

const sameKey = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

export function makeElevationService(options: ElevationServiceOptions) {
  const now = options.now ?? Date.now;
  const newKey = options.newKey ?? (() => randomBytes(32).toString('base64url'));
  /** At most one hand-off per Windows session. */
  const handoffs = new Map<number, Handoff>();
  const refused = (code: HandoffRefusalCode, message: string, seq?: number): HandoffReply => ({
    type: 'elevation.refused',
    code,
    message,
    ...(seq === undefined ? {} : { seq }),
  });

  /** The caller's live hand-off for this session and key, or why there is none. */
  function current(client: PipeClient, sessionId: string, key: string, seq?: number): Handoff | HandoffReply {
    const handoff = handoffs.get(client.windowsSession);
    if (!handoff || handoff.sessionId !== sessionId) return refused('no_handoff', 'No hand-off is running.', seq);
    if (!sameKey(handoff.key, key)) return refused('wrong_key', 'The hand-off key is wrong.', seq);
    if (now() >= handoff.expiresAt) return refused('grant_expired', 'The grant has expired.', seq);
    return handoff;
  }

  async function end(handoff: Handoff, reason: 'asked' | 'grant_expired'): Promise<HandoffReply> {
    handoffs.delete(handoff.windowsSession);
    await options.launcher.stop(handoff.windowsSession);
    return { type: 'elevation.stopped', sessionId: handoff.sessionId, reason };
  }

  return {
    async handle(request: HandoffRequest, client: PipeClient): Promise<HandoffReply> {
      switch (request.type) {
        case 'elevation.hello':
          if (request.version !== HANDOFF_PROTOCOL_VERSION) {
            return refused('version_unsupported', `This service speaks version ${HANDOFF_PROTOCOL_VERSION}.`);
          }
          return { type: 'elevation.welcome', version: HANDOFF_PROTOCOL_VERSION };
        case 'elevation.start': {
          const decision = await options.check({
            sessionId: request.sessionId,
            token: request.token,
            clientWindowsSession: client.windowsSession,
          });
          if (!decision.ok) return refused(decision.code, decision.reason);
          const previous = handoffs.get(client.windowsSession);
          if (previous) await end(previous, 'asked');
          try {
            await options.launcher.start(client.windowsSession);
          } catch (e) {
            return refused('launch_failed', e instanceof Error ? e.message.slice(0, 500) : 'The helper did not start.');
          }
          const handoff: Handoff = {
            sessionId: request.sessionId,
            windowsSession: client.windowsSession,
            key: newKey(),
            expiresAt: decision.grant.expiresAt,
          };
          handoffs.set(client.windowsSession, handoff);
          return {
            type: 'elevation.started',
            sessionId: handoff.sessionId,
            key: handoff.key,
            expiresAt: new Date(handoff.expiresAt).toISOString(),
          };
        }
        case 'elevation.input': {
          const handoff = current(client, request.sessionId, request.key, request.seq);
          if ('type' in handoff) {
            if (handoff.type === 'elevation.refused' && handoff.code === 'grant_expired') {
              const live = handoffs.get(client.windowsSession);
              if (live) await end(live, 'grant_expired');
            }
            return handoff;
          }
          await options.launcher.input(client.windowsSession, request.event);
          return { type: 'elevation.applied', seq: request.seq };
        }
        case 'elevation.secureAttention': {
          const handoff = current(client, request.sessionId, request.key);
          if ('type' in handoff) return handoff;
          await options.launcher.secureAttention(client.windowsSession);
          return { type: 'elevation.applied' };
        }
        case 'elevation.stop': {
          const handoff = current(client, request.sessionId, request.key);
          if ('type' in handoff) return handoff;
          return end(handoff, 'asked');
        }
      }
    },
    /** Hand-offs whose grant ran out are stopped (called on a timer by the service). */
    async expire(): Promise<HandoffReply[]> {
      const stopped: HandoffReply[] = [];
      for (const handoff of [...handoffs.values()]) {
        if (now() >= handoff.expiresAt) stopped.push(await end(handoff, 'grant_expired'));
      }
      return stopped;
    },
    /** The console switched to another user (fast user switching): hand-offs of other sessions stop. */
    async consoleChanged(consoleSession: number): Promise<HandoffReply[]> {
      const stopped: HandoffReply[] = [];
      for (const handoff of [...handoffs.values()]) {
        if (handoff.windowsSession !== consoleSession) {
          handoffs.delete(handoff.windowsSession);
          await options.launcher.stop(handoff.windowsSession);
          stopped.push({ type: 'elevation.stopped', sessionId: handoff.sessionId, reason: 'session_changed' });
        }
      }
      return stopped;
    },
  };
}
