/** Wires the pairing machines to the real API and socket; components receive the running actors. */
import type { Session } from '@remote-help/protocol/domain';
import { createActor, fromCallback, fromPromise } from 'xstate';
import { type HelperCodeEvent, helperCodeMachine, type ShownCode } from '../machines/helper-code.machine.ts';
import { sharerCodeMachine } from '../machines/sharer-code.machine.ts';
import type { ApiClient } from '../net/api-client.ts';
import type { SignalingSocket } from '../net/signaling-socket.ts';

export function makeHelperCodeActor(api: ApiClient, socket: SignalingSocket) {
  return createActor(
    helperCodeMachine.provide({
      actors: {
        createCode: fromPromise<ShownCode>(async () => {
          const code = await api.createCode();
          return { ...code, deadline: Date.now() + code.ttlSeconds * 1000 };
        }),
        cancelCode: fromPromise<void, { code: string }>(({ input }) => api.cancelCode(input.code)),
        pairedEvents: fromCallback<HelperCodeEvent>(({ sendBack }) =>
          socket.on('session.paired', (m) => sendBack({ type: 'session.paired', session: m.session, code: m.code })),
        ),
      },
    }),
  );
}

export function makeSharerCodeActor(api: ApiClient, code?: string) {
  return createActor(
    sharerCodeMachine.provide({
      actors: { redeemCode: fromPromise<Session, { code: string }>(({ input }) => api.redeemCode(input.code)) },
    }),
    { input: { code } },
  );
}

export type HelperCodeActor = ReturnType<typeof makeHelperCodeActor>;
export type SharerCodeActor = ReturnType<typeof makeSharerCodeActor>;
