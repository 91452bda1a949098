import { describe, expect, it } from 'vitest';
import { RecordingBackend } from '../test-support/recording-backend.ts';
import { measureInjectionTiming } from './injection-timing.ts';

describe('measureInjectionTiming', () => {
  it('times N moves and N key presses, leaving no key down', async () => {
    const backend = new RecordingBackend({ width: 800, height: 600 });
    const timing = await measureInjectionTiming(backend, 50);
    expect(timing.backend).toBe('recording');
    expect(timing.pointerMove.count).toBe(50);
    expect(timing.keyPress.count).toBe(50);
    expect(timing.pointerMove.p99Ms).toBeGreaterThanOrEqual(timing.pointerMove.medianMs);
    const keys = backend.calls.filter((c) => c.call === 'key');
    expect(keys).toHaveLength(100);
    expect(keys.at(-1)).toEqual({ call: 'key', code: 'ShiftLeft', down: false });
    const moves = backend.calls.filter((c) => c.call === 'movePointer');
    expect(moves.every((m) => m.x >= 0 && m.x < 800 && m.y >= 0 && m.y < 600)).toBe(true);
  });
});
