/**
 * simple-peer and its stream library were written for Node: they look for `global` and `process.nextTick`.
 * Importing this module before simple-peer gives them just that, nothing more.
 */
const scope = globalThis as unknown as { global?: unknown; process?: unknown };
scope.global ??= globalThis;
scope.process ??= {
  env: {},
  browser: true,
  nextTick: (fn: (...args: unknown[]) => void, ...args: unknown[]) => queueMicrotask(() => fn(...args)),
};
