import { createSignal, Show } from 'solid-js';
import { t } from '../i18n/i18n.ts';

export function SignInScreen(props: { developmentIdentity: boolean; onSignIn: () => Promise<void> }) {
  const [busy, setBusy] = createSignal(false);
  const [failed, setFailed] = createSignal(false);
  const signIn = async () => {
    setBusy(true);
    setFailed(false);
    try {
      await props.onSignIn();
    } catch {
      setFailed(true);
      setBusy(false);
    }
  };
  return (
    <main id="main" class="mx-auto mt-16 max-w-md px-4">
      <div class="panel space-y-4 text-center">
        <h1 class="text-2xl font-bold">{t('signIn.heading')}</h1>
        <p>{t('signIn.intro')}</p>
        <button type="button" class="btn-primary w-full" disabled={busy()} onClick={signIn}>
          {busy() ? t('signIn.signingIn') : t('signIn.button')}
        </button>
        <Show when={failed()}>
          <p role="alert">{t('signIn.failed')}</p>
        </Show>
        <Show when={props.developmentIdentity}>
          <p class="text-sm text-amber-800 dark:text-amber-300">{t('signIn.devNotice')}</p>
        </Show>
      </div>
    </main>
  );
}
