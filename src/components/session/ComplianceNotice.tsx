import type { SessionDevice } from '@remote-help/protocol/domain';
import { Show } from 'solid-js';
import { t } from '../../i18n/i18n.ts';

/**
 * Spec 4.2: once the mode is set, the helper is warned about a device that is not compliant (with a link to its page,
 * for those who may read devices) or told the device is unenrolled. It informs; it does not block.
 */
export function ComplianceNotice(props: { device: SessionDevice | null; onOpenDevice?: (deviceId: string) => void }) {
  const box = 'rounded-md border px-2 py-1 text-sm';
  return (
    <Show
      when={props.device}
      fallback={
        <p role="note" class={`${box} border-transparent bg-slate-200 dark:bg-slate-800`}>
          {t('compliance.unenrolled')}
        </p>
      }
    >
      {(device) => (
        <Show when={device().compliance === 'not_compliant'}>
          <p
            role="note"
            class={`${box} flex flex-wrap items-center gap-2 border-amber-600 bg-amber-50 text-amber-950 dark:bg-amber-950 dark:text-amber-100`}
          >
            <span>{t('compliance.notCompliant', { device: device().name })}</span>
            <Show when={props.onOpenDevice}>
              {(open) => (
                <button type="button" class="link" onClick={() => open()(device().id)}>
                  {t('compliance.openDevice')}
                </button>
              )}
            </Show>
          </p>
        </Show>
      )}
    </Show>
  );
}
