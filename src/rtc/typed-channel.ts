/**
 * A data channel of a session's peer link, typed end to end: what goes out is cut into frames (frames.ts), what comes
 * in is put together from its frames and validated against what the other side may send on it — here, and nowhere
 * else. The channels and their schemas per side are in session-channels.ts.
 */
import type { z } from 'zod';
import { makeFrameDecoder, makeFrameEncoder } from './frames.ts';

/** The peer link's data channels: chat, and control (input never waits behind a long chat message). */
export type ChannelName = 'chat' | 'control';

/** What a typed channel needs of the peer link (src/rtc/peer-link.ts). */
export interface ChannelTransport {
  send(channel: ChannelName, data: string): boolean;
  isOpen(channel: ChannelName): boolean;
  on(event: 'message', listener: (message: { channel: ChannelName; data: string }) => void): () => void;
  on(event: 'open', listener: (channel: ChannelName) => void): () => void;
}

/** One channel as one side sees it: what it sends, and the schema of what it accepts. */
export interface ChannelSpec<Out, In> {
  name: ChannelName;
  incoming: z.ZodType<In>;
  /** Only for the type of what goes out. */
  readonly outgoing?: Out;
}

export interface TypedChannel<Out, In> {
  /** Sends one message now; false when the channel is not open (nothing is queued here). */
  send(message: Out): boolean;
  isOpen(): boolean;
  /** Every valid message from the other side. */
  onMessage(listener: (message: In) => void): () => void;
  /** The channel opened (again). */
  onOpen(listener: () => void): () => void;
  dispose(): void;
}

export function makeTypedChannel<Out, In>(
  link: ChannelTransport,
  spec: ChannelSpec<Out, In>,
  /** A frame or message that was not valid: said to the diagnostics log, never to the person. */
  onInvalid: (reason: string) => void,
): TypedChannel<Out, In> {
  const encode = makeFrameEncoder();
  const decode = makeFrameDecoder();
  const listeners = new Set<(message: In) => void>();
  const offMessages = link.on('message', ({ channel, data }) => {
    if (channel !== spec.name) return;
    const { message, error } = decode(data);
    if (error) onInvalid(error);
    if (message === undefined) return;
    const parsed = spec.incoming.safeParse(message);
    if (!parsed.success) {
      onInvalid('invalid message');
      return;
    }
    for (const l of listeners) l(parsed.data);
  });
  const offs = new Set<() => void>([offMessages]);
  return {
    send(message) {
      if (!link.isOpen(spec.name)) return false;
      for (const frame of encode(message)) link.send(spec.name, frame);
      return true;
    },
    isOpen: () => link.isOpen(spec.name),
    onMessage(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    onOpen(listener) {
      const off = link.on('open', (channel) => {
        if (channel === spec.name) listener();
      });
      offs.add(off);
      return off;
    },
    dispose() {
      for (const off of offs) off();
      listeners.clear();
    },
  };
}
