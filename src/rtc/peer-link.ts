/**
 * The peer-to-peer link of one session: simple-peer with the sharer's screen, a chat channel and a control channel.
 * Media and chat flow directly between the two browsers; the server only relays the signalling. If the connection
 * dies the sharer's side starts a new one (numbered, so stale signals are ignored) and the screen is added again.
 */
import './node-shims.ts';
import type { IceConfig } from '@remote-help/protocol/app-api';
import type { SignalData } from '@remote-help/protocol/session-negotiation';
import SimplePeer from 'simple-peer';
import type { ChannelName } from './typed-channel.ts';

export type PeerStatus = 'connecting' | 'connected' | 'disconnected';
/**
 * Why the organisation's TURN relay could not be used: it refused this app's credentials, or, when every connection
 * must go through it (policy 'relay'), it gave no address at all.
 */
export type RelayProblem = 'refused' | 'unreachable';

export interface PeerLinkOptions {
  /** The sharer starts every connection; the helper answers. */
  initiator: boolean;
  /** Fetched afresh for every connection: the relay checks its short-lived credentials only when allocating. */
  iceConfig: () => Promise<IceConfig>;
  sendSignal: (peer: number, data: SignalData) => void;
  /** Milliseconds before restart attempt `n`. */
  restartDelay?: (attempt: number) => number;
}

/**
 * What happens on the link. Nothing is reported while the link is being made (the ICE configuration is fetched
 * first), so whoever makes the link can listen right after making it.
 */
export interface PeerLinkEvents {
  status: PeerStatus;
  remoteStream: MediaStream | undefined;
  /** A channel opened (again). */
  open: ChannelName;
  message: { channel: ChannelName; data: string };
  relayProblem: RelayProblem;
}

export interface PeerLink {
  on<E extends keyof PeerLinkEvents>(event: E, listener: (value: PeerLinkEvents[E]) => void): () => void;
  receiveSignal(peer: number, data: SignalData): void;
  setStream(stream: MediaStream | undefined): void;
  send(channel: ChannelName, data: string): boolean;
  isOpen(channel: ChannelName): boolean;
  stats(): Promise<RTCStatsReport | undefined>;
  /** Asks for a fresh connection (a page came back, or the other side is back online). */
  restart(): void;
  destroy(): void;
}

/** Generation 0 is a request from the answering side to start over. */
const HELLO = 0;
const CONTROL_CHANNEL_ID = 7;

/** Our schema's signal shape is simple-peer's own, validated. */
const toPeer = (data: SignalData) => data as SimplePeer.SignalData;

type Internal = SimplePeer.Instance & { _pc?: RTCPeerConnection };

