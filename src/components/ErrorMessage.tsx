import { Show } from 'solid-js';
import { formatTime, type MessageKey, t } from '../i18n/i18n.ts';

/** A refusal or failure, in words, announced to screen readers. */
export function ErrorMessage(props: { code?: string; retryAt?: string }) {
  return (
    <Show when={props.code}>
      {(code) => (
        <p role="alert" class="rounded-lg bg-red-50 px-3 py-2 text-red-800 dark:bg-red-950 dark:text-red-200">
          {t(`errors.${code()}` as MessageKey, {
            time: props.retryAt ? formatTime(new Date(props.retryAt)) : '',
          })}
        </p>
      )}
    </Show>
  );
}
