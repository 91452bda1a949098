/**
 * The message catalogue: every string the app shows comes through `t`, so languages can be added without touching
 * components. Formatting of numbers, times and lists goes through Intl for the current locale.
 */
import * as i18n from '@solid-primitives/i18n';
import { createMemo, createSignal } from 'solid-js';
import { type Catalogue, en } from './catalogues/en.ts';

const [locale, setLocale] = createSignal('en');
const [catalogue] = createSignal<Catalogue>(en);
const dictionary = createMemo(() => i18n.flatten(catalogue()));

export type MessageKey = keyof ReturnType<typeof dictionary>;

const translate = i18n.translator(dictionary, i18n.resolveTemplate);

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return (translate(key, params as never) as string | undefined) ?? key;
}

export { locale, setLocale };

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
