// Tells the backend that the person is active, so its idle auto-lock timer is
// reset. Throttled: at most one `touch_activity` call per 15 seconds. If
// activity happens during the quiet period, one trailing call is sent when the
// period ends, so the backend never sees the person as idle too early.

import { isLockedError, touchActivity } from './api';

export const ACTIVITY_THROTTLE_MS = 15_000;

const EVENTS = ['keydown', 'pointerdown', 'wheel'] as const;

export function startActivityReporting(onLocked: () => void): () => void {
  let lastSent = 0;
  let trailing: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const send = () => {
    if (stopped) return;
    lastSent = Date.now();
    touchActivity().catch((error: unknown) => {
      if (!stopped && isLockedError(error)) onLocked();
      // Other failures are not actionable for the person; the next activity tries again.
    });
  };

  const onActivity = () => {
    if (stopped) return;
    const elapsed = Date.now() - lastSent;
    if (elapsed >= ACTIVITY_THROTTLE_MS) {
      send();
    } else if (trailing === null) {
      trailing = setTimeout(() => {
        trailing = null;
        send();
      }, ACTIVITY_THROTTLE_MS - elapsed);
    }
  };

  const options: AddEventListenerOptions = { capture: true, passive: true };
  for (const name of EVENTS) window.addEventListener(name, onActivity, options);

  return () => {
    stopped = true;
    if (trailing !== null) clearTimeout(trailing);
    trailing = null;
    for (const name of EVENTS) window.removeEventListener(name, onActivity, options);
  };
}
