import { describe, expect, it } from 'vitest';
import { modeChangeKey } from './mode-notifications.ts';

describe('what a change of mode says', () => {
  it('names full control, view only and the end of sharing, in whichever order they come', () => {
    expect(modeChangeKey('none', 'view')).toBe('sharerStatus.nowViewing');
    expect(modeChangeKey('view', 'control')).toBe('sharerStatus.nowControlling');
    expect(modeChangeKey('none', 'control')).toBe('sharerStatus.nowControlling');
    expect(modeChangeKey('control', 'view')).toBe('sharerStatus.nowViewing');
    expect(modeChangeKey('control', 'none')).toBe('sharerStatus.stopped');
    expect(modeChangeKey('view', 'none')).toBe('sharerStatus.stopped');
  });

  it('says nothing when the mode stays', () => {
    for (const mode of ['none', 'view', 'control'] as const) expect(modeChangeKey(mode, mode)).toBeUndefined();
  });
});