export function makePeerLink(options: PeerLinkOptions): PeerLink {
  const listeners: { [E in keyof PeerLinkEvents]: Set<(value: PeerLinkEvents[E]) => void> } = {
    status: new Set(),
    remoteStream: new Set(),
    open: new Set(),
    message: new Set(),
    relayProblem: new Set(),
  };
  const emit = <E extends keyof PeerLinkEvents>(event: E, value: PeerLinkEvents[E]) => {
    for (const l of listeners[event]) l(value);
  };
  const restartDelay = options.restartDelay ?? ((n: number) => Math.min(5000, 250 * 2 ** n));
  let generation = 0;
  let peer: Internal | undefined;
  let control: RTCDataChannel | undefined;
  let stream: MediaStream | undefined;
  // The screen goes out on one sender for the whole connection: stopping and sharing again swap its track in place
  // (no renegotiation), which stays reliable however often the sharer stops and starts.
  let sender: { stream: MediaStream; track: MediaStreamTrack } | undefined;
  let destroyed = false;
  let attempts = 0;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  // Signals of a connection whose peer is still being made (the ICE servers are fetched first) wait here, in order.
  let waiting: SignalData[] | undefined;

  /** Without the server's answer the browsers may still reach each other directly, so a failed fetch is not fatal. */
  const iceConfig = (): Promise<IceConfig> =>
    options.iceConfig().catch((): IceConfig => ({ iceServers: [], iceTransportPolicy: 'all' }));

  function create(gen: number, ice: IceConfig): void {
    peer?.destroy();
    generation = gen;
    const firstTrack = stream?.getVideoTracks()[0];
    sender = stream && firstTrack ? { stream, track: firstTrack } : undefined;
    const p = new SimplePeer({
      initiator: options.initiator,
      channelName: 'chat',
      objectMode: true,
      trickle: true,
      config: { iceServers: ice.iceServers, iceTransportPolicy: ice.iceTransportPolicy },
      streams: stream ? [stream] : [],
    }) as Internal;
    peer = p;
    emit('status', 'connecting');
    // A second, pre-agreed channel: input events never wait behind a long chat message.
    control = p._pc?.createDataChannel('control', { negotiated: true, id: CONTROL_CHANNEL_ID, ordered: true });
    if (control) {
      control.onopen = () => emit('open', 'control');
      control.onmessage = (e) => {
        if (typeof e.data === 'string') emit('message', { channel: 'control', data: e.data });
      };
    }
    if (p._pc) watchRelay(p._pc, ice, () => peer === p);
    p.on('signal', (data) => {
      if (peer === p) options.sendSignal(gen, data as SignalData);
    });
    p.on('connect', () => {
      if (peer !== p) return;
      attempts = 0;
      emit('status', 'connected');
      emit('open', 'chat');
    });
    p.on('data', (data) => {
      if (peer !== p) return;
      emit('message', { channel: 'chat', data: typeof data === 'string' ? data : new TextDecoder().decode(data) });
    });
    p.on('stream', (s: MediaStream) => {
      if (peer === p) emit('remoteStream', s);
    });
    const lost = () => {
      if (peer !== p || destroyed) return;
      peer = undefined;
      control = undefined;
      emit('status', 'disconnected');
      emit('remoteStream', undefined);
      if (options.initiator) scheduleRestart();
    };
    p.on('close', lost);
    p.on('error', lost);
  }

  async function start(gen: number): Promise<void> {
    generation = gen;
    const ice = await iceConfig();
    if (!destroyed && generation === gen) create(gen, ice);
  }

  /** Tells once per connection when the relay refused us, or when a relay-only connection got no relay address. */
  function watchRelay(pc: RTCPeerConnection, ice: IceConfig, current: () => boolean): void {
    let reported = false;
    let relayAddresses = 0;
    const report = (problem: RelayProblem) => {
      if (reported || !current() || destroyed) return;
      reported = true;
      emit('relayProblem', problem);
    };
    pc.addEventListener('icecandidateerror', (e) => {
      // 401/403: credentials not accepted (wrong secret, or expired); 437/441/486: allocation refused.
      const { errorCode, url } = e as RTCPeerConnectionIceErrorEvent;
      if (url.startsWith('turn') && [401, 403, 437, 441, 486].includes(errorCode)) report('refused');
    });
    pc.addEventListener('icecandidate', (e) => {
      if (e.candidate?.type === 'relay') relayAddresses++;
      else if (!e.candidate && ice.iceTransportPolicy === 'relay' && relayAddresses === 0) report('unreachable');
    });
  }

  function scheduleRestart(): void {
    clearTimeout(restartTimer);
    restartTimer = setTimeout(() => void start(generation + 1), restartDelay(attempts++));
  }

  // Numbering starts from the clock, so a reloaded sharer's connections always outnumber its previous page's.
  if (options.initiator) void start(Date.now());
  // A fresh answering page asks the starting side for a connection of its own.
  else options.sendSignal(HELLO, { type: 'renegotiate', renegotiate: true });

  return {
    on(event, listener) {
      listeners[event].add(listener);
      return () => {
        listeners[event].delete(listener);
      };
    },
    receiveSignal(gen, data) {
      if (destroyed) return;
      if (options.initiator) {
        if (gen === HELLO) {
          attempts = 0;
          void start(generation + 1);
        } else if (gen === generation) peer?.signal(toPeer(data));
        return;
      }
      if (gen === HELLO || gen < generation) return;
      if (gen > generation) {
        // A new connection from the sharer: answer it with a new peer, once the ICE servers are known.
        generation = gen;
        peer?.destroy();
        peer = undefined;
        const queue = [data];
        waiting = queue;
        void iceConfig().then((ice) => {
          if (destroyed || generation !== gen) return;
          waiting = undefined;
          create(gen, ice);
          for (const d of queue) peer?.signal(toPeer(d));
        });
        return;
      }
      if (waiting) waiting.push(data);
      else peer?.signal(toPeer(data));
    },
    setStream(next) {
      if (next === stream) return;
      stream = next;
      // Without a connection the next one starts with `stream` (see create).
      if (!peer || peer.destroyed) return;
      const track = next?.getVideoTracks()[0];
      if (!sender) {
        if (next && track) {
          peer.addStream(next);
          sender = { stream: next, track };
        }
        return;
      }
      peer.replaceTrack(sender.track, track ?? null, sender.stream);
      if (track) sender.track = track;
    },
    send(channel, data) {
      if (channel === 'chat') {
        if (!peer?.connected) return false;
        peer.send(data);
        return true;
      }
      if (control?.readyState !== 'open') return false;
      control.send(data);
      return true;
    },
    isOpen(channel) {
      return channel === 'chat' ? Boolean(peer?.connected) : control?.readyState === 'open';
    },
    async stats() {
      return peer?._pc?.getStats();
    },
    restart() {
      if (destroyed) return;
      if (options.initiator) {
        attempts = 0;
        void start(generation + 1);
      } else options.sendSignal(HELLO, { type: 'renegotiate', renegotiate: true });
    },
    destroy() {
      destroyed = true;
      clearTimeout(restartTimer);
      peer?.destroy();
      peer = undefined;
      emit('remoteStream', undefined);
    },
  };
}
