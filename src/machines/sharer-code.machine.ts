/**
 * The sharer's side of pairing (spec 3.1): type a security code (or arrive with one from a join link), submit it,
 * and either pair or learn clearly why not.
 */
import { normaliseCode } from '@remote-help/protocol/code-format';
import type { Session } from '@remote-help/protocol/domain';
import type { ErrorCode } from '@remote-help/protocol/errors';
import { assign, fromPromise, setup } from 'xstate';
import { errorCodeOf } from './helper-code.machine.ts';

export interface SharerCodeContext {
  input: string;
  error?: ErrorCode | 'network';
  /** When a lock-out ends, for the refusal message. */
  retryAt?: string;
  session?: Session;
}

export type SharerCodeEvent = { type: 'code.change'; value: string } | { type: 'code.submit' };

export const sharerCodeMachine = setup({
  types: {
    context: {} as SharerCodeContext,
    events: {} as SharerCodeEvent,
    input: {} as { code?: string },
    output: {} as { session: Session },
  },
  actors: {
    redeemCode: fromPromise<Session, { code: string }>(async () => {
      throw new Error('redeemCode not provided');
    }),
  },
  guards: {
    isWellFormed: ({ context }) => normaliseCode(context.input) !== undefined,
  },
}).createMachine({
  id: 'sharerCode',
  initial: 'editing',
  context: ({ input }) => ({ input: input.code ?? '' }),
  states: {
    editing: {
      on: {
        'code.change': { actions: assign({ input: ({ event }) => event.value.slice(0, 64) }) },
        'code.submit': [
          { guard: 'isWellFormed', target: 'submitting' },
          { actions: assign({ error: 'code_malformed' as const, retryAt: undefined }) },
        ],
      },
    },
    submitting: {
      entry: assign({ error: undefined, retryAt: undefined }),
      invoke: {
        src: 'redeemCode',
        input: ({ context }) => ({ code: normaliseCode(context.input) ?? '' }),
        onDone: { target: 'paired', actions: assign({ session: ({ event }) => event.output }) },
        onError: {
          target: 'editing',
          actions: assign({
            error: ({ event }) => errorCodeOf(event.error),
            retryAt: ({ event }) => (event.error as { retryAt?: string } | null)?.retryAt,
          }),
        },
      },
    },
    paired: { type: 'final' },
  },
  output: ({ context }) => ({ session: context.session as Session }),
});
