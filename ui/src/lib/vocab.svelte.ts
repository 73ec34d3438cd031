// The vocabularies (keys and Swedish labels) from the core, loaded once per unlock.

import { getVocabulary, type Vocabulary } from './api';
import type { Term } from './bindings/Term';

export const vocab = $state<{ value: Vocabulary | null }>({ value: null });

export async function loadVocabulary(): Promise<Vocabulary> {
  if (vocab.value) return vocab.value;
  const v = await getVocabulary();
  vocab.value = v;
  return v;
}

/** The Swedish label of `key` in `terms`, or the key itself if unknown. */
export function label(terms: Term[] | undefined, key: string | null | undefined): string {
  if (key == null) return '';
  return terms?.find((t) => t.key === key)?.label ?? key;
}

/** ISO date of today in Sweden (Europe/Stockholm), e.g. "2026-11-25". */
export function todayInSweden(): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

/** A UTC RFC 3339 timestamp shown as Swedish local time "2026-11-25 14:03". */
export function swedishDateTime(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}
