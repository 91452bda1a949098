/**
 * The helper's side of a live session, built on the session link: the helper's session machine, the control sender
 * (input and the laser, over the control channel) and what the sharer's agent says it can reach.
 */
import type { Session } from '@remote-help/protocol/domain';
import type { AgentCapabilities } from '@remote-help/protocol/peer-channels';
import { type Accessor, createSignal } from 'solid-js';
import { createActor } from 'xstate';
import { type ControlSender, makeControlSender } from '../../control/control-sender.ts';
import { helperSessionMachine } from '../../machines/helper-session.machine.ts';
import { helperControlChannel } from '../../rtc/session-channels.ts';
import type { SessionLink } from './session-link.ts';
import { signalingFor } from './session-signaling.ts';

function makeHelperActor(session: Session, link: SessionLink) {
  return createActor(helperSessionMachine.provide({ actors: { signaling: signalingFor(link.socket, 'helper') } }), {
    input: { session },
  });
}

export type HelperSessionActor = ReturnType<typeof makeHelperActor>;

export interface HelperParts {
  actor: HelperSessionActor;
  control: ControlSender;
  /** What the sharer's control agent can reach beyond ordinary windows, as the sharer's page says; null if unknown. */
  sharerAgent: Accessor<AgentCapabilities | null>;
}

export function createHelperParts(link: SessionLink): HelperParts {
  const channel = link.channel(helperControlChannel);
  const [sharerAgent, setSharerAgent] = createSignal<AgentCapabilities | null>(null);
  channel.onMessage((reply) => setSharerAgent(reply.capabilities));
  const control = makeControlSender((message) => {
    link.activity.activity();
    channel.send(message);
  });
  return { actor: makeHelperActor(link.session, link), control, sharerAgent };
}
