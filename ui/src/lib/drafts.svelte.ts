// Unsaved input survives a lock.
//
// When Tryggplan locks (button, Ctrl+L, idle timer, screen lock, suspend) every screen is
// unmounted and the shell then replaces the whole page (issue 18: nothing that ran before a
// lock survives it). What the user had typed but not yet saved is kept here while unlocked —
// in this module's memory only, never in web storage or on disk — and at the lock it is
// handed to the shell together with the route (ids only) (`handoverJson`): the shell keeps it
// in its memory while locked and gives it back only after the next unlock (`restoreHandover`),
// to the same form. A save that fails because the session locked keeps its draft the same
// way, so nothing typed is silently lost. After a lock the shell forced (idle, screen lock,
// suspend) the page has a short time to hand over; a page that can't (hung) loses them.
//
// Forms call `keepDraft` whenever their input changes, `takeDraft` when they are created,
// and `clearDraft` after a successful save (or when the user discards).

import { nav, type Route } from './route.svelte';

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

/** What the page hands the shell at a lock: every draft and the route (ids only), as JSON. */
export function handoverJson(): string {
  return JSON.stringify({ drafts: [...drafts.entries()], route: $state.snapshot(nav.route) });
}

/** After an unlock: the drafts and route the shell kept since the lock (see `handoverJson`).
 * Anything that doesn't have the shape `handoverJson` gives is ignored. */
export function restoreHandover(json: string | null): void {
  if (json === null) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return;
  }
  if (typeof parsed !== 'object' || parsed === null) return;
  const { drafts: entries, route } = parsed as { drafts?: unknown; route?: unknown };
  if (Array.isArray(entries)) {
    for (const entry of entries) {
      if (Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string') {
        drafts.set(entry[0], entry[1]);
      }
    }
  }
  if (typeof route === 'object' && route !== null && typeof (route as { name?: unknown }).name === 'string') {
    nav.route = route as Route;
  }
}
