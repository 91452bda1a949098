import { createActorState } from '../app/create-actor-state.ts';
import type { SharerCodeActor } from '../app/pairing-actors.ts';
import { t } from '../i18n/i18n.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { focusOnMount } from './focus-on-mount.ts';

/** Get help → Security code → Submit. */
export function GetHelpScreen(props: { actor: SharerCodeActor; onBack: () => void }) {
  const state = createActorState(props.actor);
  const submitting = () => state().matches('submitting');
  return (
    <main id="main" class="mx-auto mt-12 max-w-xl px-4">
      <form
        class="panel space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          props.actor.send({ type: 'code.submit' });
        }}
      >
        <h1 class="text-2xl font-bold">{t('get.heading')}</h1>
        <p>{t('get.intro')}</p>
        <div class="space-y-1">
          <label for="security-code" class="block font-semibold">
            {t('get.codeLabel')}
          </label>
          <input
            id="security-code"
            name="code"
            class="w-full rounded-lg border border-slate-400 bg-white px-3 py-2 font-mono text-2xl tracking-widest dark:bg-slate-800"
            autocomplete="off"
            autocapitalize="off"
            spellcheck={false}
            maxLength={64}
            aria-describedby="security-code-hint"
            aria-invalid={state().context.error ? 'true' : 'false'}
            value={state().context.input}
            onInput={(e) => props.actor.send({ type: 'code.change', value: e.currentTarget.value })}
            ref={focusOnMount}
          />
          <p id="security-code-hint" class="text-sm text-slate-600 dark:text-slate-300">
            {t('get.codeHint')}
          </p>
        </div>
        <ErrorMessage code={state().context.error} retryAt={state().context.retryAt} />
        <div class="flex gap-2">
          <button type="submit" class="btn-primary" disabled={submitting()}>
            {submitting() ? t('get.submitting') : t('get.submit')}
          </button>
          <button type="button" class="btn-secondary" onClick={() => props.onBack()}>
            {t('get.back')}
          </button>
        </div>
      </form>
    </main>
  );
}
