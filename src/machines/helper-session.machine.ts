/**
 * The helper's session (spec 4.1, 4.3–4.5, 4.8–4.9): ask for screen sharing or full control, wait for the sharer's
 * answer, follow the mode the sharer set, drop to view only at will, leave. The helper's machine only ever shows
 * what the sharer granted; it never grants itself anything.
 */
import type { Session } from '@remote-help/protocol/domain';
import {
  type DeclineReason,
  LINK_TIMEOUT_MS,
  type LiveMode,
  type SessionEvent,
} from '@remote-help/protocol/session-negotiation';
import { assign, fromCallback, sendTo, setup } from 'xstate';
import type { LocalEndReason, RemoteEvent, SignalingCommand } from './session-shared.ts';

/** How long the helper waits for an answer before giving up on a request. */
export const REQUEST_TIMEOUT_MS = 120_000;

export type HelperNotice =
  | { kind: 'declined'; mode: LiveMode | 'elevation'; reason: DeclineReason }
  | { kind: 'no_answer' }
  | { kind: 'view_only_shared' }
  | { kind: 'sharer_switched_to_view' }
  | { kind: 'sharing_stopped' };

export interface HelperSessionContext {
  session: Session;
  mode: 'none' | LiveMode;
  /** What the helper asked for and has not yet had an answer to. */
  pending?: LiveMode;
  elevation: 'none' | 'requested' | 'granted';
  sharerOnline: boolean;
  online: boolean;
  notice?: HelperNotice;
  endReason?: LocalEndReason;
}

export type HelperSessionEvent =
  | RemoteEvent
  | { type: 'mode.request'; mode: LiveMode }
  | { type: 'mode.switchToView' }
  | { type: 'elevation.request' }
  | { type: 'session.leave' };

const remote = (event: HelperSessionEvent) => (event.type === 'remote.event' ? event.event : undefined);

