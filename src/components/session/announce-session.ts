/**
 * Speaks a session's events through the app's live regions (spec 7): paired, a request received, the mode changed,
 * a chat message from the other person. The end of a session (the other person left) is an alert on the ended
 * screen itself. Text already on screen when the session is opened (a restored chat) is not read out again.
 * The accessors passed in are usually derived from the whole session snapshot, which changes on every event: each is
 * read through a memo, so a line is spoken when its text changes, not again on every unrelated change of the session.
 */
import { type Accessor, createEffect, createMemo, on } from 'solid-js';
import type { ChatEntry } from '../../chat/chat-thread.ts';
import { t } from '../../i18n/i18n.ts';

export interface SessionAnnouncements {
  /** Speaks a line: the app's live region (Announcer), passed in so this stays free of the DOM. */
  say: (text: string) => void;
  otherName: string;
  /** The mode's display name; undefined while nothing is shared. */
  mode: Accessor<string | undefined>;
  /** A request waiting for this person's answer, as displayed. */
  request?: Accessor<string | undefined>;
  notice: Accessor<string | undefined>;
  chatEntries: Accessor<readonly ChatEntry[]>;
}

export function announceSessionEvents(a: SessionAnnouncements): void {
  a.say(t('session.paired', { name: a.otherName }));
  const mode = createMemo(a.mode);
  createEffect(
    on(
      mode,
      (name) => {
        if (name) a.say(t('announce.modeChanged', { mode: name }));
      },
      { defer: true },
    ),
  );
  if (a.request) {
    const request = createMemo(a.request);
    createEffect(
      on(request, (text) => {
        if (text) a.say(text);
      }),
    );
  }
  const notice = createMemo(a.notice);
  createEffect(
    on(notice, (text) => {
      if (text) a.say(text);
    }),
  );
  const seen = new Set(a.chatEntries().map((e) => e.id));
  createEffect(
    on(a.chatEntries, (entries) => {
      for (const entry of entries) {
        if (seen.has(entry.id)) continue;
        seen.add(entry.id);
        if (!entry.mine) a.say(t('announce.chatMessage', { name: a.otherName, text: entry.text }));
      }
    }),
  );
}
