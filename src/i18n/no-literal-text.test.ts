/**
 * Every word a person sees comes from the catalogue: this reads the components' source and fails on text written
 * straight into JSX — text between tags, string children, and string values of attributes people read or hear.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..');
const READ_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'title',
  'placeholder',
  'alt',
]);
/** Characters that are not words: punctuation and symbols between translated pieces are fine. */
const WORDLESS = /^[\s\p{P}\p{S}\d]*$/u;

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(path);
    return entry.name.endsWith('.tsx') ? [path] : [];
  });
}

function literalTexts(path: string, source: string): string[] {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const where = (node: ts.Node) =>
    `${relative(SRC, path)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && !WORDLESS.test(node.text)) found.push(`${where(node)} text "${node.text.trim()}"`);
    if (
      ts.isJsxExpression(node) &&
      node.expression &&
      (ts.isStringLiteral(node.expression) || ts.isNoSubstitutionTemplateLiteral(node.expression)) &&
      (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent)) &&
      !WORDLESS.test(node.expression.text)
    ) {
      found.push(`${where(node)} child "${node.expression.text}"`);
    }
    if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText())) {
      const value = node.initializer;
      const text =
        value && ts.isStringLiteral(value)
          ? value.text
          : value && ts.isJsxExpression(value) && value.expression && ts.isStringLiteral(value.expression)
            ? value.expression.text
            : undefined;
      if (text !== undefined && !WORDLESS.test(text)) found.push(`${where(node)} ${node.name.getText()}="${text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('text in components', () => {
  it('finds literal text, so the check below can fail', () => {
    const sample = `const a = <p title="Hello">Hi {'there'} <b aria-label={'Bold'}>{t('x')}</b> · 3</p>;`;
    expect(literalTexts('sample.tsx', sample)).toHaveLength(4);
  });

  it('has none outside the catalogue', () => {
    const found = tsxFiles(SRC).flatMap((path) => literalTexts(path, readFileSync(path, 'utf8')));
    expect(found).toEqual([]);
  });
});
