/** Wires the helper's launch machine to the real API and socket (spec 3.2). */
import { createActor, fromCallback, fromPromise } from 'xstate';
import { type LaunchEvent, launchMachine, type SentLaunch } from '../machines/launch.machine.ts';
import type { DeviceApi } from '../net/device-api.ts';
import type { SignalingSocket } from '../net/signaling-socket.ts';

export function makeLaunchActor(devices: DeviceApi, socket: SignalingSocket, deviceId: string) {
  return createActor(
    launchMachine.provide({
      actors: {
        sendLaunch: fromPromise<SentLaunch>(async () => {
          const launch = await devices.launch(deviceId);
          // The server's expiry, as time left on this clock: the two clocks need not agree.
          return { launchId: launch.launchId, ttlMs: Math.max(0, Date.parse(launch.expiresAt) - Date.now()) };
        }),
        answers: fromCallback<LaunchEvent, { launchId: string }>(({ sendBack, input }) => {
          const offPaired = socket.on('session.paired', (m) => {
            if (m.launchId === input.launchId) sendBack({ type: 'launch.paired', session: m.session });
          });
          const offDeclined = socket.on('launch.declined', (m) => {
            if (m.launchId === input.launchId) sendBack({ type: 'launch.declined' });
          });
          return () => {
            offPaired();
            offDeclined();
          };
        }),
      },
    }),
  );
}

export type LaunchActor = ReturnType<typeof makeLaunchActor>;
