import { createSignal, Show } from 'solid-js';
import { t } from '../../i18n/i18n.ts';

/**
 * The Chat toggle of both session screens (spec 4.6): open at first, in the toolbar and the session menu, and absent
 * altogether when the organisation turned chat off.
 */
export function createChatToggle(chatDisabled: boolean) {
  const allowed = !chatDisabled;
  const [open, setOpen] = createSignal(allowed);
  const toggle = () => setOpen(!open());
  return {
    /** Whether the chat panel shows. */
    open: () => allowed && open(),
    menuActions: () => (allowed ? [{ label: t('session.chat'), run: toggle }] : []),
    Button: () => (
      <Show when={allowed}>
        <button type="button" class="btn-secondary" aria-pressed={open()} onClick={toggle}>
          {t('session.chat')}
        </button>
      </Show>
    ),
  };
}
