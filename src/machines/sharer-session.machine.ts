/**
 * The sharer's session (spec 4.1–4.5, 4.8–4.9). The sharer's client is where consent is decided: a request outside
 * the session's permitted modes is refused here whatever the helper's client sends, full control needs the entire
 * screen, and capture is stopped whenever sharing ends and in every way the session can end.
 */
import type { Session } from '@remote-help/protocol/domain';
import {
  type DeclineReason,
  type DisplaySurface,
  LINK_TIMEOUT_MS,
  type LiveMode,
  type SessionEvent,
} from '@remote-help/protocol/session-negotiation';
import { assign, fromCallback, fromPromise, sendTo, setup } from 'xstate';
import type { LocalEndReason, RemoteEvent, SignalingCommand } from './session-shared.ts';

export type SharerNotice =
  | { kind: 'refused'; request: 'control' | 'view' | 'elevation' }
  | { kind: 'wrong_surface' }
  | { kind: 'picker_cancelled' }
  | { kind: 'helper_switched_to_view' }
  | { kind: 'agent_lost' };

export interface SharerSessionContext {
  session: Session;
  mode: 'none' | LiveMode;
  /** A request from the helper waiting for the sharer's answer. */
  request?: LiveMode;
  /** The mode being captured for, while the screen picker is open. */
  capturingFor?: LiveMode;
  surface?: DisplaySurface;
  elevation: 'none' | 'requested' | 'granted';
  helperOnline: boolean;
  online: boolean;
  notice?: SharerNotice;
  endReason?: LocalEndReason;
  /** The control agent is connected (full control needs it). */
  agentReady: boolean;
  /** The agent applied input while elevation was allowed: leaving signs the sharer out (spec 4.5). */
  elevatedUsed: boolean;
  /** The sharer chose Leave after elevated actions: the warning is showing. */
  confirmLeave: boolean;
  signOutFailed?: boolean;
}

export type SharerSessionEvent =
  | RemoteEvent
  | { type: 'consent.allow' }
  | { type: 'consent.viewOnly' }
  | { type: 'consent.decline' }
  | { type: 'mode.switchToView' }
  | { type: 'sharing.stop' }
  | { type: 'capture.ended' }
  | { type: 'elevation.allow' }
  | { type: 'elevation.decline' }
  | { type: 'session.leave' }
  | { type: 'session.leaveAndSignOut' }
  | { type: 'session.stay' }
  | { type: 'agent.status'; ready: boolean }
  | { type: 'agent.elevatedUsed' };

const remote = (event: SharerSessionEvent) => (event.type === 'remote.event' ? event.event : undefined);

