import { Show } from 'solid-js';
import { reloadToUpdate, updateWaiting } from '../app/app-updates.ts';
import { t } from '../i18n/i18n.ts';

/** A new version is installed and waits: the person chooses when to reload into it. */
export function UpdateBanner() {
  return (
    <Show when={updateWaiting()}>
      <div
        role="status"
        class="flex flex-wrap items-center justify-center gap-3 bg-sky-100 px-4 py-2 text-sky-950 dark:bg-sky-950 dark:text-sky-50"
      >
        <span>{t('update.ready')}</span>
        <button type="button" class="btn-primary" onClick={() => void reloadToUpdate()}>
          {t('update.reload')}
        </button>
      </div>
    </Show>
  );
}
