/**
 * koffi inside remote-help-agent.exe: the build replaces `import koffi from 'koffi'` with this module. A single
 * executable can only load a native module from a file, so the koffi.node embedded as an asset is written once to
 * the user's local app-data folder (named by its hash, and checked against it before every load, so a file
 * changed there is replaced rather than loaded) and loaded from there.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAsset } from 'node:sea';
import type koffiModule from 'koffi';

type Koffi = typeof koffiModule;

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function readIfSame(file: string, hash: string): boolean {
  try {
    return sha256(readFileSync(file)) === hash;
  } catch {
    return false;
  }
}

function extract(): string {
  const bytes = new Uint8Array(getAsset('koffi.node'));
  const hash = sha256(bytes);
  const base = process.env.LOCALAPPDATA ?? tmpdir();
  const dir = join(base, 'Remote Help Agent', 'native');
  const file = join(dir, `koffi-${hash.slice(0, 16)}.node`);
  if (!readIfSame(file, hash)) {
    mkdirSync(dir, { recursive: true });
    // Written aside and renamed, so two agents starting at once never load a half-written file.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, bytes);
    renameSync(partial, file);
  }
  return file;
}

function load(): Koffi {
  const module = { exports: {} as unknown };
  process.dlopen(module, extract());
  return module.exports as Koffi;
}

const koffi: Koffi = load();
export default koffi;
