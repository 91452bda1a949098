/**
 * Fetches an npm package's tarball with `npm pack` (the registry is the one source the build may use) into the
 * build cache and unpacks it once; later builds reuse it. Used for the Windows node.exe, the Linux node that
 * writes the program's blob, and koffi's Windows binary, none of which npm installs on Linux.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** The unpacked package's folder (its `package/` inside the tarball). */
export function unpackedPackage(spec: string, cacheDir: string): string {
  const name = spec.replace(/^@/, '').replace(/[/@]/g, '-');
  const target = join(cacheDir, name);
  if (existsSync(join(target, 'package.json'))) return target;
  mkdirSync(cacheDir, { recursive: true });
  const before = new Set(readdirSync(cacheDir));
  const output = execFileSync('npm', ['pack', spec, '--pack-destination', cacheDir, '--json', '--silent'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [packed] = JSON.parse(output) as { filename: string }[];
  const tarball = packed?.filename ?? readdirSync(cacheDir).find((f) => !before.has(f) && f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack ${spec} made no tarball`);
  const unpacking = `${target}.unpacking`;
  rmSync(unpacking, { recursive: true, force: true });
  mkdirSync(unpacking, { recursive: true });
  execFileSync('tar', ['-xzf', join(cacheDir, tarball), '-C', unpacking, '--strip-components=1']);
  rmSync(target, { recursive: true, force: true });
  renameSync(unpacking, target);
  rmSync(join(cacheDir, tarball), { force: true });
  return target;
}
