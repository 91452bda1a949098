import { Show } from 'solid-js';
import { ErrorMessage } from '../ErrorMessage.tsx';
import { errorCode } from '../form-values.ts';

/**
 * A section's outcome: the last success as a status message, the server's refusal through ErrorMessage, or a problem
 * found before sending (a translated text), both as alerts.
 */
export function SectionMessages(props: { status: string; error: unknown; problem?: string }) {
  return (
    <>
      <p role="status" class="min-h-6 font-semibold text-emerald-800 dark:text-emerald-300">
        {props.status}
      </p>
      <ErrorMessage code={errorCode(props.error)} />
      <Show when={props.problem}>
        <p role="alert" class="rounded-lg bg-red-50 px-3 py-2 text-red-800 dark:bg-red-950 dark:text-red-200">
          {props.problem}
        </p>
      </Show>
    </>
  );
}
