/**
 * The connection half of a live session, common to both sides: this session's view of the server socket, the peer
 * link it signals through that view, the link's health, and activity reports. Everything a side builds on top
 * (chat, control, its session machine) takes this, so nothing is wired to a part made later.
 */
import type { Role, Session } from '@remote-help/protocol/domain';
import { type Accessor, createSignal, onCleanup } from 'solid-js';
import { recordDiagnostic } from '../../diagnostics/diagnostics-log.ts';
import type { ApiClient } from '../../net/api-client.ts';
import type { SessionSocket, SignalingSocket } from '../../net/signaling-socket.ts';
import { type ConnectionQuality, qualityFrom } from '../../rtc/connection-quality.ts';
import { makePeerLink, type PeerLink, type PeerStatus, type RelayProblem } from '../../rtc/peer-link.ts';
import { type ChannelSpec, makeTypedChannel, type TypedChannel } from '../../rtc/typed-channel.ts';
import { type ActivityReporter, makeActivityReporter } from '../activity-reporter.ts';

export interface SessionLink {
  session: Session;
  socket: SessionSocket;
  peer: PeerLink;
  /** The person did something in the session; the server hears of it at most every so often (spec 4.10). */
  activity: ActivityReporter;
  peerStatus: Accessor<PeerStatus>;
  /** The organisation's TURN relay could not be used for the last connection (cleared once connected). */
  relayProblem: Accessor<RelayProblem | undefined>;
  remoteStream: Accessor<MediaStream | undefined>;
  quality: Accessor<ConnectionQuality | undefined>;
  /** One of the peer link's data channels, typed as this side sees it (src/rtc/session-channels.ts). */
  channel<Out, In>(spec: ChannelSpec<Out, In>): TypedChannel<Out, In>;
}

const STATS_INTERVAL_MS = 2000;

/** Runs inside the live session's reactive root; everything it starts ends with that root. */
export function createSessionLink(deps: {
  session: Session;
  role: Role;
  socket: SignalingSocket;
  api: ApiClient;
}): SessionLink {
  const { session, role, api } = deps;
  const socket = deps.socket.session(session.id);
  const [peerStatus, setPeerStatus] = createSignal<PeerStatus>('connecting');
  const [relayProblem, setRelayProblem] = createSignal<RelayProblem>();
  const [remoteStream, setRemoteStream] = createSignal<MediaStream>();
  const [quality, setQuality] = createSignal<ConnectionQuality>();
  // The server cannot see chat or input (peer to peer), so the session tells it the person is active (spec 4.10).
  const activity = makeActivityReporter(() => socket.send({ type: 'session.activity' }));

  const peer = makePeerLink({
    initiator: role === 'sharer',
    iceConfig: () => api.iceConfig(),
    sendSignal: (p, data) => socket.send({ type: 'session.signal', peer: p, data }),
  });
  peer.on('remoteStream', (s) => setRemoteStream(s));
  peer.on('status', (status) => {
    recordDiagnostic('peer.status', { session: session.id, status });
    setPeerStatus(status);
    if (status === 'connected') setRelayProblem(undefined);
  });
  peer.on('relayProblem', (problem) => {
    recordDiagnostic('peer.relay_problem', { session: session.id, problem });
    setRelayProblem(problem);
  });
  socket.on('session.signal', (m) => peer.receiveSignal(m.peer, m.data));
  // The other side's page came back: start a fresh connection rather than wait for the old one to time out.
  socket.on('session.presence', (m) => {
    if (m.online && peerStatus() !== 'connected') peer.restart();
  });

  const statsTimer = setInterval(async () => {
    const report = await peer.stats();
    if (report) setQuality(qualityFrom(report));
  }, STATS_INTERVAL_MS);

  const channels: TypedChannel<unknown, unknown>[] = [];
  onCleanup(() => {
    clearInterval(statsTimer);
    for (const c of channels) c.dispose();
    activity.dispose();
    peer.destroy();
    socket.release();
  });

  return {
    session,
    socket,
    peer,
    activity,
    peerStatus,
    relayProblem,
    remoteStream,
    quality,
    channel(spec) {
      const channel = makeTypedChannel(peer, spec, (reason) =>
        recordDiagnostic(spec.name === 'control' ? 'control.bad_message' : 'chat.bad_message', {
          session: session.id,
          reason,
        }),
      );
      channels.push(channel as TypedChannel<unknown, unknown>);
      return channel;
    },
  };
}
