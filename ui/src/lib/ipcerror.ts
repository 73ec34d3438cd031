// Every rejection the UI sees is typed ({ kind, message }, issue 18). Kept apart from api.ts
// (no Tauri import) so that the shell's test runs it on Tauri's real rejection strings
// (`every_rejection_the_ui_sees_is_typed` in src-tauri/src/commands/mod.rs).

import type { ErrorKind } from './bindings/ErrorKind';
import type { IpcError } from './bindings/IpcError';

export const INTERNAL_ERROR_MESSAGE =
  'Något oväntat gick fel i Tryggplan. Försök igen. Om felet finns kvar, starta om programmet.';

// Every kind the core has: a kind added in Rust and not here fails the type check.
const KINDS: Record<ErrorKind, true> = {
  locked: true,
  wrongPassphrase: true,
  tooManyAttempts: true,
  passphraseTooShort: true,
  passphraseMismatch: true,
  keyringUnavailable: true,
  keyMissing: true,
  damagedOrWrongKey: true,
  recoveryKeyMistyped: true,
  wrongRecoveryKey: true,
  backupRefused: true,
  alreadySetUp: true,
  storage: true,
  invalidInput: true,
  refused: true,
  frozen: true,
  notFound: true,
  notOpened: true,
  internal: true,
  searchLimited: true,
  ipc: true,
};
const ERROR_KINDS: ReadonlySet<string> = new Set(Object.keys(KINDS));

export function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.kind === 'string' && ERROR_KINDS.has(v.kind) && typeof v.message === 'string';
}

export const IPC_ERROR_MESSAGE =
  'Tryggplan kunde inte utföra det du bad om: fönstret skickade en begäran som programmet inte ' +
  'tar emot. Ingenting har sparats eller ändrats. Lås Tryggplan och lås upp igen (då laddas ' +
  'fönstret om) och försök en gång till. Kontakta IT-stöd om felet finns kvar.';

/** Converts any rejection value into an IpcError. Tauri's own refusals (plain strings, never
 * shown: they name commands and types) become kind "ipc". */
export function toIpcError(value: unknown): IpcError {
  if (isIpcError(value)) {
    const out: IpcError = {
      kind: value.kind,
      message: value.message.trim() === '' ? INTERNAL_ERROR_MESSAGE : value.message,
    };
    // Which rule said no (kind "refused"): the one thing to switch on, never the wording.
    if (value.kind === 'refused' && typeof value.reason === 'string') out.reason = value.reason;
    return out;
  }
  if (typeof value === 'string') return { kind: 'ipc', message: IPC_ERROR_MESSAGE };
  return { kind: 'internal', message: INTERNAL_ERROR_MESSAGE };
}
