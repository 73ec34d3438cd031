// Where the user is. Holds ids only (never names or other case data), so it survives a
// lock: after unlocking, the user comes back to the same screen (and its kept draft).

export type CaseTab = 'oversikt' | 'personer' | 'sip' | 'risk' | 'samrad' | 'historik';
export type SipTab = 'forberedelse' | 'samtycke' | 'deltagare' | 'moten' | 'plan' | 'uppfoljning' | 'dokument' | 'steg';

export type Route =
  | { name: 'cases' }
  | { name: 'newCase' }
  | { name: 'case'; caseId: number; tab: CaseTab }
  | { name: 'sip'; caseId: number; sipId: number; tab: SipTab }
  | { name: 'actors' }
  | { name: 'settings' };

export const nav = $state<{ route: Route }>({ route: { name: 'cases' } });

export function go(route: Route): void {
  nav.route = route;
}
