import type { ReportQuery, SessionReportRow } from '@remote-help/protocol/reports';
import { createResource, createSignal, For, Show } from 'solid-js';
import { formatList, formatNumber, locale, t } from '../i18n/i18n.ts';
import { DataTable } from './DataTable.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { focusOnMount } from './focus-on-mount.ts';
import { errorCode, FIELD_CLASS, optionalText } from './form-values.ts';

const OUTCOMES = ['', 'active', 'ended'] as const;

function startedText(iso: string): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

function durationText(seconds: number | null): string {
  if (seconds === null) return t('reports.running');
  const unit = seconds < 60 ? 'second' : 'minute';
  const value = seconds < 60 ? seconds : Math.round(seconds / 60);
  return new Intl.NumberFormat(locale(), { style: 'unit', unit, unitDisplay: 'short' }).format(value);
}

function outcomeText(row: SessionReportRow): string {
  if (row.outcome === 'active') return t('reports.running');
  const name = row.outcome === 'sharer_left' ? row.sharer.name : row.helper.name;
  const reason = row.outcome as 'helper_left';
  return t(`session.endedReason.${reason}`, { name });
}

/**
 * The sessions report (spec 5.4): filters, the table, and the same rows as a CSV file from the server. For people
 * with readReports; the loading and saving come in from the app.
 */
export function ReportsScreen(props: {
  load: (query: ReportQuery) => Promise<SessionReportRow[]>;
  exportCsv: (query: ReportQuery) => Promise<void>;
  onBack: () => void;
}) {
  const [query, setQuery] = createSignal<ReportQuery>({});
  const [rows] = createResource(query, (q) => props.load(q));
  const [exportError, setExportError] = createSignal<unknown>();

  const submit = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const text = (name: string) => optionalText(data, name);
    setQuery({
      person: text('person'),
      device: text('device'),
      from: text('from'),
      to: text('to'),
      outcome: text('outcome') as ReportQuery['outcome'],
    });
  };

  return (
    <main id="main" class="mx-auto mt-8 flex max-w-6xl flex-col gap-4 px-4">
      <div class="flex items-center justify-between gap-4">
        <h1 class="text-2xl font-bold" tabIndex={-1} ref={focusOnMount}>
          {t('reports.heading')}
        </h1>
        <button type="button" class="btn-secondary" onClick={() => props.onBack()}>
          {t('reports.back')}
        </button>
      </div>
      <form
        class="panel flex flex-wrap items-end gap-4"
        aria-label={t('reports.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          submit(e.currentTarget);
        }}
      >
        <label class="flex flex-col gap-1 font-semibold">
          {t('reports.person')}
          <input name="person" type="search" class={FIELD_CLASS} aria-describedby="person-hint" />
          <span id="person-hint" class="text-xs font-normal text-slate-700 dark:text-slate-300">
            {t('reports.personHint')}
          </span>
        </label>
        <label class="flex flex-col gap-1 font-semibold">
          {t('reports.device')}
          <input name="device" type="search" class={FIELD_CLASS} aria-describedby="device-hint" />
          <span id="device-hint" class="text-xs font-normal text-slate-700 dark:text-slate-300">
            {t('reports.deviceHint')}
          </span>
        </label>
        <label class="flex flex-col gap-1 font-semibold">
          {t('reports.from')}
          <input name="from" type="date" class={FIELD_CLASS} />
        </label>
        <label class="flex flex-col gap-1 font-semibold">
          {t('reports.to')}
          <input name="to" type="date" class={FIELD_CLASS} />
        </label>
        <label class="flex flex-col gap-1 font-semibold">
          {t('reports.outcome')}
          <select name="outcome" class={FIELD_CLASS}>
            <For each={OUTCOMES}>
              {(o) => (
                <option value={o}>
                  {o === '' ? t('reports.anyOutcome') : o === 'active' ? t('reports.active') : t('reports.ended')}
                </option>
              )}
            </For>
          </select>
        </label>
        <button type="submit" class="btn-primary">
          {t('reports.apply')}
        </button>
        <button
          type="button"
          class="btn-secondary"
          onClick={() => {
            setExportError(undefined);
            props.exportCsv(query()).catch(setExportError);
          }}
        >
          {t('reports.exportCsv')}
        </button>
      </form>
      <ErrorMessage code={errorCode(exportError() ?? rows.error)} />
      <Show when={rows()}>
        {(list) => (
          <>
            <p role="status">{t('reports.count', { count: formatNumber(list().length) })}</p>
            <Show when={list().length > 0} fallback={<p>{t('reports.none')}</p>}>
              <DataTable
                caption={t('reports.caption')}
                rows={list()}
                columns={[
                  { header: () => t('reports.columns.started'), cell: (row) => startedText(row.startedAt) },
                  { header: () => t('reports.columns.helper'), cell: (row) => row.helper.name },
                  { header: () => t('reports.columns.sharer'), cell: (row) => row.sharer.name },
                  { header: () => t('reports.columns.device'), cell: (row) => row.device ?? t('reports.noDevice') },
                  { header: () => t('reports.columns.duration'), cell: (row) => durationText(row.durationSeconds) },
                  {
                    header: () => t('reports.columns.modes'),
                    cell: (row) => formatList(row.modes.map((m) => t(`mode.${m}`))),
                  },
                  { header: () => t('reports.columns.outcome'), cell: outcomeText },
                ]}
              />
            </Show>
          </>
        )}
      </Show>
    </main>
  );
}