export const sharerSessionMachine = setup({
  types: {
    context: {} as SharerSessionContext,
    events: {} as SharerSessionEvent,
    input: {} as { session: Session },
  },
  actors: {
    /** Relays session events to and from the server; sends RemoteEvents back. */
    signaling: fromCallback<SignalingCommand, { sessionId: string }>(() => () => {}),
    /** Opens the screen picker; resolves with the surface chosen. Must stop what it captured if it is cancelled. */
    capture: fromPromise<{ surface: DisplaySurface }, { mode: LiveMode }>(async () => {
      throw new Error('capture not provided');
    }),
    /** Has the agent run the configured sign-out (lock or end the desktop session); rejects if it did not. */
    signOut: fromPromise<void, { sessionId: string }>(async () => {
      throw new Error('sign-out not provided');
    }),
  },
  actions: {
    /** Hands the captured screen to the peer connection. */
    publishCapture: () => {},
    /** Stops every captured track; safe to call when nothing is captured. */
    stopCapture: () => {},
    send: sendTo('signaling', (_, event: SessionEvent) => ({ type: 'send', event }) satisfies SignalingCommand),
  },
  guards: {
    requestPermitted: ({ context, event }) => {
      const e = remote(event);
      return e?.type === 'mode.request' && context.session.permittedModes.includes(e.mode);
    },
    requestRefused: ({ context, event }) => {
      const e = remote(event);
      return e?.type === 'mode.request' && !context.session.permittedModes.includes(e.mode);
    },
    controlOnWrongSurface: ({ context }) => context.capturingFor === 'control' && context.surface !== 'monitor',
    upgradeOnEntireScreen: ({ context }) =>
      context.request === 'control' && context.surface === 'monitor' && context.agentReady,
    hasRequest: ({ context }) => context.request !== undefined,
    /** Full control is allowed only with the agent running; view only needs nothing more. */
    canAllow: ({ context }) => context.request !== 'control' || context.agentReady,
    controlWithoutAgent: ({ context, event }) =>
      event.type === 'agent.status' && !event.ready && context.mode === 'control',
    elevationPermitted: ({ context, event }) =>
      remote(event)?.type === 'elevation.request' &&
      context.mode === 'control' &&
      context.session.permittedModes.includes('elevation'),
    elevationRequested: ({ context }) => context.elevation === 'requested',
    isRemote: ({ event }, type: SessionEvent['type']) => remote(event)?.type === type,
  },
}).createMachine({
  id: 'sharerSession',
  context: ({ input }) => ({
    session: input.session,
    mode: 'none',
    elevation: 'none',
    helperOnline: true,
    online: true,
    agentReady: false,
    elevatedUsed: false,
    confirmLeave: false,
  }),
  invoke: { id: 'signaling', src: 'signaling', input: ({ context }) => ({ sessionId: context.session.id }) },
  initial: 'active',
  states: {
    active: {
      type: 'parallel',
      on: {
        'session.leave': [
          { guard: ({ context }) => context.elevatedUsed, actions: assign({ confirmLeave: true }) },
          { target: '#sharerSession.leaving' },
        ],
        'session.stay': { actions: assign({ confirmLeave: false }) },
        'session.leaveAndSignOut': {
          guard: ({ context }) => context.confirmLeave,
          target: '#sharerSession.signingOut',
        },
        'agent.status': [
          {
            // The agent went away mid-control: nothing can be applied any more, so say so and drop to view only.
            guard: 'controlWithoutAgent',
            actions: [
              assign({ agentReady: false, mode: 'view', elevation: 'none', notice: { kind: 'agent_lost' } }),
              { type: 'send', params: () => ({ type: 'mode.switch', mode: 'view' }) as const },
            ],
          },
          { actions: assign({ agentReady: ({ event }) => event.ready }) },
        ],
        'agent.elevatedUsed': {
          guard: ({ context }) => context.elevation === 'granted' && !context.elevatedUsed,
          actions: [
            assign({ elevatedUsed: true }),
            { type: 'send', params: () => ({ type: 'elevation.used' }) as const },
          ],
        },
        'remote.ended': {
          target: '#sharerSession.ended',
          actions: assign({ endReason: ({ event }) => event.reason }),
        },
        'remote.presence': { actions: assign({ helperOnline: ({ event }) => event.online }) },
      },
      states: {
        sharing: {
          initial: 'idle',
          states: {
            idle: {
              on: {
                'remote.event': [
                  {
                    guard: 'requestRefused',
                    actions: [
                      assign({ notice: ({ event }) => ({ kind: 'refused', request: remoteMode(event) }) }),
                      { type: 'send', params: ({ event }) => decline(remoteMode(event), 'not_permitted') },
                    ],
                  },
                  {
                    guard: 'requestPermitted',
                    target: 'awaitingConsent',
                    actions: assign({ request: ({ event }) => remoteMode(event), notice: undefined }),
                  },
                  {
                    guard: { type: 'isRemote', params: 'elevation.request' },
                    actions: [
                      assign({ notice: { kind: 'refused', request: 'elevation' } }),
                      { type: 'send', params: () => ({ type: 'elevation.decline', reason: 'not_permitted' }) as const },
                    ],
                  },
                ],
              },
            },
            awaitingConsent: {
              on: {
                'consent.allow': {
                  guard: 'canAllow',
                  target: 'capturing',
                  actions: assign({ capturingFor: ({ context }) => context.request, request: undefined }),
                },
                /** Asked for full control, the sharer shares view only (no agent, or by choice). */
                'consent.viewOnly': {
                  target: 'capturing',
                  actions: assign({ capturingFor: 'view', request: undefined }),
                },
                'consent.decline': {
                  target: 'idle',
                  actions: [
                    { type: 'send', params: ({ context }) => decline(context.request ?? 'view', 'declined') },
                    assign({ request: undefined }),
                  ],
                },
                'remote.event': [
                  {
                    guard: 'requestRefused',
                    actions: { type: 'send', params: ({ event }) => decline(remoteMode(event), 'not_permitted') },
                  },
                  { guard: 'requestPermitted', actions: assign({ request: ({ event }) => remoteMode(event) }) },
                ],
              },
            },
            capturing: {
              invoke: {
                src: 'capture',
                input: ({ context }) => ({ mode: context.capturingFor ?? 'view' }),
                onDone: [
                  {
                    actions: assign({ surface: ({ event }) => event.output.surface }),
                    target: 'checkingSurface',
                  },
                ],
                onError: {
                  target: 'idle',
                  actions: [
                    'stopCapture',
                    {
                      type: 'send',
                      params: ({ context }) => decline(context.capturingFor ?? 'view', 'picker_cancelled'),
                    },
                    assign({ capturingFor: undefined, notice: { kind: 'picker_cancelled' } }),
                  ],
                },
              },
            },
            checkingSurface: {
              always: [
                {
                  guard: 'controlOnWrongSurface',
                  target: 'wrongSurface',
                  actions: assign({ notice: { kind: 'wrong_surface' } }),
                },
                { target: 'live', actions: assign({ mode: ({ context }) => context.capturingFor ?? 'view' }) },
              ],
            },
            wrongSurface: {
              on: {
                'consent.viewOnly': {
                  target: 'live',
                  actions: assign({ mode: 'view', notice: undefined }),
                },
                'consent.decline': {
                  target: 'idle',
                  actions: [
                    'stopCapture',
                    { type: 'send', params: () => decline('control', 'wrong_surface') },
                    assign({ capturingFor: undefined, surface: undefined }),
                  ],
                },
              },
            },
            live: {
              entry: [
                'publishCapture',
                {
                  type: 'send',
                  params: ({ context }) =>
                    ({
                      type: 'mode.allow',
                      mode: context.mode === 'control' ? 'control' : 'view',
                      surface: context.surface ?? 'unknown',
                    }) satisfies SessionEvent,
                },
                assign({ capturingFor: undefined }),
              ],
              on: {
                'remote.event': [
                  {
                    guard: 'requestRefused',
                    actions: [
                      assign({ notice: ({ event }) => ({ kind: 'refused', request: remoteMode(event) }) }),
                      { type: 'send', params: ({ event }) => decline(remoteMode(event), 'not_permitted') },
                    ],
                  },
                  {
                    // Going up to full control while sharing: ask the sharer again.
                    guard: ({ context, event }) => {
                      const e = remote(event);
                      return e?.type === 'mode.request' && e.mode === 'control' && context.mode === 'view';
                    },
                    actions: assign({ request: 'control', notice: undefined }),
                  },
                  {
                    guard: { type: 'isRemote', params: 'mode.switch' },
                    actions: assign({
                      mode: 'view',
                      elevation: 'none',
                      request: undefined,
                      notice: { kind: 'helper_switched_to_view' },
                    }),
                  },
                  {
                    guard: 'elevationPermitted',
                    actions: assign({ elevation: 'requested' }),
                  },
                  {
                    guard: { type: 'isRemote', params: 'elevation.request' },
                    actions: [
                      assign({ notice: { kind: 'refused', request: 'elevation' } }),
                      { type: 'send', params: () => ({ type: 'elevation.decline', reason: 'not_permitted' }) as const },
                    ],
                  },
                ],
                'consent.allow': [
                  // Full control without the agent cannot be allowed; the screen offers view only instead.
                  { guard: ({ context }) => context.request === 'control' && !context.agentReady },
                  {
                    guard: 'upgradeOnEntireScreen',
                    actions: [
                      assign({ mode: 'control', request: undefined }),
                      {
                        type: 'send',
                        params: () => ({ type: 'mode.allow', mode: 'control', surface: 'monitor' }) as const,
                      },
                    ],
                  },
                  {
                    guard: 'hasRequest',
                    actions: [
                      assign({ request: undefined, notice: { kind: 'wrong_surface' } }),
                      { type: 'send', params: () => decline('control', 'wrong_surface') },
                    ],
                  },
                ],
                'consent.decline': {
                  guard: 'hasRequest',
                  actions: [
                    { type: 'send', params: ({ context }) => decline(context.request ?? 'control', 'declined') },
                    assign({ request: undefined }),
                  ],
                },
                'mode.switchToView': {
                  guard: ({ context }) => context.mode === 'control',
                  actions: [
                    assign({ mode: 'view', elevation: 'none' }),
                    { type: 'send', params: () => ({ type: 'mode.switch', mode: 'view' }) as const },
                  ],
                },
                'elevation.allow': {
                  guard: 'elevationRequested',
                  actions: [
                    assign({ elevation: 'granted' }),
                    { type: 'send', params: () => ({ type: 'elevation.allow' }) as const },
                  ],
                },
                'elevation.decline': {
                  guard: 'elevationRequested',
                  actions: [
                    assign({ elevation: 'none' }),
                    { type: 'send', params: () => ({ type: 'elevation.decline', reason: 'declined' }) as const },
                  ],
                },
                'sharing.stop': {
                  target: 'idle',
                  actions: [
                    'stopCapture',
                    { type: 'send', params: () => ({ type: 'sharing.stopped' }) as const },
                    assign({ mode: 'none', elevation: 'none', request: undefined, surface: undefined }),
                  ],
                },
                'capture.ended': {
                  target: 'idle',
                  actions: [
                    'stopCapture',
                    { type: 'send', params: () => ({ type: 'sharing.stopped' }) as const },
                    assign({ mode: 'none', elevation: 'none', request: undefined, surface: undefined }),
                  ],
                },
              },
            },
          },
        },
        link: {
          initial: 'online',
          states: {
            online: { on: { 'connection.lost': { target: 'offline', actions: assign({ online: false }) } } },
            offline: {
              on: { 'connection.restored': { target: 'online', actions: assign({ online: true }) } },
              after: {
                [LINK_TIMEOUT_MS]: {
                  target: '#sharerSession.ended',
                  actions: assign({ endReason: 'connection_lost' }),
                },
              },
            },
          },
        },
      },
    },
    signingOut: {
      invoke: {
        src: 'signOut',
        input: ({ context }) => ({ sessionId: context.session.id }),
        onDone: {
          target: 'leaving',
          actions: { type: 'send', params: () => ({ type: 'signout.done' }) as const },
        },
        onError: { target: 'leaving', actions: assign({ signOutFailed: true }) },
      },
    },
    leaving: {
      entry: sendTo('signaling', { type: 'leave' } satisfies SignalingCommand),
      always: { target: 'ended', actions: assign({ endReason: 'you_left' }) },
    },
    ended: {
      type: 'final',
      entry: ['stopCapture', assign({ mode: 'none', elevation: 'none', request: undefined, confirmLeave: false })],
    },
  },
});

function remoteMode(event: SharerSessionEvent): LiveMode {
  const e = remote(event);
  return e?.type === 'mode.request' ? e.mode : 'view';
}

function decline(mode: LiveMode, reason: DeclineReason): SessionEvent {
  return { type: 'mode.decline', mode, reason };
}
