// How a case's people are written on its tabs (the case screen and its tab components).

import type { Person } from './bindings/Person';
import type { Vocabulary } from './bindings/Vocabulary';
import { label } from './vocab.svelte';

export function personName(persons: Person[], id: number): string {
  return persons.find((p) => p.id === id)?.name ?? 'Okänd person';
}

export function roleText(terms: Vocabulary | null, p: Person): string {
  return p.roles.map((r) => label(terms?.roles, r)).join(', ');
}

export function identityText(terms: Vocabulary | null, p: Person): string {
  if (p.identityNumber) {
    const kind = p.idKind === 'samordningsnummer' ? 'Samordningsnummer' : 'Personnummer';
    return `${kind} ${p.identityNumber}`;
  }
  const reason = label(terms?.noNumberReasons, p.noNumberReason ?? 'okant');
  return p.noNumberNote ? `${reason} – ${p.noNumberNote}` : reason;
}

export function ageText(p: Person): string {
  if (p.age !== null) return `${p.age} år`;
  return 'Ålder okänd';
}
