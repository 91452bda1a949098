import { reloadToUpdate } from '../app/app-updates.ts';
import { t } from '../i18n/i18n.ts';
import { focusOnMount } from './focus-on-mount.ts';

/** The server cannot be reached: the app shell came from the cache, the service did not answer. */
export function UnreachableScreen(props: { onRetry: () => void }) {
  return (
    <main id="main" class="mx-auto mt-12 flex max-w-xl flex-col gap-4 px-4">
      <h1 class="text-2xl font-bold" tabIndex={-1} ref={focusOnMount}>
        {t('offline.heading')}
      </h1>
      <p>{t('offline.body')}</p>
      <div>
        <button type="button" class="btn-primary" onClick={() => props.onRetry()}>
          {t('offline.retry')}
        </button>
      </div>
    </main>
  );
}

/** The server needs a newer app than this one: nothing else is offered until it is updated. */
export function UpdateRequiredScreen(props: { current: string; required: string }) {
  return (
    <main id="main" class="mx-auto mt-12 flex max-w-xl flex-col gap-4 px-4">
      <h1 class="text-2xl font-bold" tabIndex={-1} ref={focusOnMount}>
        {t('update.requiredHeading')}
      </h1>
      <p>{t('update.requiredBody', { current: props.current, required: props.required })}</p>
      <div>
        <button type="button" class="btn-primary" onClick={() => void reloadToUpdate()}>
          {t('update.reload')}
        </button>
      </div>
    </main>
  );
}
