/**
 * The app's own catalogues, for tests that run in a language other than English: a test finds "Sign in" in Arabic
 * by the Arabic catalogue's text, never by a copy of it.
 */
import * as i18n from '@solid-primitives/i18n';
import type { Catalogue } from '../src/i18n/catalogues/en.ts';
import { en } from '../src/i18n/catalogues/en.ts';

export type Messages = (key: string, params?: Record<string, string>) => string;

export async function messagesFor(language: string): Promise<Messages> {
  const catalogue: Catalogue =
    language === 'en'
      ? en
      : ((await import(`../src/i18n/catalogues/${language}.ts`)) as { catalogue: Catalogue }).catalogue;
  const flat = i18n.flatten(catalogue) as Record<string, unknown>;
  return (key, params = {}) => {
    const template = flat[key];
    if (typeof template !== 'string') throw new Error(`No message ${key} in ${language}`);
    return i18n.resolveTemplate(template, params);
  };
}
