/**
 * Which part of the repository may import which. The app, the server and the agent are separate programs that share
 * only the protocol package (by name); the protocol depends on none of them. Inside the server, the domain (every
 * folder but the transports) knows nothing of HTTP or sockets. A rule is one entry of BOUNDARIES.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path/posix';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, type SourceFile, sourceFiles } from './source-files.ts';

interface Boundary {
  /** Files under these folders (repository paths, ending in '/')… */
  files: string[];
  /** …(tests among them unless this is false)… */
  tests?: boolean;
  /** …may not import anything under these. */
  mayNotImport: string[];
  why: string;
}

/** The server's transports: HTTP (server/api/) and the WebSocket (server/ws/). */
const SERVER_TRANSPORTS = ['server/api/', 'server/ws/'];
/** Every other folder of the server is its domain, including folders added later. */
const SERVER_DOMAIN = readdirSync(join(REPO_ROOT, 'server'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => `server/${entry.name}/`)
  .filter((folder) => !SERVER_TRANSPORTS.includes(folder));

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
    files: SERVER_DOMAIN,
    // A domain unit test may put the domain together with the real socket layer, as the app does.
    tests: false,
    mayNotImport: SERVER_TRANSPORTS,
    why: 'the domain refuses with a Refusal and tells people through the Notifier; HTTP and sockets depend on it, not it on them',
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
      if (boundary.tests === false && /\.test\.tsx?$/.test(file.path)) continue;
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
    ['server/sessions/x.ts', "import type { SocketHub } from '../ws/socket-hub.ts';"],
    ['server/pairing/x.ts', "import { parseRequest } from '../api/error-replies.ts';"],
  ])('are found: %s with %s', (path, text) => {
    expect(boundaryViolations([{ path, text }])).toHaveLength(1);
  });

  it.each([
    // The app's own agent link (src/agent/) is the app's, not the agent's.
    ['src/app/x.ts', "import { makeAgentLink } from '../agent/agent-link.ts';"],
    ['server/api/x.ts', "import { sessionSchema } from '@remote-help/protocol/domain';"],
    ['agent/src/x.ts', "import { log } from './log.ts';"],
    ['server/api/x.ts', "import type { LiveSessions } from '../sessions/live-sessions.ts';"],
    ['server/ws/x.ts', "import type { Notifier } from '../domain/notifier.ts';"],
    ['server/sessions/x.test.ts', "import { Connections } from '../ws/connections.ts';"],
  ])('let the rest through: %s with %s', (path, text) => {
    expect(boundaryViolations([{ path, text }])).toEqual([]);
  });
});
