import { Show } from 'solid-js';
import { t } from '../i18n/i18n.ts';
import { AppMenu } from './menu/AppMenu.tsx';

export function AppHeader(props: { userName?: string; onSignOut?: () => void }) {
  return (
    <header class="flex flex-wrap items-center justify-between gap-4 border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-900">
      <p class="text-lg font-bold">{t('app.name')}</p>
      <div class="flex flex-wrap items-center gap-3">
        <Show when={props.userName}>
          {(name) => (
            <>
              <span class="text-sm">{t('header.signedInAs', { name: name() })}</span>
              <button type="button" class="btn-secondary" onClick={() => props.onSignOut?.()}>
                {t('header.signOut')}
              </button>
            </>
          )}
        </Show>
        <AppMenu />
      </div>
    </header>
  );
}
