/**
 * The code cites the product's behaviour as "spec N" or "spec N.N" (also lists and ranges: "spec 3.2, 5.1",
 * "spec 4.3–4.5"). Those numbers are section headings of docs/ (docs/product.md): this test fails, naming the file,
 * the line and the number, when a citation has no heading to land on, so a comment can never point nowhere.
 */
import { type Dirent, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
/** Where the project's TypeScript lives (folders that do not exist yet are skipped). */
const SOURCE_FOLDERS = ['src', 'server', 'agent', 'packages', 'tests', 'e2e', 'bench'];
const SKIPPED = new Set(['node_modules', 'dist', '.e2e-data', 'test-results', 'data']);
const DOCS = join(ROOT, 'docs');

function filesUnder(folder: string, keep: (name: string) => boolean): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : filesUnder(path, keep);
    return keep(entry.name) ? [path] : [];
  });
}

/** "spec" (any case, optionally "§"), then a number and more numbers joined by commas, "and", or range dashes. */
const CITATION = /\bspec\s+§?\s*(\d+(?:\.\d+)?(?:\s*(?:,|and|&|[-–—])\s*§?\s*\d+(?:\.\d+)?)*)/gi;

/** The section numbers one citation names; a range of subsections ("4.3–4.5") names every one between. */
function sectionsCited(text: string): string[] {
  const sections: string[] = [];
  for (const match of text.matchAll(CITATION)) {
    const list = match[1] ?? '';
    const parts = list.split(/\s*(,|and|&|[-–—])\s*/).map((p) => p.replace('§', '').trim());
    for (let i = 0; i < parts.length; i += 2) {
      const part = parts[i] ?? '';
      const joiner = parts[i - 1];
      const previous = parts[i - 2];
      if (joiner && /[-–—]/.test(joiner) && previous) sections.push(...between(previous, part));
      else sections.push(part);
    }
  }
  return [...new Set(sections)];
}

/** The sections strictly after `from` up to and including `to`, when both are subsections of one chapter. */
function between(from: string, to: string): string[] {
  const [fromChapter, fromSection] = from.split('.').map(Number);
  const [toChapter, toSection] = to.split('.').map(Number);
  if (fromChapter !== toChapter || fromSection === undefined || toSection === undefined || toSection < fromSection) {
    return [to];
  }
  const numbers: string[] = [];
  for (let n = fromSection + 1; n <= toSection; n += 1) numbers.push(`${fromChapter}.${n}`);
  return numbers;
}

/** Section numbers of Markdown headings: "## 4. The session" → "4", "### 4.9 Network faults" → "4.9". */
function headingNumbers(markdown: string): string[] {
  return [...markdown.matchAll(/^#{1,6}[ \t]+§?[ \t]*(\d+(?:\.\d+)*)\.?[ \t]/gm)].map((m) => m[1] ?? '');
}

interface Citation {
  file: string;
  line: number;
  section: string;
}

function citationsIn(files: string[]): Citation[] {
  return files.flatMap((path) =>
    readFileSync(path, 'utf8')
      .split('\n')
      .flatMap((text, index) =>
        sectionsCited(text).map((section) => ({ file: relative(ROOT, path), line: index + 1, section })),
      ),
  );
}

/** Every citation without a heading, as "file:line cites spec N". */
function unresolved(citations: Citation[], headings: Iterable<string>): string[] {
  const known = new Set(headings);
  return citations
    .filter((c) => !known.has(c.section))
    .map((c) => `${c.file}:${c.line} cites spec ${c.section}, which has no heading in docs/`);
}

const sourceFiles = SOURCE_FOLDERS.flatMap((folder) =>
  filesUnder(join(ROOT, folder), (name) => name.endsWith('.ts') || name.endsWith('.tsx')),
);
const docHeadings = filesUnder(DOCS, (name) => name.endsWith('.md')).flatMap((path) =>
  headingNumbers(readFileSync(path, 'utf8')),
);

describe('spec references in the code', () => {
  it('each name a section heading of docs/', () => {
    const citations = citationsIn(sourceFiles);
    // The scan found the code's citations at all (a broken pattern would pass vacuously).
    expect(citations.length).toBeGreaterThan(0);
    expect(unresolved(citations, docHeadings)).toEqual([]);
  });

  it('land on one heading each: no section number is used twice in docs/', () => {
    const seen = new Set<string>();
    const twice = docHeadings.filter((n) => seen.has(n) || !seen.add(n));
    expect(twice).toEqual([]);
  });
});

describe('reading citations', () => {
  // Built from parts, so this file does not itself cite sections that do not exist.
  const cite = (numbers: string) => `${'spec'} ${numbers}`;

  it('reads single numbers, lists and ranges, in any case', () => {
    expect(sectionsCited(`/** Leave (${cite('4.8')}). */`)).toEqual(['4.8']);
    expect(sectionsCited(`// the languages of ${cite('7')} and more`)).toEqual(['7']);
    expect(sectionsCited(`(${cite('3.2, 5.1, 5.2')})`)).toEqual(['3.2', '5.1', '5.2']);
    expect(sectionsCited(`(${cite('4.1, 4.3–4.5, 4.8–4.9')})`)).toEqual(['4.1', '4.3', '4.4', '4.5', '4.8', '4.9']);
    expect(sectionsCited(` * Spec 4.2: once the mode is set`)).toEqual(['4.2']);
    expect(sectionsCited(`(${cite('4.10')}: idle timeout)`)).toEqual(['4.10']);
    expect(sectionsCited(`(${cite('§ 4.9')})`)).toEqual(['4.9']);
  });

  it('ignores what is not a citation', () => {
    expect(sectionsCited(`/** The test function for every spec: each test's contexts are closed. */`)).toEqual([]);
    expect(sectionsCited(`import { test } from './pairing.spec.ts';`)).toEqual([]);
  });

  it('reads heading numbers, not numbers in text', () => {
    const markdown = ['# Title', '## 4. The session', '### 4.10 Limits', 'Text with 5.3 in it.', '#### 9 Planned'];
    expect(headingNumbers(markdown.join('\n'))).toEqual(['4', '4.10', '9']);
  });

  it('names the file, the line and the number of a citation that has no heading', () => {
    const citations = [
      { file: 'server/example.ts', line: 3, section: '4.9' },
      { file: 'src/example.ts', line: 12, section: '4.11' },
    ];
    expect(unresolved(citations, ['4', '4.9', '4.10'])).toEqual([
      `src/example.ts:12 cites ${cite('4.11')}, which has no heading in docs/`,
    ]);
  });
});
