/**
 * Starts one session's moving parts — the session machine, the peer link, the screen capture (sharer) and the chat
 * thread — and wires them to the server socket. Components get this object and only render it and send events.
 */
import type { Role, Session } from '@remote-help/protocol/domain';
import {
  type AgentCapabilities,
  type ChatChannelMessage,
  type ControlChannelMessage,
  type ControlReply,
  controlChannelMessageSchema,
  controlReplySchema,
} from '@remote-help/protocol/peer-channels';
import type { LiveMode } from '@remote-help/protocol/session-negotiation';
import { type Accessor, createEffect, createRoot, createSignal, from } from 'solid-js';
import { createActor, fromCallback, fromPromise } from 'xstate';
import type { AgentLink } from '../agent/agent-link.ts';
import { makeIndexedDbChatStore } from '../chat/chat-store.ts';
import { type ChatEntry, type ChatThread, makeChatThread } from '../chat/chat-thread.ts';
import { type ControlSender, makeControlSender } from '../control/control-sender.ts';
import { makeSharerControl, type SharerControl } from '../control/sharer-control.ts';
import { recordDiagnostic } from '../diagnostics/diagnostics-log.ts';
import { helperSessionMachine } from '../machines/helper-session.machine.ts';
import type { RemoteEvent, SignalingCommand } from '../machines/session-shared.ts';
import { sharerSessionMachine } from '../machines/sharer-session.machine.ts';
import type { ApiClient } from '../net/api-client.ts';
import type { SessionSocket, SignalingSocket } from '../net/signaling-socket.ts';
import { type ConnectionQuality, qualityFrom } from '../rtc/connection-quality.ts';
import { makeFrameDecoder, makeFrameEncoder } from '../rtc/frames.ts';
import { makePeerLink, type PeerStatus, type RelayProblem } from '../rtc/peer-link.ts';
import { makeScreenCapture } from '../rtc/screen-capture.ts';
import { type ActivityReporter, makeActivityReporter } from './activity-reporter.ts';

export type HelperSessionActor = ReturnType<typeof makeHelperActor>;
export type SharerSessionActor = ReturnType<typeof makeSharerActor>;

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
}
export type LiveSession = HelperLiveSession | SharerLiveSession;

/** Relays one session's negotiation through the server socket, and the socket's health, to and from a machine. */
function signalingFor(socket: SessionSocket, role: Role) {
  return fromCallback<SignalingCommand, { sessionId: string }>(({ sendBack, receive }) => {
    const send = (e: RemoteEvent) => sendBack(e);
    socket.send({ type: 'session.resume' });
    const offs = [
      socket.on('session.event', (m) => {
        if (m.from !== role) send({ type: 'remote.event', from: m.from, event: m.event });
      }),
      socket.on('session.presence', (m) => send({ type: 'remote.presence', online: m.online })),
      socket.on('session.ended', (m) => send({ type: 'remote.ended', reason: m.reason })),
      socket.onStatus((s) => {
        if (s === 'open') {
          socket.send({ type: 'session.resume' });
          send({ type: 'connection.restored' });
        } else if (s === 'closed') send({ type: 'connection.lost' });
      }),
    ];
    receive((command) => {
      if (command.type === 'send') socket.send({ type: 'session.event', event: command.event });
      else socket.send({ type: 'session.leave' });
    });
    return () => {
      for (const off of offs) off();
    };
  });
}

function makeHelperActor(session: Session, socket: SessionSocket) {
  return createActor(helperSessionMachine.provide({ actors: { signaling: signalingFor(socket, 'helper') } }), {
    input: { session },
  });
}

function makeSharerActor(
  session: Session,
  socket: SessionSocket,
  capture: ReturnType<typeof makeScreenCapture>,
  publish: (stream: MediaStream | undefined) => void,
  signOut: () => Promise<void>,
) {
  return createActor(
    sharerSessionMachine.provide({
      actors: {
        signaling: signalingFor(socket, 'sharer'),
        signOut: fromPromise(() => signOut()),
        capture: fromPromise(({ input, signal }: { input: { mode: LiveMode }; signal: AbortSignal }) =>
          capture.start(input.mode, signal),
        ),
      },
      actions: {
        publishCapture: () => publish(capture.current()),
        stopCapture: () => {
          capture.stop();
          publish(undefined);
        },
      },
    }),
    { input: { session } },
  );
}

