/**
 * Speaks a session's events through the app's live regions (spec 7): paired, a request received, the mode changed,
 * a chat message from the other person. The end of a session (the other person left) is an alert on the ended
 * screen itself. Text already on screen when the session is opened (a restored chat) is not read out again.
 */
import { type Accessor, createEffect, on } from 'solid-js';
import type { ChatEntry } from '../../chat/chat-thread.ts';
import { t } from '../../i18n/i18n.ts';
import { announce } from '../Announcer.tsx';

export interface SessionAnnouncements {
  otherName: string;
  /** The mode's display name; undefined while nothing is shared. */
  mode: Accessor<string | undefined>;
  /** A request waiting for this person's answer, as displayed. */
  request?: Accessor<string | undefined>;
  notice: Accessor<string | undefined>;
  chatEntries: Accessor<readonly ChatEntry[]>;
}

export function announceSessionEvents(a: SessionAnnouncements): void {
  announce(t('session.paired', { name: a.otherName }));
  createEffect(
    on(
      a.mode,
      (mode) => {
        if (mode) announce(t('announce.modeChanged', { mode }));
      },
      { defer: true },
    ),
  );
  if (a.request) {
    createEffect(
      on(a.request, (text) => {
        if (text) announce(text);
      }),
    );
  }
  createEffect(
    on(a.notice, (text) => {
      if (text) announce(text);
    }),
  );
  const seen = new Set(a.chatEntries().map((e) => e.id));
  createEffect(
    on(a.chatEntries, (entries) => {
      for (const entry of entries) {
        if (seen.has(entry.id)) continue;
        seen.add(entry.id);
        if (!entry.mine) announce(t('announce.chatMessage', { name: a.otherName, text: entry.text }));
      }
    }),
  );
}
