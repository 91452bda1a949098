/**
 * The sharer's side of a live session, built on the session link in dependency order: the screen capture and the
 * control gate (which needs the agent) first, then the sharer's session machine that uses both, then the wiring from
 * the machine back to them. The helper hears over the control channel what the agent can reach.
 */
import type { LiveMode } from '@remote-help/protocol/session-negotiation';
import { type Accessor, createEffect, createSignal, onCleanup } from 'solid-js';
import { createActor, fromPromise } from 'xstate';
import type { AgentLink } from '../../agent/agent-link.ts';
import { createSharerControl, type SharerControl } from '../../control/sharer-control.ts';
import { sharerSessionMachine } from '../../machines/sharer-session.machine.ts';
import type { ApiClient } from '../../net/api-client.ts';
import { makeScreenCapture, type ScreenCapture } from '../../rtc/screen-capture.ts';
import { sharerControlChannel } from '../../rtc/session-channels.ts';
import type { SessionLink } from './session-link.ts';
import { signalingFor } from './session-signaling.ts';

function makeSharerActor(link: SessionLink, capture: ScreenCapture, control: SharerControl, publish: () => void) {
  return createActor(
    sharerSessionMachine.provide({
      actors: {
        signaling: signalingFor(link.socket, 'sharer'),
        signOut: fromPromise(() => control.signOut()),
        capture: fromPromise(({ input, signal }: { input: { mode: LiveMode }; signal: AbortSignal }) =>
          capture.start(input.mode, signal),
        ),
      },
      actions: {
        publishCapture: publish,
        stopCapture: () => {
          capture.stop();
          publish();
        },
      },
    }),
    { input: { session: link.session } },
  );
}

export type SharerSessionActor = ReturnType<typeof makeSharerActor>;

export interface SharerParts {
  actor: SharerSessionActor;
  control: SharerControl;
  localStream: Accessor<MediaStream | undefined>;
}

export function createSharerParts(link: SessionLink, deps: { agent: AgentLink; api: ApiClient }): SharerParts {
  const channel = link.channel(sharerControlChannel);
  const capture = makeScreenCapture();
  const control = createSharerControl({ sessionId: link.session.id, agent: deps.agent, api: deps.api });
  const [localStream, setLocalStream] = createSignal<MediaStream>();
  // What is shared now goes to the page, the peer link and the agent alike.
  const publish = () => {
    const stream = capture.current();
    setLocalStream(stream);
    link.peer.setStream(stream);
    control.setCapture(stream);
  };
  const actor = makeSharerActor(link, capture, control, publish);

  channel.onMessage((message) => control.receive(message));
  const sendCapabilities = () =>
    channel.send({ type: 'control.capabilities', capabilities: control.agentCapabilities() });
  channel.onOpen(sendCapabilities);
  // The helper learns what the agent can reach when it connects, changes or goes away.
  createEffect(() => {
    control.agentCapabilities();
    sendCapabilities();
  });
  actor.subscribe((snapshot) =>
    control.update({
      mode: snapshot.context.mode,
      elevation: snapshot.context.elevation,
      done: snapshot.status !== 'active',
    }),
  );
  capture.onEnded(() => actor.send({ type: 'capture.ended' }));
  onCleanup(() => {
    control.dispose();
    capture.stop();
  });
  return { actor, control, localStream };
}

/** Once the machine runs: the agent's readiness, and elevation used, go to it. */
export function connectControlToMachine(parts: SharerParts): void {
  onCleanup(parts.control.onEvent((event) => parts.actor.send(event)));
}
