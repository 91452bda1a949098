import { describe, expect, it } from 'vitest';
import { keyDownEvent } from './keyboard-input.ts';

const key = (over: Partial<Parameters<typeof keyDownEvent>[0]>) => ({
  key: 'a',
  code: 'KeyA',
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  isComposing: false,
  altGraph: false,
  ...over,
});

describe('keyDownEvent', () => {
  it('sends characters as text, in any script', () => {
    expect(keyDownEvent(key({ key: 'é', code: 'Digit2' }))).toEqual({ type: 'text', text: 'é' });
    expect(keyDownEvent(key({ key: 'م', code: 'KeyL' }))).toEqual({ type: 'text', text: 'م' });
    expect(keyDownEvent(key({ key: '@', code: 'KeyQ', altKey: true, altGraph: true }))).toEqual({
      type: 'text',
      text: '@',
    });
  });

  it('sends other keys and shortcuts as physical keys', () => {
    expect(keyDownEvent(key({ key: 'Enter', code: 'Enter' }))).toEqual({ type: 'key', code: 'Enter', down: true });
    expect(keyDownEvent(key({ key: 'c', code: 'KeyC', ctrlKey: true }))).toEqual({
      type: 'key',
      code: 'KeyC',
      down: true,
    });
    expect(keyDownEvent(key({ key: 'Shift', code: 'ShiftLeft' }))).toEqual({
      type: 'key',
      code: 'ShiftLeft',
      down: true,
    });
  });

  it('keeps Alt+Space for the app and leaves composition to the input method', () => {
    expect(keyDownEvent(key({ key: ' ', code: 'Space', altKey: true }))).toBeUndefined();
    expect(keyDownEvent(key({ key: 'Process', code: 'KeyN', isComposing: true }))).toBeUndefined();
  });
});
