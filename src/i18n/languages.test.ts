import { describe, expect, it } from 'vitest';
import { LANGUAGES, languageName, matchLanguage, pickLanguage, textDirection } from './languages.ts';

describe('languages', () => {
  it('has the 34 languages of spec 7', () => {
    expect(LANGUAGES).toHaveLength(34);
  });

  it('maps browser language tags onto the catalogues', () => {
    expect(matchLanguage('de-AT')).toBe('de');
    expect(matchLanguage('zh-CN')).toBe('zh-Hans');
    expect(matchLanguage('zh-TW')).toBe('zh-Hant');
    expect(matchLanguage('zh-HK')).toBe('zh-Hant');
    expect(matchLanguage('no')).toBe('nb');
    expect(matchLanguage('nn-NO')).toBe('nb');
    expect(matchLanguage('sr')).toBe('sr-Latn');
    expect(matchLanguage('pt-BR')).toBe('pt');
    expect(matchLanguage('ga')).toBeUndefined();
    expect(matchLanguage('not a tag!')).toBeUndefined();
  });

  it('takes the first preferred language it has, else English', () => {
    expect(pickLanguage(['ga-IE', 'fr-CA', 'de'])).toBe('fr');
    expect(pickLanguage(['ga'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });

  it('lays out Arabic and Hebrew right to left, the rest left to right', () => {
    expect(LANGUAGES.filter((l) => textDirection(l) === 'rtl')).toEqual(['ar', 'he']);
  });

  it('names each language in itself', () => {
    expect(languageName('de')).toBe('Deutsch');
    expect(languageName('ja')).toBe('日本語');
  });
});
