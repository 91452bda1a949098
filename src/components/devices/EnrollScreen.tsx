import type { EnrolledDevice } from '@remote-help/protocol/devices';
import { createSignal, Show } from 'solid-js';
import { t } from '../../i18n/i18n.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';
import { focusOnMount } from '../focus-on-mount.ts';
import { errorCode, FIELD_CLASS } from '../form-values.ts';

/**
 * Enroll this device (spec 5.1): once, with the administrator's token (from an enrollment link, or typed). The app
 * then keeps the device's identity; notifications let a request to help reach it while it is in the background.
 */
export function EnrollScreen(props: {
  enrolled: EnrolledDevice | undefined;
  token?: string;
  suggestedName: string;
  enroll: (token: string, name: string) => Promise<EnrolledDevice>;
  /** Absent where the browser has no notifications. */
  allowNotifications?: () => Promise<boolean>;
  onBack: () => void;
}) {
  const [device, setDevice] = createSignal(props.enrolled);
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const [notifications, setNotifications] = createSignal(false);

  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    setError(undefined);
    setBusy(true);
    try {
      setDevice(await props.enroll(String(data.get('token') ?? '').trim(), String(data.get('name') ?? '').trim()));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="mx-auto mt-12 max-w-xl px-4">
      <div class="panel space-y-4">
        <h1 class="text-2xl font-bold" tabIndex={-1} ref={focusOnMount}>
          {t('enroll.heading')}
        </h1>
        <Show
          when={device()}
          fallback={
            <form
              class="space-y-4"
              onSubmit={(e) => {
                e.preventDefault();
                void submit(e.currentTarget);
              }}
            >
              <p>{t('enroll.hint')}</p>
              <label class="flex flex-col gap-1 font-semibold">
                {t('enroll.token')}
                <input name="token" required class={FIELD_CLASS} value={props.token ?? ''} autocomplete="off" />
              </label>
              <label class="flex flex-col gap-1 font-semibold">
                {t('enroll.name')}
                <input name="name" required maxLength={100} class={FIELD_CLASS} value={props.suggestedName} />
              </label>
              <ErrorMessage code={errorCode(error())} />
              <button type="submit" class="btn-primary" disabled={busy()}>
                {t('enroll.submit')}
              </button>
            </form>
          }
        >
          {(d) => (
            <div class="space-y-3">
              <p role="status" class="font-semibold">
                {t('enroll.enrolled', { name: d().name })}
              </p>
              <Show when={props.allowNotifications}>
                {(allow) => (
                  <Show when={!notifications()} fallback={<p role="status">{t('enroll.notificationsAllowed')}</p>}>
                    <p>{t('enroll.notificationsHint')}</p>
                    <button type="button" class="btn-secondary" onClick={() => void allow()().then(setNotifications)}>
                      {t('enroll.allowNotifications')}
                    </button>
                  </Show>
                )}
              </Show>
            </div>
          )}
        </Show>
        <button type="button" class="btn-secondary" onClick={() => props.onBack()}>
          {t('enroll.back')}
        </button>
      </div>
    </main>
  );
}
