import { Show } from 'solid-js';
import { t } from '../i18n/i18n.ts';
import { focusOnMount } from './focus-on-mount.ts';

/** The start: Get help for everyone, Give help only for people whose roles grant a help permission. */
export function HomeScreen(props: {
  canHelp: boolean;
  canReadReports: boolean;
  canAdminister: boolean;
  canReadDevices: boolean;
  onDevices: () => void;
  onGiveHelp: () => void;
  onGetHelp: () => void;
  onReports: () => void;
  onAdministration: () => void;
}) {
  return (
    <main id="main" class="mx-auto mt-12 max-w-3xl px-4">
      <h1 class="mb-6 text-2xl font-bold" tabIndex={-1} ref={focusOnMount}>
        {t('home.heading')}
      </h1>
      <div class="grid gap-4 sm:grid-cols-2">
        <div class="panel space-y-3">
          <button type="button" class="btn-primary w-full text-lg" onClick={() => props.onGetHelp()}>
            {t('home.getHelp')}
          </button>
          <p class="text-slate-700 dark:text-slate-300">{t('home.getHelpHint')}</p>
        </div>
        <Show when={props.canHelp}>
          <div class="panel space-y-3">
            <button type="button" class="btn-primary w-full text-lg" onClick={() => props.onGiveHelp()}>
              {t('home.giveHelp')}
            </button>
            <p class="text-slate-700 dark:text-slate-300">{t('home.giveHelpHint')}</p>
          </div>
        </Show>
        <Show when={props.canReadReports}>
          <div class="panel space-y-3">
            <button type="button" class="btn-secondary w-full text-lg" onClick={() => props.onReports()}>
              {t('reports.open')}
            </button>
          </div>
        </Show>
        <Show when={props.canReadDevices}>
          <div class="panel space-y-3">
            <button type="button" class="btn-secondary w-full text-lg" onClick={() => props.onDevices()}>
              {t('devices.open')}
            </button>
          </div>
        </Show>
        <Show when={props.canAdminister}>
          <div class="panel space-y-3">
            <button type="button" class="btn-secondary w-full text-lg" onClick={() => props.onAdministration()}>
              {t('admin.open')}
            </button>
          </div>
        </Show>
      </div>
    </main>
  );
}
