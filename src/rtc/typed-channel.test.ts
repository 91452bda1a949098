import type { ChatChannelMessage } from '@remote-help/protocol/peer-channels';
import { describe, expect, it } from 'vitest';
import { FRAME_BYTES } from './frames.ts';
import { chatChannel, helperControlChannel, sharerControlChannel } from './session-channels.ts';
import { type ChannelName, type ChannelTransport, makeTypedChannel } from './typed-channel.ts';

/** Two ends of an in-memory link: what one sends on a channel arrives on the other's same channel. */
function linkedEnds() {
  let open = true;
  const make = () => {
    const message = new Set<(value: { channel: ChannelName; data: string }) => void>();
    const opened = new Set<(value: ChannelName) => void>();
    const end = {
      sent: [] as string[],
      peer: undefined as undefined | { deliver(channel: ChannelName, data: string): void },
      deliver(channel: ChannelName, data: string) {
        for (const l of message) l({ channel, data });
      },
      open(channel: ChannelName) {
        for (const l of opened) l(channel);
      },
      link: {
        on: (event: 'message' | 'open', listener: never) => {
          const set: Set<unknown> = event === 'message' ? message : opened;
          set.add(listener);
          return () => {
            set.delete(listener);
          };
        },
        isOpen: () => open,
        send: (channel: ChannelName, data: string) => {
          end.sent.push(data);
          end.peer?.deliver(channel, data);
          return true;
        },
      } as ChannelTransport,
    };
    return end;
  };
  const a = make();
  const b = make();
  a.peer = b;
  b.peer = a;
  return { a, b, setOpen: (v: boolean) => (open = v) };
}

describe('typed data channels', () => {
  it('carry a long message in frames and hand over only valid messages', () => {
    const { a, b } = linkedEnds();
    const invalid: string[] = [];
    const sender = makeTypedChannel(a.link, chatChannel, (r) => invalid.push(r));
    const receiver = makeTypedChannel(b.link, chatChannel, (r) => invalid.push(r));
    const got: ChatChannelMessage[] = [];
    receiver.onMessage((m) => got.push(m));
    const message: ChatChannelMessage = { type: 'chat.message', id: 'm1', text: '中文😀'.repeat(1300), sentAt: 1 };
    expect(sender.send(message)).toBe(true);
    expect(a.sent.length).toBeGreaterThan(1);
    for (const frame of a.sent) expect(new TextEncoder().encode(frame).length).toBeLessThanOrEqual(FRAME_BYTES);
    expect(got).toEqual([message]);
    expect(invalid).toEqual([]);
  });

  it('refuse what the other side may not send: too long, unknown, or not a frame', () => {
    const { a, b } = linkedEnds();
    const invalid: string[] = [];
    const sender = makeTypedChannel<unknown, unknown>(
      a.link,
      { name: 'chat', incoming: chatChannel.incoming },
      () => {},
    );
    const receiver = makeTypedChannel(b.link, chatChannel, (r) => invalid.push(r));
    const got: unknown[] = [];
    receiver.onMessage((m) => got.push(m));
    sender.send({ type: 'chat.message', id: 'x', text: 'y'.repeat(4001), sentAt: 1 });
    sender.send({ type: 'nope' });
    b.deliver('chat', 'not json');
    expect(got).toEqual([]);
    expect(invalid).toEqual(['invalid message', 'invalid message', 'malformed frame']);
  });

  it('keep each side to its own direction on the control channel', () => {
    const { a, b } = linkedEnds();
    const invalid: string[] = [];
    const helper = makeTypedChannel(a.link, helperControlChannel, (r) => invalid.push(`helper: ${r}`));
    const sharer = makeTypedChannel(b.link, sharerControlChannel, (r) => invalid.push(`sharer: ${r}`));
    const atSharer: unknown[] = [];
    const atHelper: unknown[] = [];
    sharer.onMessage((m) => atSharer.push(m));
    helper.onMessage((m) => atHelper.push(m));
    helper.send({ type: 'laser.hide' });
    sharer.send({ type: 'control.capabilities', capabilities: null });
    expect(atSharer).toEqual([{ type: 'laser.hide' }]);
    expect(atHelper).toEqual([{ type: 'control.capabilities', capabilities: null }]);
    // A sharer's page that sends input to the helper is refused there.
    makeTypedChannel<unknown, unknown>(
      b.link,
      { name: 'control', incoming: sharerControlChannel.incoming },
      () => {},
    ).send({ type: 'laser.hide' });
    expect(invalid).toEqual(['helper: invalid message']);
  });

  it('send nothing while closed, and tell when the channel opens', () => {
    const { a, setOpen } = linkedEnds();
    const channel = makeTypedChannel(a.link, chatChannel, () => {});
    let opened = 0;
    channel.onOpen(() => opened++);
    setOpen(false);
    expect(channel.send({ type: 'chat.ack', id: 'x' })).toBe(false);
    expect(a.sent).toEqual([]);
    a.open('control');
    a.open('chat');
    expect(opened).toBe(1);
    channel.dispose();
    a.open('chat');
    expect(opened).toBe(1);
  });
});
