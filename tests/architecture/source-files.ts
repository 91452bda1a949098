/** The repository's own sources, for tests that read the code itself (imports, literal choices). */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Generated output, installed packages and run data: none of it is the project's source. */
const SKIPPED = new Set(['node_modules', 'dist', 'data', '.e2e-data', 'test-results', 'playwright-report', '.git']);

export interface SourceFile {
  /** Relative to the repository root, with forward slashes (e.g. `server/app.ts`). */
  path: string;
  text: string;
}

/** Every TypeScript and JavaScript file under `folder` (relative to the repository root). */
export function sourceFiles(folder: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(tsx?|m?js)$/.test(entry.name)) {
        files.push({ path: relative(REPO_ROOT, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(join(REPO_ROOT, folder));
  return files;
}
