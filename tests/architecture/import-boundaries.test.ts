/**
 * Which part of the repository may import which. The app, the server and the agent are separate programs that share
 * only the protocol package (by name); the protocol depends on none of them. A rule is one entry of BOUNDARIES: e.g.
 * "no domain module imports the HTTP or socket layer" is `{ files: ['server/pairing/', 'server/sessions/', …],
 * mayNotImport: ['server/api/', 'server/ws/'], why: … }`.
 */
import { dirname, join, normalize } from 'node:path/posix';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { type SourceFile, sourceFiles } from './source-files.ts';

interface Boundary {
  /** Files under these folders (repository paths, ending in '/')… */
  files: string[];
  /** …may not import anything under these. */
  mayNotImport: string[];
  why: string;
}

const BOUNDARIES: Boundary[] = [
  {
    files: ['server/', 'agent/'],
    mayNotImport: ['src/'],
    why: 'the app is the browser program; what the server and agent share with it is in @remote-help/protocol',
  },
  {
    files: ['agent/'],
    mayNotImport: ['server/'],
    why: 'the agent runs on the sharer’s computer and is published on its own; it talks to the server over the wire',
  },
  {
    files: ['src/'],
    mayNotImport: ['server/', 'agent/'],
    why: 'the app runs in the browser; it reaches the server and the agent only over the wire',
  },
  {
    files: ['packages/protocol/'],
    mayNotImport: ['src/', 'server/', 'agent/'],
    why: 'the protocol is what the programs share; it depends on none of them',
  },
];

/** The folders the rules look at: every file in them is read. */
const SCANNED = ['src', 'server', 'agent', 'packages/protocol'];

interface Violation {
  file: string;
  imports: string;
  why: string;
}

/** Relative imports as repository paths; imports by package name (including the protocol's) are left out. */
function importedPaths(file: SourceFile): { specifier: string; target: string }[] {
  return ts
    .preProcessFile(file.text, true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => ({ specifier, target: normalize(join(dirname(file.path), specifier)) }));
}

function boundaryViolations(files: SourceFile[], boundaries: Boundary[] = BOUNDARIES): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    for (const boundary of boundaries) {
      if (!boundary.files.some((folder) => file.path.startsWith(folder))) continue;
      for (const { specifier, target } of importedPaths(file)) {
        if (boundary.mayNotImport.some((folder) => target.startsWith(folder))) {
          violations.push({ file: file.path, imports: specifier, why: boundary.why });
        }
      }
    }
  }
  return violations;
}

describe('import boundaries', () => {
  it('hold across the repository', () => {
    const files = SCANNED.flatMap((folder) => sourceFiles(folder));
    expect(files.length).toBeGreaterThan(200);
    expect(boundaryViolations(files)).toEqual([]);
  });

  it.each([
    ['server/api/x.ts', "import { a } from '../../src/protocol/schema.ts';"],
    ['agent/src/x.ts', "export { b } from '../../server/app.ts';"],
    ['agent/src/x.ts', "const c = await import('../../src/app/version.ts');"],
    ['src/app/x.ts', "import type { D } from '../../agent/src/config.ts';"],
    ['packages/protocol/src/x.ts', "import '../../../server/config.ts';"],
  ])('are found: %s with %s', (path, text) => {
    expect(boundaryViolations([{ path, text }])).toHaveLength(1);
  });

  it.each([
    // The app's own agent link (src/agent/) is the app's, not the agent's.
    ['src/app/x.ts', "import { makeAgentLink } from '../agent/agent-link.ts';"],
    ['server/api/x.ts', "import { sessionSchema } from '@remote-help/protocol/domain';"],
    ['agent/src/x.ts', "import { log } from './log.ts';"],
  ])('let the rest through: %s with %s', (path, text) => {
    expect(boundaryViolations([{ path, text }])).toEqual([]);
  });
});
