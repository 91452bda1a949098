/**
 * The sharer's floating status window's content (issue 14): who is helping, in which mode, Stop sharing, Switch to
 * view only (in full control) and Leave, the same actions as the session screen's, and the last messages received.
 * It follows the session itself, so it stays right while the page shows another screen.
 */
import { For, Show } from 'solid-js';
import { createSnapshot } from '../../app/create-actor-state.ts';
import type { SharerLiveSession } from '../../app/live-session.ts';
import { latestReceived } from '../../chat/latest-received.ts';
import { t } from '../../i18n/i18n.ts';
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
  return (
    <main class="flex flex-col gap-3 p-3 text-sm">
      <div>
        <h1 class="text-base font-semibold">{t('sharerStatus.helper', { name: helper.name })}</h1>
        <p role="status">{t('session.modeLabel', { mode: sharerModeName(ctx().mode) })}</p>
      </div>
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
    </main>
  );
}
