/**
 * The helper's side of pairing (spec 3.1): get a security code, show it while it is valid, cancel it or get a new
 * one, and finish when the sharer redeems it. Side effects are actors supplied by the app (or by tests).
 */
import type { Session } from '@remote-help/protocol/domain';
import type { ErrorCode } from '@remote-help/protocol/errors';
import type { CreatedCode } from '@remote-help/protocol/pairing';
import { assign, fromCallback, fromPromise, setup } from 'xstate';

/** A code as shown: the server's answer plus the local time it stops being valid, immune to clock skew. */
export type ShownCode = CreatedCode & { deadline: number };

export interface HelperCodeContext {
  code?: ShownCode;
  error?: ErrorCode | 'network';
  session?: Session;
}

export type HelperCodeEvent =
  | { type: 'code.request' }
  | { type: 'code.cancel' }
  | { type: 'session.paired'; session: Session; code?: string };

/** The error code carried by a failed actor, or 'internal' when it carries none. */
export function errorCodeOf(error: unknown): ErrorCode | 'network' {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? (code as ErrorCode | 'network') : 'internal';
}

export const helperCodeMachine = setup({
  types: {
    context: {} as HelperCodeContext,
    events: {} as HelperCodeEvent,
    output: {} as { session: Session },
  },
  actors: {
    createCode: fromPromise<ShownCode>(async () => {
      throw new Error('createCode not provided');
    }),
    cancelCode: fromPromise<void, { code: string }>(async () => {
      throw new Error('cancelCode not provided');
    }),
    /** Sends `session.paired` events from the server to the machine. */
    pairedEvents: fromCallback<HelperCodeEvent>(() => () => {}),
  },
  delays: {
    codeLifetime: ({ context }) => (context.code?.ttlSeconds ?? 0) * 1000,
  },
  guards: {
    isOurCode: ({ context, event }) => event.type === 'session.paired' && event.code === context.code?.code,
  },
}).createMachine({
  id: 'helperCode',
  initial: 'idle',
  context: {},
  states: {
    idle: {
      on: { 'code.request': 'requesting' },
    },
    requesting: {
      entry: assign({ error: undefined }),
      invoke: {
        src: 'createCode',
        onDone: { target: 'showing', actions: assign({ code: ({ event }) => event.output }) },
        onError: { target: 'failed', actions: assign({ error: ({ event }) => errorCodeOf(event.error) }) },
      },
    },
    showing: {
      invoke: { src: 'pairedEvents' },
      after: { codeLifetime: 'expired' },
      on: {
        'session.paired': {
          guard: 'isOurCode',
          target: 'paired',
          actions: assign({ session: ({ event }) => event.session }),
        },
        'code.cancel': 'cancelling',
        // A new code replaces this one, which is cancelled on the server first so it cannot be used.
        'code.request': 'replacing',
      },
    },
    cancelling: {
      invoke: {
        src: 'cancelCode',
        input: ({ context }) => ({ code: context.code?.code ?? '' }),
        onDone: { target: 'cancelled', actions: assign({ code: undefined }) },
        onError: { target: 'cancelled', actions: assign({ code: undefined }) },
      },
    },
    replacing: {
      invoke: {
        src: 'cancelCode',
        input: ({ context }) => ({ code: context.code?.code ?? '' }),
        onDone: { target: 'requesting', actions: assign({ code: undefined }) },
        onError: { target: 'requesting', actions: assign({ code: undefined }) },
      },
    },
    cancelled: {
      on: { 'code.request': 'requesting' },
    },
    expired: {
      entry: assign({ code: undefined }),
      on: { 'code.request': 'requesting' },
    },
    failed: {
      on: { 'code.request': 'requesting' },
    },
    paired: {
      type: 'final',
    },
  },
  output: ({ context }) => ({ session: context.session as Session }),
});
