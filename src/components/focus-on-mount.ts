/**
 * Focuses an element as its screen appears (after Solid has attached it), so keyboard and screen-reader users start
 * at the top of the new screen rather than on a control that no longer exists.
 */
export function focusOnMount(el: HTMLElement): void {
  queueMicrotask(() => el.focus());
}
