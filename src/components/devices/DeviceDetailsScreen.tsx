import type { Device } from '@remote-help/protocol/devices';
import type { Compliance } from '@remote-help/protocol/domain';
import { createResource, createSignal, For, Show } from 'solid-js';
import type { LaunchActor } from '../../app/launch-actors.ts';
import { t } from '../../i18n/i18n.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';
import { focusOnMount } from '../focus-on-mount.ts';
import { errorCode, FIELD_CLASS } from '../form-values.ts';
import { COMPLIANCE_STATES, complianceText, timeText } from './device-text.ts';
import { LaunchPanel } from './LaunchPanel.tsx';

/**
 * One device (spec 5.1, 5.2, 3.2): its record, a warning when it is not compliant, compliance for administrators,
 * and New remote assistance session for helpers with launchSession.
 */
export function DeviceDetailsScreen(props: {
  deviceId: string;
  load: (id: string) => Promise<Device>;
  /** Only for administrators (manageRemoteHelp). */
  setCompliance?: (id: string, compliance: Compliance) => Promise<void>;
  /** Only for helpers with launchSession: a fresh launch for this device. */
  makeLaunch?: () => LaunchActor;
  onBack: () => void;
}) {
  const [device, { refetch }] = createResource(() => props.deviceId, props.load);
  const [launch, setLaunch] = createSignal<LaunchActor>();
  const [saveError, setSaveError] = createSignal<unknown>();
  const [saved, setSaved] = createSignal(false);

  const saveCompliance = async (form: HTMLFormElement, set: NonNullable<typeof props.setCompliance>) => {
    setSaveError(undefined);
    setSaved(false);
    try {
      await set(props.deviceId, String(new FormData(form).get('compliance')) as Compliance);
      setSaved(true);
      await refetch();
    } catch (error) {
      setSaveError(error);
    }
  };

  return (
    <main id="main" class="mx-auto mt-8 flex max-w-3xl flex-col gap-4 px-4">
      <div class="flex items-center justify-between gap-4">
        <h1 class="text-2xl font-bold" tabIndex={-1} ref={focusOnMount}>
          {device()?.name ?? t('devices.heading')}
        </h1>
        <button type="button" class="btn-secondary" onClick={() => props.onBack()}>
          {t('devices.back')}
        </button>
      </div>
      <ErrorMessage code={errorCode(device.error)} />
      <Show when={device()}>
        {(d) => (
          <>
            <Show when={d().compliance === 'not_compliant'}>
              <p
                role="note"
                class="rounded-lg border border-amber-600 bg-amber-50 px-3 py-2 text-amber-950 dark:bg-amber-950 dark:text-amber-100"
              >
                {t('devices.details.notCompliantWarning')}
              </p>
            </Show>
            <dl class="panel grid grid-cols-[auto_1fr] gap-x-6 gap-y-2">
              <dt class="font-semibold">{t('devices.details.owner')}</dt>
              <dd>
                {d().owner.name} ({d().owner.email})
              </dd>
              <dt class="font-semibold">{t('devices.details.os')}</dt>
              <dd>{d().os}</dd>
              <dt class="font-semibold">{t('devices.details.enrolled')}</dt>
              <dd>{timeText(d().enrolledAt)}</dd>
              <dt class="font-semibold">{t('devices.details.lastCheckIn')}</dt>
              <dd>{timeText(d().lastCheckIn)}</dd>
              <dt class="font-semibold">{t('devices.details.compliance')}</dt>
              <dd>{complianceText(d().compliance)}</dd>
              <dt class="font-semibold">{t('devices.details.connection')}</dt>
              <dd>{d().online ? t('devices.online') : t('devices.offline')}</dd>
            </dl>
            <Show when={props.setCompliance}>
              {(set) => (
                <form
                  class="panel flex flex-wrap items-end gap-4"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void saveCompliance(e.currentTarget, set());
                  }}
                >
                  <label class="flex flex-col gap-1 font-semibold">
                    {t('devices.details.setCompliance')}
                    <select name="compliance" class={FIELD_CLASS}>
                      <For each={COMPLIANCE_STATES}>
                        {(c) => (
                          <option value={c} selected={c === d().compliance}>
                            {complianceText(c)}
                          </option>
                        )}
                      </For>
                    </select>
                  </label>
                  <button type="submit" class="btn-primary">
                    {t('devices.details.saveCompliance')}
                  </button>
                  <ErrorMessage code={errorCode(saveError())} />
                  <Show when={saved()}>
                    <p role="status">{t('devices.details.complianceSaved')}</p>
                  </Show>
                </form>
              )}
            </Show>
            <Show when={props.makeLaunch}>
              {(make) => (
                <Show
                  when={launch()}
                  keyed
                  fallback={
                    <div>
                      <button type="button" class="btn-primary" onClick={() => setLaunch(make()())}>
                        {t('launch.newSession')}
                      </button>
                    </div>
                  }
                >
                  {(actor) => (
                    <LaunchPanel
                      actor={actor}
                      ownerName={d().owner.name}
                      deviceName={d().name}
                      onClose={() => setLaunch(undefined)}
                    />
                  )}
                </Show>
              )}
            </Show>
          </>
        )}
      </Show>
    </main>
  );
}
