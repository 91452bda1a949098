import type { Device, DeviceQuery, EnrollmentToken } from '@remote-help/protocol/devices';
import { createResource, createSignal, For, Show } from 'solid-js';
import { formatNumber, t } from '../../i18n/i18n.ts';
import { DataTable } from '../DataTable.tsx';
import { ErrorMessage } from '../ErrorMessage.tsx';
import { focusOnMount } from '../focus-on-mount.ts';
import { errorCode, FIELD_CLASS, optionalText } from '../form-values.ts';
import { COMPLIANCE_STATES, complianceText, timeText } from './device-text.ts';

/**
 * The Devices page (spec 5.1): search and filters, the enrolled devices, and for administrators a new enrollment
 * token with its link. Choosing a device opens its page.
 */
export function DevicesScreen(props: {
  load: (query: DeviceQuery) => Promise<Device[]>;
  /** Only for administrators (manageRemoteHelp). */
  createToken?: (multiUse: boolean) => Promise<EnrollmentToken>;
  enrollLink: (token: string) => string;
  copy: (text: string) => Promise<void>;
  onOpen: (deviceId: string) => void;
  onBack: () => void;
}) {
  const [query, setQuery] = createSignal<DeviceQuery>({});
  const [devices] = createResource(query, (q) => props.load(q));
  const [token, setToken] = createSignal<EnrollmentToken>();
  const [tokenError, setTokenError] = createSignal<unknown>();
  const [copied, setCopied] = createSignal(false);
  const [multiUse, setMultiUse] = createSignal(false);

  const submit = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const text = (name: string) => optionalText(data, name);
    setQuery({
      search: text('search'),
      compliance: text('compliance') as DeviceQuery['compliance'],
      online: text('online') as DeviceQuery['online'],
    });
  };

  const newToken = async (create: (multiUse: boolean) => Promise<EnrollmentToken>) => {
    setTokenError(undefined);
    setCopied(false);
    try {
      setToken(await create(multiUse()));
    } catch (error) {
      setTokenError(error);
    }
  };

  return (
    <main id="main" class="mx-auto mt-8 flex max-w-6xl flex-col gap-4 px-4">
      <div class="flex items-center justify-between gap-4">
        <h1 class="text-2xl font-bold" tabIndex={-1} ref={focusOnMount}>
          {t('devices.heading')}
        </h1>
        <button type="button" class="btn-secondary" onClick={() => props.onBack()}>
          {t('devices.back')}
        </button>
      </div>
      <Show when={props.createToken}>
        {(create) => (
          <section class="panel space-y-3" aria-labelledby="enroll-token-heading">
            <h2 id="enroll-token-heading" class="sr-only">
              {t('devices.newToken')}
            </h2>
            <label class="flex items-center gap-2">
              <input type="checkbox" checked={multiUse()} onChange={(e) => setMultiUse(e.currentTarget.checked)} />
              {t('devices.multiUse')}
            </label>
            <button type="button" class="btn-secondary" onClick={() => void newToken(create())}>
              {t('devices.newToken')}
            </button>
            <ErrorMessage code={errorCode(tokenError())} />
            <Show when={token()}>
              {(made) => (
                <div class="space-y-2">
                  <p>
                    {t('devices.tokenMade', { time: timeText(made().expiresAt) })}{' '}
                    {made().multiUse ? t('devices.tokenMultiUse') : t('devices.tokenSingleUse')}
                  </p>
                  <label class="flex flex-col gap-1 font-semibold">
                    {t('devices.tokenLink')}
                    <input readOnly class={FIELD_CLASS} value={props.enrollLink(made().token)} />
                  </label>
                  <button
                    type="button"
                    class="btn-secondary"
                    onClick={() => void props.copy(props.enrollLink(made().token)).then(() => setCopied(true))}
                  >
                    {t('devices.copyLink')}
                  </button>
                  <Show when={copied()}>
                    <p role="status">{t('devices.copied')}</p>
                  </Show>
                </div>
              )}
            </Show>
          </section>
        )}
      </Show>
      <form
        class="panel flex flex-wrap items-end gap-4"
        aria-label={t('devices.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          submit(e.currentTarget);
        }}
      >
        <label class="flex flex-col gap-1 font-semibold">
          {t('devices.search')}
          <input name="search" type="search" class={FIELD_CLASS} aria-describedby="device-search-hint" />
          <span id="device-search-hint" class="text-xs font-normal text-slate-700 dark:text-slate-300">
            {t('devices.searchHint')}
          </span>
        </label>
        <label class="flex flex-col gap-1 font-semibold">
          {t('devices.compliance')}
          <select name="compliance" class={FIELD_CLASS}>
            <option value="">{t('devices.anyCompliance')}</option>
            <For each={COMPLIANCE_STATES}>{(c) => <option value={c}>{complianceText(c)}</option>}</For>
          </select>
        </label>
        <label class="flex flex-col gap-1 font-semibold">
          {t('devices.connection')}
          <select name="online" class={FIELD_CLASS}>
            <option value="">{t('devices.anyConnection')}</option>
            <option value="true">{t('devices.online')}</option>
            <option value="false">{t('devices.offline')}</option>
          </select>
        </label>
        <button type="submit" class="btn-primary">
          {t('devices.apply')}
        </button>
      </form>
      <ErrorMessage code={errorCode(devices.error)} />
      <Show when={devices()}>
        {(list) => (
          <>
            <p role="status">{t('devices.count', { count: formatNumber(list().length) })}</p>
            <Show when={list().length > 0} fallback={<p>{t('devices.none')}</p>}>
              <DataTable
                caption={t('devices.caption')}
                rows={list()}
                columns={[
                  {
                    header: () => t('devices.columns.name'),
                    cell: (device) => (
                      <button type="button" class="link" onClick={() => props.onOpen(device.id)}>
                        {device.name}
                      </button>
                    ),
                  },
                  { header: () => t('devices.columns.owner'), cell: (device) => device.owner.name },
                  { header: () => t('devices.columns.os'), cell: (device) => device.os },
                  { header: () => t('devices.columns.lastCheckIn'), cell: (device) => timeText(device.lastCheckIn) },
                  {
                    header: () => t('devices.columns.compliance'),
                    cell: (device) => complianceText(device.compliance),
                  },
                  {
                    header: () => t('devices.columns.connection'),
                    cell: (device) => (device.online ? t('devices.online') : t('devices.offline')),
                  },
                ]}
              />
            </Show>
          </>
        )}
      </Show>
    </main>
  );
}
