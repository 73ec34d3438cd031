// The tabs pattern of the case and SIP screens (WAI-ARIA "Tabs with automatic activation"):
// only the selected tab is in the Tab order (tabindex 0, the others -1); the arrow keys move
// from the focused tab to the next or previous one and select it, Home and End to the first and
// last. One place, so both screens behave the same.
import { tick } from 'svelte';

/** Handles a key on the tab at `index` of `tabs`: selects the tab the key moves to and puts
 * focus on it (`idOf` names a tab's button). Other keys are left alone. */
export function onTabKeydown<T>(
  event: KeyboardEvent,
  index: number,
  tabs: readonly T[],
  select: (tab: T) => void,
  idOf: (tab: T) => string,
): void {
  const n = tabs.length;
  let next = -1;
  if (event.key === 'ArrowRight') next = (index + 1) % n;
  else if (event.key === 'ArrowLeft') next = (index - 1 + n) % n;
  else if (event.key === 'Home') next = 0;
  else if (event.key === 'End') next = n - 1;
  if (next < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
  event.preventDefault();
  const to = tabs[next];
  select(to);
  void tick().then(() => document.getElementById(idOf(to))?.focus());
}
