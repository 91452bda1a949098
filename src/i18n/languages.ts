/**
 * The 34 languages of spec 7 and how a browser's preferred languages map onto them. Pure: no DOM, no storage.
 */
export const LANGUAGES = [
  'ar',
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'es',
  'et',
  'fi',
  'fr',
  'he',
  'hr',
  'hu',
  'it',
  'ja',
  'ko',
  'lt',
  'lv',
  'nb',
  'nl',
  'pl',
  'pt',
  'ro',
  'ru',
  'sk',
  'sl',
  'sr-Latn',
  'sv',
  'th',
  'tr',
  'uk',
  'zh-Hans',
  'zh-Hant',
] as const;

export type Language = (typeof LANGUAGES)[number];

const RIGHT_TO_LEFT: ReadonlySet<Language> = new Set(['ar', 'he']);

export function isLanguage(tag: string): tag is Language {
  return (LANGUAGES as readonly string[]).includes(tag);
}

export function textDirection(language: Language): 'rtl' | 'ltr' {
  return RIGHT_TO_LEFT.has(language) ? 'rtl' : 'ltr';
}

/** One BCP 47 tag → our language, or undefined. Chinese goes by script; Norwegian and old Hebrew codes are folded in. */
export function matchLanguage(tag: string): Language | undefined {
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(tag);
  } catch {
    return undefined;
  }
  switch (locale.language) {
    case 'zh':
      return locale.maximize().script === 'Hant' ? 'zh-Hant' : 'zh-Hans';
    case 'no':
    case 'nn':
    case 'nb':
      return 'nb';
    case 'iw':
      return 'he';
    // Serbian is offered in Latin script only.
    case 'sr':
      return 'sr-Latn';
    default:
      return isLanguage(locale.language) ? locale.language : undefined;
  }
}

/** The first of the browser's languages that we have, else English. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const match = matchLanguage(tag);
    if (match) return match;
  }
  return 'en';
}

/** A language's name in that language, for the picker. */
export function languageName(language: Language): string {
  const name = new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
  return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
}
