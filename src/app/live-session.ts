/**
 * One live session, composed from its parts in dependency order: the session link (this session's socket view, the
 * peer link and its health), the chat on the link's chat channel, then the helper's or the sharer's own parts (their
 * session machine and control, on the control channel). Components get the result and only render it and send
 * events. Everything runs in one reactive root, so disposing the session ends every part at once.
 */
import type { Role, Session } from '@remote-help/protocol/domain';
import type { AgentCapabilities } from '@remote-help/protocol/peer-channels';
import { type Accessor, createRoot } from 'solid-js';
import type { AnyActorRef } from 'xstate';
import type { AgentLink } from '../agent/agent-link.ts';
import type { ChatEntry, ChatThread } from '../chat/chat-thread.ts';
import type { ControlSender } from '../control/control-sender.ts';
import type { SharerControl } from '../control/sharer-control.ts';
import { recordDiagnostic } from '../diagnostics/diagnostics-log.ts';
import type { ApiClient } from '../net/api-client.ts';
import type { SignalingSocket } from '../net/signaling-socket.ts';
import type { ConnectionQuality } from '../rtc/connection-quality.ts';
import type { PeerStatus, RelayProblem } from '../rtc/peer-link.ts';
import { createHelperParts, type HelperSessionActor } from './session-parts/helper-parts.ts';
import { createSessionChat } from './session-parts/session-chat.ts';
import { createSessionLink } from './session-parts/session-link.ts';
import { recordStates, reportModeChanges } from './session-parts/session-observers.ts';
import { connectControlToMachine, createSharerParts, type SharerSessionActor } from './session-parts/sharer-parts.ts';
import { createSharerStatus, type SharerStatus } from './session-parts/sharer-status.ts';

export type { HelperSessionActor, SharerSessionActor };

interface Common {
  session: Session;
  chat: ChatThread;
  chatEntries: Accessor<readonly ChatEntry[]>;
  peerStatus: Accessor<PeerStatus>;
  /** The organisation's TURN relay could not be used for the last connection (cleared once connected). */
  relayProblem: Accessor<RelayProblem | undefined>;
  dispose(): void;
}
export interface HelperLiveSession extends Common {
  role: 'helper';
  actor: HelperSessionActor;
  remoteStream: Accessor<MediaStream | undefined>;
  quality: Accessor<ConnectionQuality | undefined>;
  control: ControlSender;
  /** What the sharer's control agent can reach beyond ordinary windows, as the sharer's page says; null if unknown. */
  sharerAgent: Accessor<AgentCapabilities | null>;
}
export interface SharerLiveSession extends Common {
  role: 'sharer';
  actor: SharerSessionActor;
  localStream: Accessor<MediaStream | undefined>;
  control: SharerControl;
  /** Where this sharer can download the control agent for their system, if the server offers it. */
  agentDownload: string | null;
  /** The title and favicon while sharing, the floating status window, notifications of mode changes. */
  status: SharerStatus;
}
export type LiveSession = HelperLiveSession | SharerLiveSession;

export interface LiveSessionDeps {
  session: Session;
  role: Role;
  socket: SignalingSocket;
  api: ApiClient;
  /** The control agent on this machine (sharers only); made on first use. */
  agent: () => AgentLink;
  /** The agent's download for this machine's system, if the server offers one. */
  agentDownload: string | null;
}

export function startLiveSession({ session, role, socket, api, agent, agentDownload }: LiveSessionDeps): LiveSession {
  return createRoot((disposeRoot) => {
    const link = createSessionLink({ session, role, socket, api });
    const { chat, chatEntries } = createSessionChat(link);
    const common = { session, chat, chatEntries, peerStatus: link.peerStatus, relayProblem: link.relayProblem };
    recordDiagnostic('session.opened', { session: session.id, role, modes: session.permittedModes.join(' ') });

    /** Starts a side's machine; when it ends (or the session is disposed), every part ends with the root. */
    const run = (actor: AnyActorRef) => {
      recordStates(session.id, actor);
      reportModeChanges(actor, link.activity);
      actor.subscribe({ complete: disposeRoot });
      actor.start();
      return () => {
        actor.stop();
        disposeRoot();
      };
    };

    if (role === 'helper') {
      const helper = createHelperParts(link);
      const dispose = run(helper.actor);
      return { ...common, ...helper, role, remoteStream: link.remoteStream, quality: link.quality, dispose };
    }
    const sharer = createSharerParts(link, { agent: agent(), api });
    const status = createSharerStatus(sharer.actor, session);
    const dispose = run(sharer.actor);
    connectControlToMachine(sharer);
    return { ...common, ...sharer, role, agentDownload, status, dispose };
  });
}
