import { createSignal, For } from 'solid-js';
import { t } from '../i18n/i18n.ts';

/**
 * One place where session events are spoken by screen readers (spec 7): a log region that exists from the start, so
 * each new line is announced, visually hidden. The last few lines are kept; older ones have been read.
 */
const KEPT = 5;
let next = 0;
const [lines, setLines] = createSignal<{ id: number; text: string }[]>([]);

export function announce(text: string): void {
  next += 1;
  const line = { id: next, text };
  setLines((all) => [...all, line].slice(-KEPT));
}

export function Announcer() {
  return (
    <div class="sr-only" role="log" aria-live="polite" aria-label={t('announce.region')}>
      <For each={lines()}>{(line) => <p>{line.text}</p>}</For>
    </div>
  );
}
