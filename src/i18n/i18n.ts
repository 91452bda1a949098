/**
 * The message catalogue: every string the app shows comes through `t`, so languages can be added without touching
 * components. English is bundled; every other language is its own lazily loaded chunk, so the first screen stays small.
 * Formatting of numbers, times, lists and plurals goes through Intl for the current language.
 */
import * as i18n from '@solid-primitives/i18n';
import { createMemo, createSignal } from 'solid-js';
import { type Catalogue, en } from './catalogues/en.ts';
import { type Language, textDirection } from './languages.ts';

type CatalogueModule = { catalogue: Catalogue };
const loaders = import.meta.glob<CatalogueModule>(['./catalogues/*.ts', '!./catalogues/en.ts']);

const [locale, setLocaleSignal] = createSignal<Language>('en');
const [catalogue, setCatalogue] = createSignal<Catalogue>(en);
const dictionary = createMemo(() => i18n.flatten(catalogue()));

export type MessageKey = keyof ReturnType<typeof dictionary>;

const translate = i18n.translator(dictionary, i18n.resolveTemplate);

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return (translate(key, params as never) as string | undefined) ?? key;
}

/** Keys whose value is a set of plural forms (see PluralForms in the English catalogue). */
type PluralKey = 'chat.overBy';

/** A message that depends on `count`, in the language's plural category; `count` is formatted for the locale. */
export function tn(key: PluralKey, count: number, params?: Record<string, string | number>): string {
  const category = new Intl.PluralRules(locale()).select(count);
  const forms = dictionary()[key] as Partial<Record<Intl.LDMLPluralRule, string>>;
  const template = forms[category] ?? forms.other ?? key;
  return i18n.resolveTemplate(template, { ...params, count: formatNumber(count) });
}

/** Loads a language's catalogue (unless it is English) and makes it current; the document follows its direction. */
export async function applyLanguage(language: Language): Promise<void> {
  const next = language === 'en' ? en : (await loadCatalogue(language)).catalogue;
  setCatalogue(next);
  setLocaleSignal(language);
  document.documentElement.lang = language;
  document.documentElement.dir = textDirection(language);
}

function loadCatalogue(language: Language): Promise<CatalogueModule> {
  const load = loaders[`./catalogues/${language}.ts`];
  if (!load) throw new Error(`No catalogue for ${language}`);
  return load();
}

export { locale };

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(locale()).format(value);
}

/** A share as a percentage (1.5 → "150%"), spaced and ordered as the language writes it. */
export function formatPercent(value: number): string {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

export function formatTime(date: Date): string {
  return new Intl.DateTimeFormat(locale(), { hour: 'numeric', minute: '2-digit' }).format(date);
}

export function formatList(items: string[]): string {
  return new Intl.ListFormat(locale(), { style: 'long', type: 'conjunction' }).format(items);
}

/** m:ss for a countdown, digits in the locale's numbering system. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const nf = new Intl.NumberFormat(locale(), { minimumIntegerDigits: 2 });
  return `${new Intl.NumberFormat(locale()).format(Math.floor(total / 60))}:${nf.format(total % 60)}`;
}
