import type { ChatChannelMessage } from '@remote-help/protocol/peer-channels';
import { describe, expect, it } from 'vitest';
import type { ChatStore } from './chat-store.ts';
import { type ChatEntry, makeChatThread } from './chat-thread.ts';

function memoryStore(initial: Record<string, ChatEntry[]> = {}): ChatStore & { data: Record<string, ChatEntry[]> } {
  const data = { ...initial };
  return {
    data,
    load: async (id) => data[id] ?? [],
    save: async (id, entries) => {
      data[id] = [...entries];
    },
    remove: async (id) => {
      delete data[id];
    },
  };
}

function pair() {
  let open = false;
  const storeA = memoryStore();
  const storeB = memoryStore();
  let counter = 0;
  const a = makeChatThread({
    sessionId: 's',
    store: storeA,
    newId: () => `m${counter++}`,
    transmit: (m: ChatChannelMessage) => {
      if (open) b.receive(structuredClone(m));
      return open;
    },
  });
  const b = makeChatThread({
    sessionId: 's',
    store: storeB,
    transmit: (m: ChatChannelMessage) => {
      if (open) a.receive(structuredClone(m));
      return open;
    },
  });
  return { a, b, storeA, setOpen: (v: boolean) => (open = v) };
}

describe('chat thread', () => {
  it('delivers text in any script exactly, with delivery state', async () => {
    const { a, b, setOpen } = pair();
    await Promise.all([a.ready, b.ready]);
    setOpen(true);
    const texts = ['مرحبا بك', '你好，世界', 'שלום', '👍🏽 done ✅'];
    for (const t of texts) expect(a.send(t)).toEqual({ ok: true });
    expect(b.entries().map((e) => e.text)).toEqual(texts);
    expect(a.entries().every((e) => e.state === 'delivered')).toBe(true);
    expect(b.entries().every((e) => e.state === 'received' && !e.mine)).toBe(true);
  });

  it('refuses empty messages and messages over 4,000 characters, counting characters not code units', () => {
    const { a } = pair();
    expect(a.send('   ')).toEqual({ ok: false, reason: 'empty' });
    expect(a.send('x'.repeat(4001))).toEqual({ ok: false, reason: 'too_long' });
    expect(a.send('😀'.repeat(4000))).toEqual({ ok: true });
    expect(a.entries()).toHaveLength(1);
  });

  it('keeps messages written while disconnected and sends them once the channel is back', async () => {
    const { a, b, setOpen } = pair();
    a.send('written offline');
    expect(a.entries()[0]?.state).toBe('sending');
    expect(b.entries()).toHaveLength(0);
    setOpen(true);
    a.flush();
    expect(b.entries().map((e) => e.text)).toEqual(['written offline']);
    expect(a.entries()[0]?.state).toBe('delivered');
    // A resend after reconnecting does not show the message twice.
    a.flush();
    expect(b.entries()).toHaveLength(1);
  });

  it('keeps the thread in the store across a reload', async () => {
    const { a, b, storeA, setOpen } = pair();
    setOpen(true);
    a.send('before reload');
    b.send('reply');
    await a.persist();
    const reloaded = makeChatThread({ sessionId: 's', store: storeA, transmit: () => true });
    await reloaded.ready;
    expect(reloaded.entries().map((e) => [e.text, e.mine])).toEqual([
      ['before reload', true],
      ['reply', false],
    ]);
  });
});
