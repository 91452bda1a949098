import { createSignal } from 'solid-js';

/**
 * One place where session events are spoken by screen readers (spec 7): regions that exist from the start, so a
 * change is announced, and are cleared first so the same words twice are announced twice.
 */
const [polite, setPolite] = createSignal('');
const [assertive, setAssertive] = createSignal('');

export function announce(text: string, urgency: 'polite' | 'assertive' = 'polite'): void {
  const set = urgency === 'polite' ? setPolite : setAssertive;
  set('');
  requestAnimationFrame(() => set(text));
}

export function Announcer() {
  return (
    <div class="sr-only">
      <div role="status" aria-live="polite" aria-atomic="true">
        {polite()}
      </div>
      <div role="alert" aria-live="assertive" aria-atomic="true">
        {assertive()}
      </div>
    </div>
  );
}
