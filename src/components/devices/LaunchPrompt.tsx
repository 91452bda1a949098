import { createSignal, For } from 'solid-js';
import type { LaunchRequest } from '../../app/launch-requests.ts';
import { t } from '../../i18n/i18n.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';
import { errorCode } from '../form-values.ts';
import { IdentityCard } from '../IdentityCard.tsx';

/**
 * "<helper> wants to help you" (spec 3.2) on an enrolled device: Start Remote Help joins the session with no code;
 * Decline tells the helper. Shown over whatever screen is open, as a modal alert dialog: focus goes to its first button.
 */
export function LaunchPrompt(props: {
  requests: LaunchRequest[];
  onStart: (launchId: string) => Promise<void>;
  onDecline: (launchId: string) => Promise<void>;
}) {
  return (
    <For each={props.requests}>
      {(request) => {
        const [error, setError] = createSignal<unknown>();
        const run = (action: (id: string) => Promise<void>) => {
          setError(undefined);
          action(request.launchId).catch(setError);
        };
        const headingId = `launch-${request.launchId}`;
        return (
          <dialog
            role="alertdialog"
            aria-labelledby={headingId}
            class="panel m-auto w-full max-w-md space-y-4 text-slate-900 backdrop:bg-slate-950/50 dark:text-slate-100"
            // Modal, so focus stays in it until the person answers; Escape is no answer, so it does not close it.
            ref={(el) => queueMicrotask(() => el.isConnected && !el.open && el.showModal())}
            onCancel={(e) => e.preventDefault()}
          >
            <h2 id={headingId} class="text-xl font-bold">
              {t('launch.prompt', { name: request.helper.name })}
            </h2>
            <p>{t('launch.promptHint', { name: request.helper.name })}</p>
            <IdentityCard card={request.helper} heading={t('launch.cardHeading')} />
            <ErrorMessage code={errorCode(error())} />
            <div class="flex flex-wrap gap-2">
              <button type="button" class="btn-primary" onClick={() => run(props.onStart)}>
                {t('launch.start')}
              </button>
              <button type="button" class="btn-secondary" onClick={() => run(props.onDecline)}>
                {t('launch.decline')}
              </button>
            </div>
          </dialog>
        );
      }}
    </For>
  );
}
