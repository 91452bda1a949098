import { characterCount, MAX_CHAT_CHARACTERS } from '@remote-help/protocol/peer-channels';
import { createSignal, For, Show } from 'solid-js';
import type { ChatEntry, ChatThread } from '../../chat/chat-thread.ts';
import { formatNumber, formatTime, t, tn } from '../../i18n/i18n.ts';

/** One session's chat (spec 4.6): sender, time and delivery state; each message in its own text direction. */
export function ChatPanel(props: {
  thread: ChatThread;
  entries: readonly ChatEntry[];
  otherName: string;
  /** Where the panel sits: its size in the screen's layout. */
  class?: string;
}) {
  const [draft, setDraft] = createSignal('');
  const [error, setError] = createSignal<string>();
  const count = () => characterCount(draft());
  const send = () => {
    const result = props.thread.send(draft());
    if (result.ok) {
      setDraft('');
      setError(undefined);
    } else if (result.reason === 'too_long') {
      const over = count() - MAX_CHAT_CHARACTERS;
      setError(`${t('chat.tooLong', { max: formatNumber(MAX_CHAT_CHARACTERS) })} ${tn('chat.overBy', over)}`);
    }
  };
  return (
    <section class={`panel flex min-h-0 flex-col gap-3 p-4 ${props.class ?? ''}`} aria-labelledby="chat-heading">
      <h2 id="chat-heading" class="text-lg font-semibold">
        {t('chat.heading')}
      </h2>
      {/* Scrollable, so it takes focus for keyboard scrolling; a list inside the log keeps list semantics. */}
      <div
        class="min-h-24 flex-1 overflow-y-auto"
        role="log"
        aria-live="polite"
        aria-label={t('chat.heading')}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1).
        tabIndex={0}
      >
        <ol class="space-y-2">
          <Show when={props.entries.length === 0}>
            <li class="text-sm text-slate-600 dark:text-slate-300">{t('chat.empty')}</li>
          </Show>
          <For each={props.entries}>
            {(entry) => (
              <li
                class={`rounded-lg px-3 py-2 ${entry.mine ? 'ms-8 bg-sky-50 dark:bg-sky-950' : 'me-8 bg-slate-100 dark:bg-slate-800'}`}
              >
                <p class="flex justify-between gap-2 text-xs text-slate-700 dark:text-slate-300">
                  <span class="font-semibold">{entry.mine ? t('chat.you') : props.otherName}</span>
                  <time dateTime={new Date(entry.sentAt).toISOString()}>{formatTime(new Date(entry.sentAt))}</time>
                </p>
                <p dir="auto" class="whitespace-pre-wrap break-words" data-testid="chat-text">
                  {entry.text}
                </p>
                <Show when={entry.mine}>
                  <p class="text-end text-xs text-slate-700 dark:text-slate-300">{t(`chat.state.${entry.state}`)}</p>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </div>
      <form
        class="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <label for="chat-message" class="block text-sm font-semibold">
          {t('chat.messageLabel')}
        </label>
        <textarea
          id="chat-message"
          dir="auto"
          rows="2"
          class="w-full rounded-lg border border-slate-400 bg-white px-3 py-2 dark:bg-slate-800"
          value={draft()}
          aria-describedby="chat-count"
          aria-invalid={error() ? 'true' : 'false'}
          onInput={(e) => {
            setDraft(e.currentTarget.value);
            setError(undefined);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              send();
            }
          }}
        />
        <div class="flex items-center justify-between gap-2">
          <span id="chat-count" class="text-xs text-slate-700 dark:text-slate-300">
            {t('chat.counter', { count: formatNumber(count()), max: formatNumber(MAX_CHAT_CHARACTERS) })}
          </span>
          <button type="submit" class="btn-primary">
            {t('chat.send')}
          </button>
        </div>
        <Show when={error()}>
          <p role="alert" class="text-sm text-red-800 dark:text-red-300">
            {error()}
          </p>
        </Show>
      </form>
    </section>
  );
}
