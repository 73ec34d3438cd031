// Focus that follows the work (issue 19). After an action the keyboard user goes on from where
// the work went: the new screen's heading (an h1 or h2 with tabindex="-1"), the control that
// opened a form just closed, or the first field with a problem — never the page body, where the
// next Tab starts again from the top of the window. One place for every screen.

/** The wait in flight: a newer move replaces it (the latest action decides). */
let pending: (() => void) | null = null;

/**
 * Moves focus to what `selector` names as soon as it is in the page: a screen that loads its
 * data shows its heading a moment later, and a "Hämtar…" heading may be replaced by the real
 * one (then focus follows to the new element). Gives up after `waitMs`, or as soon as the
 * user presses a key, clicks, or has put focus somewhere else.
 */
export function focusWhenShown(selector: string, waitMs = 5000): void {
  pending?.();
  // The control the action started from (the button just pressed) until the page changes.
  const from = document.activeElement;
  let target: HTMLElement | null = null;
  let observer: MutationObserver | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  // Focus put anywhere else (by the user, or by the screen itself: a form focusing its first
  // field) ends the wait.
  const moved = (event: FocusEvent) => {
    if (event.target !== target) stop();
  };

  const stop = () => {
    observer?.disconnect();
    observer = null;
    document.removeEventListener('pointerdown', stop, true);
    document.removeEventListener('keydown', stop, true);
    document.removeEventListener('focusin', moved, true);
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pending === stop) pending = null;
  };

  /** Whether focus is still where the action left it (nowhere, or on what we focused). */
  const ours = () => {
    const active = document.activeElement;
    return (
      active === null ||
      active === document.body ||
      active === from ||
      active === target ||
      !active.isConnected
    );
  };

  const attempt = () => {
    if (!ours()) {
      stop();
      return;
    }
    const found = document.querySelector<HTMLElement>(selector);
    if (found === null || found === document.activeElement) return;
    target = found;
    found.focus();
  };

  pending = stop;
  observer = new MutationObserver(attempt);
  observer.observe(document.body, { childList: true, subtree: true });
  timer = setTimeout(stop, waitMs);
  // Once the user acts again, where focus goes is theirs.
  document.addEventListener('pointerdown', stop, true);
  document.addEventListener('keydown', stop, true);
  document.addEventListener('focusin', moved, true);
  attempt();
}

/**
 * Moves focus to the first of `ids` that is in the page (a form's first field with a problem,
 * in the form's order) and brings it, with its label and the message beside it, into the
 * window. Returns whether one was found.
 */
export function focusFirst(ids: string[]): boolean {
  for (const id of ids) {
    const el = document.getElementById(id);
    if (el === null) continue;
    el.focus({ preventScroll: true });
    // The field's block (label, field, message beside it) when it fits the window, else the
    // field itself.
    const block = el.closest<HTMLElement>('.field, .check, fieldset');
    const fits = block !== null && block.getBoundingClientRect().height < window.innerHeight * 0.8;
    (fits ? block : el).scrollIntoView({ block: 'center' });
    return true;
  }
  return false;
}

/**
 * Escape closes a form the way its "Avbryt" does (issue 19): give the form's `onkeydown` the
 * same function its "Avbryt" button runs. A key another control used already (an open list
 * closing, text being composed) is left alone.
 */
export function escapeCancels(cancel: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    // A held key's repeats are not a new press: Escape held down (or a key whose release was
    // lost when a native dialog closed on its press) never closes a form opened after it.
    if (event.key !== 'Escape' || event.repeat || event.defaultPrevented || event.isComposing) return;
    event.preventDefault();
    cancel();
  };
}
