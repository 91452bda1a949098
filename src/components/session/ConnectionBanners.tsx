import { Show } from 'solid-js';
import { t } from '../../i18n/i18n.ts';

/** Says who lost their connection while the session waits for them (spec 4.9). */
export function ConnectionBanners(props: { otherName: string; otherOnline: boolean; online: boolean }) {
  return (
    <>
      <Show when={!props.otherOnline}>
        <p role="status" class="rounded-lg bg-amber-50 px-3 py-2 text-amber-900">
          {t('session.peerOffline', { name: props.otherName })}
        </p>
      </Show>
      <Show when={!props.online}>
        <p role="status" class="rounded-lg bg-amber-50 px-3 py-2 text-amber-900">
          {t('session.youOffline')}
        </p>
      </Show>
    </>
  );
}
