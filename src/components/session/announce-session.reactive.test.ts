import { createRoot, createSignal } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatEntry } from '../../chat/chat-thread.ts';
import { t } from '../../i18n/i18n.ts';
import { announceSessionEvents } from './announce-session.ts';

/** A session's context as the screens see it: one snapshot that changes on every event, whatever the event changed. */
interface Context {
  mode: 'none' | 'view' | 'control';
  request?: 'view' | 'control';
  notice?: string;
  /** Stands for everything else in the context (connection quality, pending, elevation…). */
  tick: number;
}

const modeNames = { view: 'Viewing', control: 'Controlling' } as const;

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

/** Wires the announcements as the screens do: accessors derived from the whole context. */
function session(start: Context) {
  const [ctx, setCtx] = createSignal<Context>(start);
  const [chat, setChat] = createSignal<readonly ChatEntry[]>([]);
  const said: string[] = [];
  createRoot((d) => {
    dispose = d;
    announceSessionEvents({
      say: (text) => said.push(text),
      otherName: 'Ana',
      mode: () => (ctx().mode === 'none' ? undefined : modeNames[ctx().mode as 'view' | 'control']),
      request: () => ctx().request && `Ana asks for ${ctx().request}`,
      notice: () => ctx().notice,
      chatEntries: chat,
    });
  });
  const change = (patch: Partial<Context>) => setCtx((c) => ({ ...c, ...patch, tick: c.tick + 1 }));
  return { said, change, setChat };
}

describe('announceSessionEvents', () => {
  it('announces the mode once per change of mode, not on every change of the session', () => {
    const s = session({ mode: 'none', tick: 0 });
    expect(s.said).toEqual([t('session.paired', { name: 'Ana' })]);
    s.change({ mode: 'view' });
    for (let i = 0; i < 5; i += 1) s.change({});
    expect(s.said.slice(1)).toEqual([t('announce.modeChanged', { mode: 'Viewing' })]);
    s.change({ mode: 'control' });
    s.change({});
    expect(s.said.slice(1)).toEqual([
      t('announce.modeChanged', { mode: 'Viewing' }),
      t('announce.modeChanged', { mode: 'Controlling' }),
    ]);
  });

  it('announces a request and a notice once each while they stand, and again when they come back', () => {
    const s = session({ mode: 'view', tick: 0 });
    s.change({ request: 'control' });
    s.change({});
    s.change({});
    s.change({ request: undefined, notice: 'Control refused' });
    s.change({});
    s.change({});
    s.change({ notice: undefined });
    s.change({ notice: 'Control refused' });
    expect(s.said.slice(1)).toEqual(['Ana asks for control', 'Control refused', 'Control refused']);
  });

  it('announces each new chat message from the other person once', () => {
    const s = session({ mode: 'view', tick: 0 });
    const entry = (id: string, mine: boolean, text: string): ChatEntry => ({
      id,
      mine,
      text,
      sentAt: 0,
      state: 'sent',
    });
    s.setChat([entry('1', false, 'hi')]);
    s.setChat([entry('1', false, 'hi'), entry('2', true, 'hello')]);
    s.change({});
    expect(s.said.slice(1)).toEqual([t('announce.chatMessage', { name: 'Ana', text: 'hi' })]);
  });
});