/** Each change of a session machine's state and mode goes to the diagnostics log (states and modes only). */
function recordStates(
  sessionId: string,
  actor: {
    subscribe(listener: (snapshot: { value: unknown; context: { mode: string; endReason?: string } }) => void): unknown;
  },
): void {
  let last = '';
  actor.subscribe((snapshot) => {
    const state = JSON.stringify(snapshot.value);
    const line = `${state} ${snapshot.context.mode}`;
    if (line === last) return;
    last = line;
    recordDiagnostic('session.state', {
      session: sessionId,
      state,
      mode: snapshot.context.mode,
      endReason: snapshot.context.endReason,
    });
  });
}

/** A change of mode is activity in the session (spec 4.10: idle timeout). */
function reportModeChanges(
  actor: { subscribe(listener: (snapshot: { context: { mode: string } }) => void): unknown },
  activity: ActivityReporter,
): void {
  let mode: string | undefined;
  actor.subscribe((snapshot) => {
    if (mode !== undefined && snapshot.context.mode !== mode) activity.activity();
    mode = snapshot.context.mode;
  });
}

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

export function startLiveSession({ session, role, api, agent, agentDownload, ...deps }: LiveSessionDeps): LiveSession {
  return createRoot((disposeRoot) => {
    const socket = deps.socket.session(session.id);
    const [peerStatus, setPeerStatus] = createSignal<PeerStatus>('connecting');
    const [relayProblem, setRelayProblem] = createSignal<RelayProblem>();
    const [remoteStream, setRemoteStream] = createSignal<MediaStream>();
    const [localStream, setLocalStream] = createSignal<MediaStream>();
    const [quality, setQuality] = createSignal<ConnectionQuality>();
    const [sharerAgent, setSharerAgent] = createSignal<AgentCapabilities | null>(null);
    const encode = makeFrameEncoder();
    const decoders = { chat: makeFrameDecoder(), control: makeFrameDecoder() };
    // The server cannot see chat or input (peer to peer), so the session tells it the person is active (spec 4.10).
    const activity = makeActivityReporter(() => socket.send({ type: 'session.activity' }));

    let chat: ChatThread | undefined;
    let sharerControl: SharerControl | undefined;
    const sendReply = (message: ControlReply) => {
      if (!peer.isOpen('control')) return;
      for (const frame of encode(message)) peer.send('control', frame);
    };
    const sendCapabilities = () => {
      if (sharerControl) sendReply({ type: 'control.capabilities', capabilities: sharerControl.agentCapabilities() });
    };
    const peer = makePeerLink({
      initiator: role === 'sharer',
      iceConfig: () => api.iceConfig(),
      sendSignal: (p, data) => socket.send({ type: 'session.signal', peer: p, data }),
      onRemoteStream: (s) => setRemoteStream(s),
      onStatus: (status) => {
        recordDiagnostic('peer.status', { session: session.id, status });
        setPeerStatus(status);
        if (status === 'connected') setRelayProblem(undefined);
      },
      onRelayProblem: (problem) => {
        recordDiagnostic('peer.relay_problem', { session: session.id, problem });
        setRelayProblem(problem);
      },
      onChannelOpen: (channel) => {
        if (channel === 'chat') chat?.flush();
        if (channel === 'control') sendCapabilities();
      },
      onMessage: (channel, data) => {
        const { message } = decoders[channel](data);
        // With chat turned off by the tenant, messages from the other side are not taken either.
        if (message !== undefined && channel === 'chat' && !session.chatDisabled) chat?.receive(message);
        if (message !== undefined && channel === 'control') {
          // Each side takes only what the other side may send it.
          if (role === 'sharer') {
            const parsed = controlChannelMessageSchema.safeParse(message);
            if (parsed.success) sharerControl?.receive(parsed.data);
            else recordDiagnostic('control.bad_message', { session: session.id });
          } else {
            const parsed = controlReplySchema.safeParse(message);
            if (parsed.success) setSharerAgent(parsed.data.capabilities);
            else recordDiagnostic('control.bad_message', { session: session.id });
          }
        }
      },
    });
    const transmit = (message: ChatChannelMessage) => {
      if (!peer.isOpen('chat')) return false;
      for (const frame of encode(message)) peer.send('chat', frame);
      return true;
    };
    chat = makeChatThread({ sessionId: session.id, store: makeIndexedDbChatStore(), transmit });
    const thread = chat;
    // A message sent or received is activity.
    let chatCount = thread.entries().length;
    const offChatActivity = thread.subscribe((entries) => {
      if (entries.length > chatCount) activity.activity();
      chatCount = entries.length;
    });
    const chatEntries = from<readonly ChatEntry[]>((set) => {
      set(thread.entries());
      return thread.subscribe((e) => set(() => e));
    });

    socket.on('session.signal', (m) => peer.receiveSignal(m.peer, m.data));
    // The other side's page came back: start a fresh connection rather than wait for the old one to time out.
    socket.on('session.presence', (m) => {
      if (m.online && peerStatus() !== 'connected') peer.restart();
    });

    const statsTimer = setInterval(async () => {
      const report = await peer.stats();
      if (report) setQuality(qualityFrom(report));
    }, 2000);

    let tornDown = false;
    const teardown = () => {
      if (tornDown) return;
      tornDown = true;
      clearInterval(statsTimer);
      offChatActivity();
      activity.dispose();
      peer.destroy();
      socket.release();
      disposeRoot();
    };

    const common = {
      session,
      chat: thread,
      chatEntries: () => chatEntries() ?? [],
      peerStatus,
      relayProblem,
    };
    recordDiagnostic('session.opened', { session: session.id, role, modes: session.permittedModes.join(' ') });
    if (role === 'helper') {
      const control = makeControlSender((message: ControlChannelMessage) => {
        activity.activity();
        if (!peer.isOpen('control')) return;
        for (const frame of encode(message)) peer.send('control', frame);
      });
      const actor = makeHelperActor(session, socket);
      recordStates(session.id, actor);
      reportModeChanges(actor, activity);
      actor.subscribe({ complete: teardown });
      actor.start();
      return {
        ...common,
        role,
        actor,
        remoteStream,
        quality,
        control,
        sharerAgent,
        dispose: () => {
          actor.stop();
          teardown();
        },
      };
    }
    const capture = makeScreenCapture();
    const control = makeSharerControl({
      sessionId: session.id,
      agent: agent(),
      api,
      onAgentReady: (ready) => actor.send({ type: 'agent.status', ready }),
      onElevatedUsed: () => actor.send({ type: 'agent.elevatedUsed' }),
    });
    sharerControl = control;
    const actor = makeSharerActor(
      session,
      socket,
      capture,
      (stream) => {
        setLocalStream(stream);
        peer.setStream(stream);
        control.setCapture(stream);
      },
      () => control.signOut(),
    );
    actor.subscribe((snapshot) =>
      control.update({
        mode: snapshot.context.mode,
        elevation: snapshot.context.elevation,
        done: snapshot.status !== 'active',
      }),
    );
    capture.onEnded(() => actor.send({ type: 'capture.ended' }));
    // The helper learns what the agent can reach when it connects, changes or goes away.
    createEffect(() => {
      control.agentCapabilities();
      sendCapabilities();
    });
    recordStates(session.id, actor);
    reportModeChanges(actor, activity);
    actor.subscribe({ complete: teardown });
    actor.start();
    return {
      ...common,
      role,
      actor,
      localStream,
      control,
      agentDownload,
      dispose: () => {
        control.dispose();
        capture.stop();
        actor.stop();
        teardown();
      },
    };
  });
}
