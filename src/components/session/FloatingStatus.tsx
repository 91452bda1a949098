/**
 * The sharer's floating status window's content (issue 14): who is helping, in which mode, Stop sharing, Switch to
 * view only (in full control) and Leave, the same actions as the session screen's; a request waiting in the page; the
 * last messages received and a short reply. It follows the session itself, so it stays right while the page shows
 * another screen.
 */
import { MAX_CHAT_CHARACTERS } from '@remote-help/protocol/peer-channels';
import { createSignal, For, Show } from 'solid-js';
import { createSnapshot } from '../../app/create-actor-state.ts';
import type { SharerLiveSession } from '../../app/live-session.ts';
import type { ChatThread } from '../../chat/chat-thread.ts';
import { latestReceived } from '../../chat/latest-received.ts';
import { formatNumber, t } from '../../i18n/i18n.ts';
import { ActionButton } from './session-actions.tsx';
import { makeSharerActions, sharerModeName } from './sharer-actions.ts';

/** As many messages as the small window shows without scrolling. */
const MESSAGES_SHOWN = 3;

export function FloatingStatus(props: { live: SharerLiveSession }) {
  const state = createSnapshot(props.live.actor);
  const ctx = () => state().context;
  const helper = props.live.session.helper;
  const actions = makeSharerActions(props.live);
  const messages = () => latestReceived(props.live.chatEntries(), MESSAGES_SHOWN);
  // What the helper asks for is answered in the page (the screen picker opens there); here the sharer learns of it.
  const request = () => {
    const c = ctx();
    if (c.elevation === 'requested') return t('session.askElevation', { name: helper.name });
    const waiting =
      state().matches({ active: { sharing: 'awaitingConsent' } }) || state().matches({ active: { sharing: 'live' } });
    if (!waiting || !c.request) return undefined;
    return c.request === 'view'
      ? t('session.askView', { name: helper.name })
      : t('session.askControl', { name: helper.name });
  };
  return (
    <main class="flex flex-col gap-3 p-3 text-sm">
      <div>
        <h1 class="text-base font-semibold">{t('sharerStatus.helper', { name: helper.name })}</h1>
        <p role="status">{t('session.modeLabel', { mode: sharerModeName(ctx().mode) })}</p>
      </div>
      <Show when={request()}>{(text) => <p class="font-semibold">{text()}</p>}</Show>
      <Show
        when={ctx().confirmLeave}
        fallback={
          <div class="flex flex-wrap gap-2">
            <ActionButton action={actions.stopSharing} />
            <ActionButton action={actions.switchToView} />
            <ActionButton action={actions.leave} />
          </div>
        }
      >
        <section class="space-y-2" role="alertdialog" aria-labelledby="floating-leave-heading">
          <h2 id="floating-leave-heading" class="font-semibold">
            {t('leaveWarning.heading')}
          </h2>
          <div class="flex flex-wrap gap-2">
            <ActionButton action={actions.leaveAndSignOut} />
            <ActionButton action={actions.stay} />
          </div>
        </section>
      </Show>
      <Show when={messages().length > 0}>
        <section aria-labelledby="floating-messages-heading">
          <h2 id="floating-messages-heading" class="font-semibold">
            {t('sharerStatus.newMessages')}
          </h2>
          <div role="log" aria-labelledby="floating-messages-heading">
            <ul class="space-y-1">
              <For each={messages()}>
                {(entry) => (
                  <li class="break-words">
                    <span class="font-medium">{helper.name}</span>: {entry.text}
                  </li>
                )}
              </For>
            </ul>
          </div>
        </section>
      </Show>
      <Show when={!props.live.session.chatDisabled}>
        <Reply thread={props.live.chat} />
      </Show>
    </main>
  );
}

/** A one-line answer to the helper without going back to the page; longer conversations are the page's chat. */
function Reply(props: { thread: ChatThread }) {
  const [draft, setDraft] = createSignal('');
  const [tooLong, setTooLong] = createSignal(false);
  const send = (event: SubmitEvent) => {
    event.preventDefault();
    const result = props.thread.send(draft());
    setTooLong(!result.ok && result.reason === 'too_long');
    if (result.ok) setDraft('');
  };
  return (
    <form class="flex flex-col gap-1" onSubmit={send}>
      <label for="floating-reply" class="font-medium">
        {t('chat.messageLabel')}
      </label>
      <div class="flex gap-2">
        <input
          id="floating-reply"
          dir="auto"
          class="min-w-0 flex-1 rounded-lg border border-slate-400 bg-white px-2 py-1 dark:bg-slate-800"
          value={draft()}
          onInput={(e) => setDraft(e.currentTarget.value)}
          aria-invalid={tooLong()}
          aria-describedby={tooLong() ? 'floating-reply-error' : undefined}
        />
        <button type="submit" class="btn-primary px-3 py-1.5 text-sm">
          {t('chat.send')}
        </button>
      </div>
      <Show when={tooLong()}>
        <p id="floating-reply-error" role="alert">
          {t('chat.tooLong', { max: formatNumber(MAX_CHAT_CHARACTERS) })}
        </p>
      </Show>
    </form>
  );
}
