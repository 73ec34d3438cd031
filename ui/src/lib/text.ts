// Small Swedish text helpers shared by the screens.

import type { LockReason } from './bindings/LockReason';

export function minutes(n: number): string {
  return n === 1 ? '1 minut' : `${n} minuter`;
}

export function characters(n: number): string {
  return n === 1 ? '1 tecken' : `${n} tecken`;
}

export function cases(n: number): string {
  return n === 1 ? '1 ärende' : `${n} ärenden`;
}

/** Counts characters the way a person does (Unicode code points, not UTF-16 units). */
export function charCount(value: string): number {
  return Array.from(value).length;
}

export function lockNotice(reason: LockReason, autoLockMinutes: number): string {
  switch (reason) {
    case 'idle':
      return `Tryggplan låstes efter ${minutes(autoLockMinutes)} utan aktivitet.`;
    case 'system':
      return 'Tryggplan låstes eftersom datorn låstes eller gick i viloläge.';
    case 'manual':
      return 'Tryggplan är låst. Inga uppgifter visas förrän du låser upp.';
  }
}
