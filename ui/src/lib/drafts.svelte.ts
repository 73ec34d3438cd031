// Unsaved input survives a lock.
//
// When Tryggplan locks (button, Ctrl+L, idle timer) every screen is unmounted and the data it
// showed is dropped. What the user had typed but not yet saved is kept here — in this
// module's memory only, never in web storage or on disk — and handed back to the same form
// after the same profile unlocks. A save that fails because the session locked keeps its
// draft the same way, so nothing typed is silently lost.
//
// Forms call `keepDraft` whenever their input changes, `takeDraft` when they are created,
// and `clearDraft` after a successful save (or when the user discards).

const drafts = new Map<string, unknown>();

/** Remembers the current, unsaved input of the form `key` (e.g. "person:12" or "plan:4"). */
export function keepDraft(key: string, value: unknown): void {
  drafts.set(key, $state.snapshot(value));
}

/** The unsaved input of `key`, if a lock interrupted it. It stays kept until cleared. */
export function takeDraft<T>(key: string): T | null {
  const value = drafts.get(key);
  return value === undefined ? null : (structuredClone(value) as T);
}

export function clearDraft(key: string): void {
  drafts.delete(key);
}

/** Whether any form has unsaved input (shown on the unlock screen). */
export function draftCount(): number {
  return drafts.size;
}
