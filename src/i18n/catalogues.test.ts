import { describe, expect, it } from 'vitest';
import { type Catalogue, en } from './catalogues/en.ts';
import { LANGUAGES } from './languages.ts';

type Tree = { [key: string]: string | Tree };

const modules = import.meta.glob<{ catalogue: Catalogue }>(['./catalogues/*.ts', '!./catalogues/en.ts'], {
  eager: true,
});
const PLURAL_GROUPS = new Set(['chat.overBy']);
const CATEGORIES = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);

/** Leaf messages by dotted key; a plural group is one entry holding its forms. */
function leaves(tree: Tree, prefix = ''): Map<string, string | Tree> {
  const out = new Map<string, string | Tree>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string' || PLURAL_GROUPS.has(path)) out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
}

const english = leaves(en as unknown as Tree);
const others = LANGUAGES.filter((l) => l !== 'en');

describe('message catalogues', () => {
  it('exist for every language of spec 7, and for no other', () => {
    const files = Object.keys(modules)
      .map((p) => p.replace('./catalogues/', '').replace('.ts', ''))
      .sort();
    expect(files).toEqual([...others].sort());
  });

  describe.each(others)('%s', (language) => {
    const catalogue = modules[`./catalogues/${language}.ts`]?.catalogue as unknown as Tree | undefined;
    const messages = catalogue ? leaves(catalogue) : new Map<string, string | Tree>();

    it('has exactly the English keys', () => {
      expect(catalogue, `${language}: catalogue missing`).toBeDefined();
      const missing = [...english.keys()].filter((k) => !messages.has(k));
      const extra = [...messages.keys()].filter((k) => !english.has(k));
      expect(missing, `${language} lacks these keys`).toEqual([]);
      expect(extra, `${language} has keys English does not`).toEqual([]);
    });

    it('uses the same placeholders as English in every message', () => {
      for (const [key, source] of english) {
        const target = messages.get(key);
        if (typeof source !== 'string' || typeof target !== 'string') continue;
        expect(placeholders(target), `${language} ${key}`).toEqual(placeholders(source));
      }
    });

    it('has one form per plural category of the language, each with the count', () => {
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      for (const group of PLURAL_GROUPS) {
        const forms = messages.get(group);
        expect(typeof forms, `${language} ${group}`).toBe('object');
        const keys = Object.keys(forms as Tree);
        for (const key of keys) expect(CATEGORIES.has(key), `${language} ${group}.${key}`).toBe(true);
        expect(keys.sort(), `${language} ${group} categories`).toEqual([...categories].sort());
        for (const form of Object.values(forms as Tree)) {
          expect(placeholders(String(form)), `${language} ${group}`).toEqual(['count']);
        }
      }
    });

    it('is translated, not a copy of English', () => {
      let same = 0;
      let total = 0;
      for (const [key, source] of english) {
        const target = messages.get(key);
        if (typeof source !== 'string' || source.length < 12) continue;
        total += 1;
        if (target === source) same += 1;
      }
      expect(same / total, `${language}: share of messages identical to English`).toBeLessThan(0.05);
    });
  });
});
