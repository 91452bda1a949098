/** The running app's version, and comparison of dotted versions (major.minor.patch; a pre-release suffix is ignored). */
export const APP_VERSION: string = __APP_VERSION__;

function parts(version: string): number[] {
  return (version.split('-')[0] ?? '').split('.').map((p) => Number.parseInt(p, 10) || 0);
}

/** Negative if a < b, zero if equal, positive if a > b. */
export function compareVersions(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
