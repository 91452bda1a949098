import { createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { isAppShortcut } from '../../control/keyboard-input.ts';
import { downloadDiagnostics } from '../../diagnostics/diagnostics-file.ts';
import { locale, t } from '../../i18n/i18n.ts';
import { isLanguage, LANGUAGES, languageName } from '../../i18n/languages.ts';
import { chooseLanguage, chooseTheme, THEMES, theme } from '../../preferences/preferences.ts';
import { sessionMenuActions } from './session-menu-actions.ts';

/**
 * The app menu: language, theme, diagnostics and — during a session — the session's actions. A modal dialog, so
 * focus stays inside while it is open and Escape closes it.
 */
export function AppMenu() {
  let dialog: HTMLDialogElement | undefined;
  let opener: HTMLButtonElement | undefined;
  const [open, setOpen] = createSignal(false);
  const show = () => {
    if (!dialog || dialog.open) return;
    dialog.showModal();
    setOpen(true);
  };
  const close = () => dialog?.close();

  onMount(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isAppShortcut(event)) return;
      event.preventDefault();
      show();
    };
    window.addEventListener('keydown', onKey);
    onCleanup(() => window.removeEventListener('keydown', onKey));
  });

  return (
    <>
      <button
        type="button"
        class="btn-secondary"
        aria-haspopup="dialog"
        aria-expanded={open()}
        aria-keyshortcuts="Alt+Space"
        ref={opener}
        onClick={show}
      >
        {t('menu.open')}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="menu-heading"
        class="panel m-auto w-full max-w-md text-slate-900 backdrop:bg-slate-950/50 dark:text-slate-100"
        onClose={() => {
          setOpen(false);
          opener?.focus();
        }}
      >
        <div class="flex flex-col gap-5">
          <div class="flex items-center justify-between gap-4">
            <h2 id="menu-heading" class="text-xl font-bold">
              {t('menu.heading')}
            </h2>
            <button type="button" class="btn-secondary" onClick={close}>
              {t('menu.close')}
            </button>
          </div>
          <p class="text-sm text-slate-700 dark:text-slate-300">{t('menu.shortcut')}</p>

          <Show when={sessionMenuActions().length > 0}>
            <section aria-labelledby="menu-session" class="flex flex-col gap-2">
              <h3 id="menu-session" class="font-semibold">
                {t('menu.session')}
              </h3>
              <For each={sessionMenuActions()}>
                {(action, index) => (
                  <>
                    <button
                      type="button"
                      class="btn-secondary justify-start"
                      disabled={action.disabled}
                      aria-describedby={action.note ? `menu-action-note-${index()}` : undefined}
                      onClick={() => {
                        close();
                        action.run();
                      }}
                    >
                      {action.label}
                    </button>
                    <Show when={action.note}>
                      <p id={`menu-action-note-${index()}`} class="text-sm text-slate-700 dark:text-slate-300">
                        {action.note}
                      </p>
                    </Show>
                  </>
                )}
              </For>
            </section>
          </Show>

          <label class="flex flex-col gap-1 font-semibold">
            {t('menu.language')}
            <select
              class="rounded-lg border border-slate-500 bg-white px-3 py-2 font-normal dark:border-slate-400 dark:bg-slate-800"
              value={locale()}
              onChange={(e) => {
                const value = e.currentTarget.value;
                if (isLanguage(value)) void chooseLanguage(value);
              }}
            >
              <For each={LANGUAGES}>
                {(language) => (
                  <option value={language} lang={language}>
                    {languageName(language)}
                  </option>
                )}
              </For>
            </select>
          </label>

          <fieldset class="flex flex-col gap-1">
            <legend class="mb-1 font-semibold">{t('menu.theme')}</legend>
            <For each={THEMES}>
              {(choice) => (
                <label class="flex items-center gap-2">
                  <input
                    type="radio"
                    name="theme"
                    value={choice}
                    checked={theme() === choice}
                    onChange={() => chooseTheme(choice)}
                  />
                  {t(`menu.themes.${choice}`)}
                </label>
              )}
            </For>
          </fieldset>

          <div class="flex flex-col gap-1">
            <button
              type="button"
              class="btn-secondary"
              aria-describedby="diagnostics-hint"
              onClick={() => downloadDiagnostics(locale())}
            >
              {t('menu.diagnostics')}
            </button>
            <p id="diagnostics-hint" class="text-sm text-slate-700 dark:text-slate-300">
              {t('menu.diagnosticsHint')}
            </p>
          </div>
        </div>
      </dialog>
    </>
  );
}
