import { type AccessRules, type TenantSettings, tenantSettingsSchema } from '@remote-help/protocol/settings';
import { createSignal, For } from 'solid-js';
import { t } from '../../i18n/i18n.ts';
import { FIELD_CLASS } from '../form-values.ts';
import { runAction } from './admin-common.ts';
import { SectionMessages } from './SectionMessages.tsx';

const SIDES = ['helpers', 'sharers'] as const;
const SWITCHES = ['remoteHelpEnabled', 'allowUnenrolledDevices', 'chatDisabled'] as const;

function ranges(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Reads the form into settings; the schema decides whether they can be sent. */
function read(form: HTMLFormElement): unknown {
  const data = new FormData(form);
  const rules = (side: (typeof SIDES)[number]): AccessRules => ({
    requireMfa: data.has(`${side}.requireMfa`),
    allowedRanges: ranges(String(data.get(`${side}.allowedRanges`) ?? '')),
  });
  const number = (name: string) => Number(String(data.get(name) ?? '').trim() || Number.NaN);
  return {
    remoteHelpEnabled: data.has('remoteHelpEnabled'),
    allowUnenrolledDevices: data.has('allowUnenrolledDevices'),
    chatDisabled: data.has('chatDisabled'),
    maxSessionMinutes: number('maxSessionMinutes'),
    idleTimeoutMinutes: number('idleTimeoutMinutes'),
    retentionDays: number('retentionDays'),
    helpers: rules('helpers'),
    sharers: rules('sharers'),
  };
}

/** The tenant's settings (spec 5.3, 4.10, 5.4): every field as a labelled control, saved together. */
export function SettingsSection(props: {
  settings: TenantSettings;
  save: (settings: TenantSettings) => Promise<unknown>;
}) {
  const [status, setStatus] = createSignal('');
  const [error, setError] = createSignal<unknown>();
  const [problem, setProblem] = createSignal<string>();

  const numberField = (name: 'maxSessionMinutes' | 'idleTimeoutMinutes' | 'retentionDays', max: number) => (
    <label class="flex flex-col gap-1 font-semibold">
      {t(`admin.settings.${name}`)}
      <input
        name={name}
        type="number"
        inputMode="numeric"
        required
        min={name === 'retentionDays' ? 1 : 0}
        max={max}
        step={1}
        value={props.settings[name]}
        aria-describedby={name === 'retentionDays' ? undefined : 'admin-no-limit'}
        class={`${FIELD_CLASS} w-40`}
      />
    </label>
  );

  return (
    <section class="panel flex flex-col gap-4" aria-labelledby="admin-settings">
      <h2 id="admin-settings" class="text-xl font-bold">
        {t('admin.settings.heading')}
      </h2>
      <form
        class="flex flex-col gap-4"
        aria-labelledby="admin-settings"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const parsed = tenantSettingsSchema.safeParse(read(e.currentTarget));
          if (!parsed.success) {
            setStatus('');
            setError(undefined);
            setProblem(t('admin.settings.invalid'));
            return;
          }
          setProblem(undefined);
          void runAction(
            async () => {
              await props.save(parsed.data);
              return t('admin.settings.saved');
            },
            { status: setStatus, error: setError },
          );
        }}
      >
        <For each={SWITCHES}>
          {(name) => (
            <label class="flex items-center gap-2">
              <input type="checkbox" name={name} checked={props.settings[name]} class="h-4 w-4" />
              {t(`admin.settings.${name}`)}
            </label>
          )}
        </For>
        <div class="flex flex-wrap gap-4">
          {numberField('maxSessionMinutes', 24 * 60)}
          {numberField('idleTimeoutMinutes', 24 * 60)}
          {numberField('retentionDays', 3650)}
        </div>
        <p id="admin-no-limit" class="text-sm text-slate-700 dark:text-slate-300">
          {t('admin.settings.noLimitHint')}
        </p>
        <div class="grid gap-4 md:grid-cols-2">
          <For each={SIDES}>
            {(side) => (
              <fieldset class="flex flex-col gap-2 rounded-lg border border-slate-300 p-4 dark:border-slate-700">
                <legend class="px-1 font-semibold">{t(`admin.settings.${side}`)}</legend>
                <label class="flex items-center gap-2">
                  <input
                    type="checkbox"
                    name={`${side}.requireMfa`}
                    checked={props.settings[side].requireMfa}
                    class="h-4 w-4"
                  />
                  {t('admin.settings.requireMfa')}
                </label>
                <div class="flex flex-col gap-1">
                  <label class="font-semibold" for={`admin-ranges-field-${side}`}>
                    {t('admin.settings.allowedRanges')}
                  </label>
                  <textarea
                    id={`admin-ranges-field-${side}`}
                    name={`${side}.allowedRanges`}
                    rows={3}
                    dir="ltr"
                    value={props.settings[side].allowedRanges.join('\n')}
                    aria-describedby={`admin-ranges-${side}`}
                    class={`${FIELD_CLASS} font-mono`}
                  />
                  <span id={`admin-ranges-${side}`} class="text-xs font-normal text-slate-700 dark:text-slate-300">
                    {t('admin.settings.allowedRangesHint')}
                  </span>
                </div>
              </fieldset>
            )}
          </For>
        </div>
        <button type="submit" class="btn-primary self-start">
          {t('admin.settings.save')}
        </button>
      </form>
      <SectionMessages status={status()} error={error()} problem={problem()} />
    </section>
  );
}