export const helperSessionMachine = setup({
  types: {
    context: {} as HelperSessionContext,
    events: {} as HelperSessionEvent,
    input: {} as { session: Session },
  },
  actors: {
    signaling: fromCallback<SignalingCommand, { sessionId: string }>(() => () => {}),
  },
  actions: {
    /** The sharer said no: forget the request and say why. */
    noteDecline: assign(({ event }) => {
      const e = remote(event);
      return {
        pending: undefined,
        notice:
          e?.type === 'mode.decline' ? ({ kind: 'declined', mode: e.mode, reason: e.reason } as const) : undefined,
      };
    }),
    send: sendTo('signaling', (_, event: SessionEvent) => ({ type: 'send', event }) satisfies SignalingCommand),
  },
  guards: {
    permitted: ({ context, event }) =>
      event.type === 'mode.request' && context.session.permittedModes.includes(event.mode),
    upgradePermitted: ({ context, event }) =>
      event.type === 'mode.request' &&
      event.mode === 'control' &&
      context.mode === 'view' &&
      context.pending === undefined &&
      context.session.permittedModes.includes('control'),
    isRemote: ({ event }, type: SessionEvent['type']) => remote(event)?.type === type,
    /** An allow counts only for what was asked (or less); a sharer cannot hand out more than the session permits. */
    allowAcceptable: ({ context, event }) => {
      const e = remote(event);
      return (
        e?.type === 'mode.allow' &&
        (e.mode === 'view' || (e.mode === context.pending && context.session.permittedModes.includes(e.mode)))
      );
    },
    allowsPending: ({ context, event }) => {
      const e = remote(event);
      return e?.type === 'mode.allow' && e.mode === context.pending && context.session.permittedModes.includes(e.mode);
    },
    elevationAllowed: ({ context }) =>
      context.mode === 'control' &&
      context.elevation === 'none' &&
      context.session.permittedModes.includes('elevation'),
  },
}).createMachine({
  id: 'helperSession',
  context: ({ input }) => ({
    session: input.session,
    mode: 'none',
    elevation: 'none',
    sharerOnline: true,
    online: true,
  }),
  invoke: { id: 'signaling', src: 'signaling', input: ({ context }) => ({ sessionId: context.session.id }) },
  initial: 'active',
  states: {
    active: {
      type: 'parallel',
      on: {
        'session.leave': '#helperSession.leaving',
        'remote.ended': { target: '#helperSession.ended', actions: assign({ endReason: ({ event }) => event.reason }) },
        'remote.presence': { actions: assign({ sharerOnline: ({ event }) => event.online }) },
      },
      states: {
        negotiation: {
          initial: 'idle',
          states: {
            idle: {
              on: {
                'mode.request': {
                  guard: 'permitted',
                  target: 'requesting',
                  actions: [
                    assign({ pending: ({ event }) => event.mode, notice: undefined }),
                    { type: 'send', params: ({ event }) => ({ type: 'mode.request', mode: event.mode }) as const },
                  ],
                },
              },
            },
            requesting: {
              after: {
                [REQUEST_TIMEOUT_MS]: {
                  target: 'idle',
                  actions: assign({ pending: undefined, notice: { kind: 'no_answer' } }),
                },
              },
              on: {
                'remote.event': [
                  {
                    guard: 'allowAcceptable',
                    target: 'live',
                    actions: assign(({ context, event }) => {
                      const e = remote(event);
                      const mode = e?.type === 'mode.allow' ? e.mode : 'view';
                      return {
                        mode,
                        pending: undefined,
                        notice:
                          context.pending === 'control' && mode === 'view'
                            ? ({ kind: 'view_only_shared' } as const)
                            : undefined,
                      };
                    }),
                  },
                  {
                    guard: { type: 'isRemote', params: 'mode.decline' },
                    target: 'idle',
                    actions: 'noteDecline',
                  },
                ],
              },
            },
            live: {
              on: {
                'mode.request': {
                  guard: 'upgradePermitted',
                  actions: [
                    assign({ pending: 'control', notice: undefined }),
                    { type: 'send', params: () => ({ type: 'mode.request', mode: 'control' }) as const },
                  ],
                },
                'mode.switchToView': {
                  guard: ({ context }) => context.mode === 'control',
                  actions: [
                    assign({ mode: 'view', elevation: 'none' }),
                    { type: 'send', params: () => ({ type: 'mode.switch', mode: 'view' }) as const },
                  ],
                },
                'elevation.request': {
                  guard: 'elevationAllowed',
                  actions: [
                    assign({ elevation: 'requested' }),
                    { type: 'send', params: () => ({ type: 'elevation.request' }) as const },
                  ],
                },
                'remote.event': [
                  {
                    guard: 'allowsPending',
                    actions: assign({ mode: 'control', pending: undefined }),
                  },
                  {
                    guard: { type: 'isRemote', params: 'mode.decline' },
                    actions: 'noteDecline',
                  },
                  {
                    guard: { type: 'isRemote', params: 'mode.switch' },
                    actions: assign({
                      mode: 'view',
                      elevation: 'none',
                      pending: undefined,
                      notice: { kind: 'sharer_switched_to_view' },
                    }),
                  },
                  {
                    guard: ({ context, event }) =>
                      remote(event)?.type === 'elevation.allow' && context.elevation === 'requested',
                    actions: assign({ elevation: 'granted' }),
                  },
                  {
                    guard: ({ context, event }) =>
                      remote(event)?.type === 'elevation.decline' && context.elevation === 'requested',
                    actions: assign(({ event }) => {
                      const e = remote(event);
                      return {
                        elevation: 'none' as const,
                        notice:
                          e?.type === 'elevation.decline'
                            ? ({ kind: 'declined', mode: 'elevation', reason: e.reason } as const)
                            : undefined,
                      };
                    }),
                  },
                  {
                    guard: { type: 'isRemote', params: 'sharing.stopped' },
                    target: 'idle',
                    actions: assign({
                      mode: 'none',
                      elevation: 'none',
                      pending: undefined,
                      notice: { kind: 'sharing_stopped' },
                    }),
                  },
                ],
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
                  target: '#helperSession.ended',
                  actions: assign({ endReason: 'connection_lost' }),
                },
              },
            },
          },
        },
      },
    },
    leaving: {
      entry: sendTo('signaling', { type: 'leave' } satisfies SignalingCommand),
      always: { target: 'ended', actions: assign({ endReason: 'you_left' }) },
    },
    ended: {
      type: 'final',
      entry: assign({ mode: 'none', elevation: 'none', pending: undefined }),
    },
  },
});
