import { describe, expect, it } from 'vitest';
import { makeDiagnosticsLog } from './diagnostics-log.ts';

describe('diagnostics log', () => {
  it('keeps only the newest entries up to its limit', () => {
    const log = makeDiagnosticsLog(3);
    for (let i = 0; i < 5; i += 1) log.record('tick', { i });
    expect(log.entries().map((e) => e.detail?.i)).toEqual([2, 3, 4]);
  });

  it('removes anything shaped like a token and cuts long strings', () => {
    const log = makeDiagnosticsLog();
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGV4In0.c2lnbmF0dXJl';
    log.record('api.failed', { message: `Bearer ${jwt}`, long: 'x'.repeat(500) });
    const [entry] = log.entries();
    expect(JSON.stringify(entry)).not.toContain('eyJhbGciOiJSUzI1NiJ9');
    expect(String(entry?.detail?.long).length).toBe(120);
  });
});
