// One form's unsaved input, the same way in every form: while it differs from what the form
// started from it is kept as a draft (drafts.svelte: it survives a lock and comes back to the
// same form), and it is forgotten after a save or "Avbryt". Create it while the component is
// created (it sets up an effect and notices when the component goes away).

import { onDestroy, tick } from 'svelte';
import { clearDraft, keepDraft, takeDraft } from './drafts.svelte';

export class FormDraft<T> {
  /** The form's input; bind the fields to it. */
  value: T = $state() as T;
  /** The draft key of the form being edited; null while no form is open. */
  key: string | null = $state(null);
  #baseline = $state('');
  readonly #compared: (value: T) => string;
  #destroyed = false;

  /**
   * `value` is what the fields show before any form is started; `compared` is the input as
   * compared for "unsaved changes" (by default its JSON).
   */
  constructor(value: T, compared: (value: T) => string = (v) => JSON.stringify(v)) {
    this.value = value;
    this.#compared = compared;
    $effect(() => {
      const key = this.key;
      if (key === null) return;
      if (this.#compared(this.value) !== this.#baseline) keepDraft(key, this.value);
      else clearDraft(key);
    });
    onDestroy(() => {
      this.#destroyed = true;
    });
  }

  get open(): boolean {
    return this.key !== null;
  }

  /** Whether the open form has input that isn't saved. */
  get dirty(): boolean {
    return this.key !== null && this.#compared(this.value) !== this.#baseline;
  }

  /** Opens the form `key` with what a lock interrupted there, or else with `initial`. */
  start(key: string, initial: T): void {
    this.#baseline = this.#compared(initial);
    this.value = takeDraft<T>(key) ?? initial;
    this.key = key;
  }

  /** Empties an open form for the next entry (it stays open) and forgets its draft. */
  reset(initial: T): void {
    this.#baseline = this.#compared(initial);
    this.value = initial;
    this.forget();
  }

  /** Forgets the draft of the open form, which stays open (its input was just saved). */
  forget(): void {
    if (this.key !== null) clearDraft(this.key);
  }

  /**
   * Closes the form and forgets its draft (after a save, or "Avbryt"). `focusTo` is where the
   * keyboard goes on: on "Avbryt" the control that opened the form.
   */
  close(focusTo?: string): void {
    this.forget();
    this.key = null;
    if (focusTo !== undefined) void this.focus(focusTo);
  }

  /** Moves focus to `selector` once the page shows the change just made (if still shown). */
  async focus(selector: string): Promise<void> {
    await tick();
    if (this.#destroyed) return;
    document.querySelector<HTMLElement>(selector)?.focus();
  }

  /** Whether a lock interrupted the form `key` (its draft is waiting to come back). */
  static waiting(key: string): boolean {
    return takeDraft(key) !== null;
  }
}
