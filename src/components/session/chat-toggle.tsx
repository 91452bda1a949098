import { type Accessor, createEffect, createSignal } from 'solid-js';
import type { ChatEntry } from '../../chat/chat-thread.ts';
import { formatNumber, t } from '../../i18n/i18n.ts';
import type { SessionAction } from './session-actions.tsx';

/**
 * The Chat toggle of both session screens (spec 4.6), absent altogether when the organisation turned chat off. While
 * the panel is closed, messages from the other person are counted as unread on the toggle (each is also spoken by the
 * session's announcements), and opening the panel reads them.
 */
export function createChatToggle(options: {
  chatDisabled: boolean;
  entries: Accessor<readonly ChatEntry[]>;
  /** Whether the panel is open when the session screen appears. */
  openAtFirst: boolean;
}): { open: Accessor<boolean>; unread: Accessor<number>; action: SessionAction } {
  const allowed = !options.chatDisabled;
  const [open, setOpen] = createSignal(allowed && options.openAtFirst);
  const fromOther = () => options.entries().filter((e) => !e.mine).length;
  // Messages already there when the screen appears (a restored thread) were seen before.
  const [seen, setSeen] = createSignal(fromOther());
  createEffect(() => {
    if (open()) setSeen(fromOther());
  });
  const unread = () => (open() ? 0 : Math.max(0, fromOther() - seen()));
  return {
    open,
    unread,
    action: {
      id: 'chat',
      label: () => (unread() > 0 ? t('session.chatUnread', { count: formatNumber(unread()) }) : t('session.chat')),
      run: () => setOpen(!open()),
      shown: () => allowed,
      pressed: open,
    },
  };
}
