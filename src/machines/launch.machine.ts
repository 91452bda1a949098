/**
 * The helper's remote launch (spec 3.2): confirm, send, then wait for the device's answer. The helper sees
 * "Notification sent" with Retry, an error (offline device) with Retry, a decline, or expiry after 5 minutes; the
 * person accepting ends it with the new session.
 */
import type { Session } from '@remote-help/protocol/domain';
import type { ErrorCode } from '@remote-help/protocol/errors';
import { assign, fromCallback, fromPromise, setup } from 'xstate';
import { errorCodeOf } from './helper-code.machine.ts';

export interface SentLaunch {
  launchId: string;
  /** How long the request waits for an answer, from now. */
  ttlMs: number;
}

export type LaunchAnswer = { type: 'launch.paired'; session: Session } | { type: 'launch.declined' };

export type LaunchEvent =
  | { type: 'launch.continue' }
  | { type: 'launch.cancel' }
  | { type: 'launch.retry' }
  | LaunchAnswer;

export interface LaunchContext {
  launch?: SentLaunch;
  error?: ErrorCode | 'network';
  session?: Session;
}

export const launchMachine = setup({
  types: {
    context: {} as LaunchContext,
    events: {} as LaunchEvent,
    output: {} as { session?: Session },
  },
  actors: {
    sendLaunch: fromPromise<SentLaunch>(async () => {
      throw new Error('sendLaunch not provided');
    }),
    /** The device's answer for one launch, as it arrives over the socket. */
    answers: fromCallback<LaunchEvent, { launchId: string }>(() => () => {}),
  },
  delays: {
    expiry: ({ context }) => context.launch?.ttlMs ?? 0,
  },
}).createMachine({
  id: 'launch',
  initial: 'confirming',
  context: {},
  states: {
    confirming: {
      on: { 'launch.continue': 'sending', 'launch.cancel': 'cancelled' },
    },
    sending: {
      entry: assign({ error: undefined }),
      invoke: {
        src: 'sendLaunch',
        onDone: { target: 'sent', actions: assign({ launch: ({ event }) => event.output }) },
        onError: { target: 'failed', actions: assign({ error: ({ event }) => errorCodeOf(event.error) }) },
      },
    },
    sent: {
      invoke: { src: 'answers', input: ({ context }) => ({ launchId: context.launch?.launchId ?? '' }) },
      after: { expiry: 'expired' },
      on: {
        'launch.paired': { target: 'paired', actions: assign({ session: ({ event }) => event.session }) },
        'launch.declined': 'declined',
        'launch.retry': 'sending',
      },
    },
    failed: { on: { 'launch.retry': 'sending', 'launch.cancel': 'cancelled' } },
    declined: { on: { 'launch.retry': 'sending', 'launch.cancel': 'cancelled' } },
    expired: { on: { 'launch.retry': 'sending', 'launch.cancel': 'cancelled' } },
    paired: { type: 'final' },
    cancelled: { type: 'final' },
  },
  output: ({ context }) => ({ session: context.session }),
});
