// Typed wrapper around the Tauri IPC commands of Tryggplan.
//
// Every function either resolves with the typed result or rejects with an
// `IpcError` ({ kind, message }). `message` is a Swedish sentence that can be
// shown to the user as it is. Anything unexpected (a thrown Error, a string,
// no Tauri runtime at all) is converted into kind "internal".

import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { CaseSummary } from './bindings/CaseSummary';
import type { ErrorKind } from './bindings/ErrorKind';
import type { IpcError } from './bindings/IpcError';
import type { LockedEvent } from './bindings/LockedEvent';
import type { SessionStatus } from './bindings/SessionStatus';
import type { Settings } from './bindings/Settings';

export type { CaseSummary, ErrorKind, IpcError, LockedEvent, SessionStatus, Settings };

export const INTERNAL_ERROR_MESSAGE =
  'Något oväntat gick fel i Tryggplan. Försök igen. Om felet finns kvar, starta om programmet.';

const ERROR_KINDS: ReadonlySet<string> = new Set<ErrorKind>([
  'locked',
  'wrongPassphrase',
  'tooManyAttempts',
  'passphraseTooShort',
  'passphraseMismatch',
  'keyringUnavailable',
  'keyMissing',
  'damagedOrWrongKey',
  'alreadySetUp',
  'storage',
  'invalidInput',
  'internal',
]);

export function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.kind === 'string' && ERROR_KINDS.has(v.kind) && typeof v.message === 'string';
}

/** Converts any rejection value into an IpcError. */
export function toIpcError(value: unknown): IpcError {
  if (isIpcError(value)) {
    return {
      kind: value.kind,
      message: value.message.trim() === '' ? INTERNAL_ERROR_MESSAGE : value.message,
    };
  }
  return { kind: 'internal', message: INTERNAL_ERROR_MESSAGE };
}

/** True when the error means the session is locked (the UI must show the unlock screen). */
export function isLockedError(value: unknown): boolean {
  return isIpcError(value) && value.kind === 'locked';
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toIpcError(error);
  }
}

export function sessionStatus(): Promise<SessionStatus> {
  return call<SessionStatus>('session_status');
}

export function setupPassphrase(passphrase: string, confirmation: string): Promise<SessionStatus> {
  return call<SessionStatus>('setup_passphrase', { passphrase, confirmation });
}

export function unlock(passphrase: string): Promise<SessionStatus> {
  return call<SessionStatus>('unlock', { passphrase });
}

export function lock(): Promise<SessionStatus> {
  return call<SessionStatus>('lock');
}

export function touchActivity(): Promise<void> {
  return call<void>('touch_activity');
}

export function listCases(query: string): Promise<CaseSummary[]> {
  return call<CaseSummary[]>('list_cases', { query });
}

export function getSettings(): Promise<Settings> {
  return call<Settings>('get_settings');
}

export function setAutoLockMinutes(minutes: number): Promise<Settings> {
  return call<Settings>('set_auto_lock_minutes', { minutes });
}

export function reportFirstPaint(): Promise<void> {
  return call<void>('report_first_paint');
}

/**
 * Listens for the backend's `session-locked` event. Resolves with a function
 * that stops listening. Rejects with an IpcError if listening is impossible.
 */
export async function onSessionLocked(handler: (event: LockedEvent) => void): Promise<() => void> {
  try {
    return await listen<LockedEvent>('session-locked', (event) => handler(event.payload));
  } catch (error) {
    throw toIpcError(error);
  }
}
