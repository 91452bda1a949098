import { For } from 'solid-js';
import type { LiveSession } from '../../app/live-session.ts';
import { t } from '../../i18n/i18n.ts';

/** Moves between home and each open session; a helper may hold several at once. */
export function SessionTabs(props: {
  sessions: LiveSession[];
  current?: string;
  onHome: () => void;
  onOpen: (id: string) => void;
}) {
  const other = (l: LiveSession) => (l.role === 'helper' ? l.session.sharer : l.session.helper);
  return (
    <nav
      aria-label={t('session.tabs')}
      class="flex flex-wrap gap-2 border-b border-slate-200 px-3 py-1.5 dark:border-slate-800"
    >
      <button
        type="button"
        class="btn-secondary px-3 py-1 text-sm"
        aria-current={props.current === undefined ? 'page' : undefined}
        onClick={() => props.onHome()}
      >
        {t('session.home')}
      </button>
      <For each={props.sessions}>
        {(l) => (
          <button
            type="button"
            class="btn-secondary px-3 py-1 text-sm"
            aria-current={props.current === l.session.id ? 'page' : undefined}
            aria-label={t('session.tabLabel', { name: other(l).name })}
            onClick={() => props.onOpen(l.session.id)}
          >
            {other(l).name}
          </button>
        )}
      </For>
    </nav>
  );
}
