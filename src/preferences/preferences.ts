/**
 * The person's display choices, kept in this browser: language and theme. Applying them to the document lives here
 * too, so components only read the current choice and ask for another.
 */
import { createSignal } from 'solid-js';
import { recordDiagnostic } from '../diagnostics/diagnostics-log.ts';
import { applyLanguage } from '../i18n/i18n.ts';
import { isLanguage, type Language, pickLanguage } from '../i18n/languages.ts';

const LANGUAGE_KEY = 'remote-help.language';
const THEME_KEY = 'remote-help.theme';

export const THEMES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEMES)[number];

function stored(key: string): string | undefined {
  try {
    return localStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage can be off (private mode, policy); the choice then lasts for this page only.
  }
}

/** The stored language, else the first of the browser's languages that the app has, else English. */
export function initialLanguage(): Language {
  const choice = stored(LANGUAGE_KEY);
  return choice && isLanguage(choice) ? choice : pickLanguage(navigator.languages);
}

export async function chooseLanguage(language: Language): Promise<void> {
  store(LANGUAGE_KEY, language);
  recordDiagnostic('preferences.language', { language });
  await applyLanguage(language);
}

const [theme, setThemeSignal] = createSignal<ThemeChoice>('system');

export { theme };

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

function applyTheme(choice: ThemeChoice): void {
  const dark = choice === 'dark' || (choice === 'system' && darkQuery().matches);
  document.documentElement.classList.toggle('dark', dark);
  // Form controls and scrollbars follow the chosen theme, not only the system's.
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
}

/** Applies the stored theme and follows the system while the choice is "system". */
export function startTheme(): void {
  const choice = stored(THEME_KEY);
  setThemeSignal(THEMES.includes(choice as ThemeChoice) ? (choice as ThemeChoice) : 'system');
  applyTheme(theme());
  darkQuery().addEventListener('change', () => applyTheme(theme()));
}

export function chooseTheme(choice: ThemeChoice): void {
  store(THEME_KEY, choice);
  setThemeSignal(choice);
  recordDiagnostic('preferences.theme', { theme: choice });
  applyTheme(choice);
}
