import type { EnrolledDevice } from '@remote-help/protocol/devices';
import { Show } from 'solid-js';
import { t } from '../../i18n/i18n.ts';

/** Under the home screen: whether this device is enrolled, and the way to enroll it (spec 5.1). */
export function DeviceStatus(props: { enrolled: EnrolledDevice | undefined; onEnroll: () => void }) {
  return (
    <p class="mx-auto mt-6 flex max-w-3xl flex-wrap items-center gap-3 px-4 text-sm">
      <Show
        when={props.enrolled}
        fallback={
          <>
            <span>{t('enroll.notEnrolled')}</span>
            <button type="button" class="link" onClick={() => props.onEnroll()}>
              {t('enroll.open')}
            </button>
          </>
        }
      >
        {(d) => <span>{t('enroll.enrolled', { name: d().name })}</span>}
      </Show>
    </p>
  );
}
