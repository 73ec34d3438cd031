// Where the user is. Holds ids only (never names or other case data), so it survives a
// lock: after unlocking, the user comes back to the same screen (and its kept draft).

export type CaseTab = 'oversikt' | 'personer' | 'sip' | 'risk' | 'samrad' | 'uppfoljning' | 'historik';
export type StatisticsTab = 'rapport' | 'avvikelser';
export type SipTab = 'forberedelse' | 'samtycke' | 'deltagare' | 'moten' | 'plan' | 'uppfoljning' | 'dokument' | 'steg';

export type Route =
  | { name: 'cases' }
  | { name: 'newCase' }
  // `resume`: the SIP screen the user was on when the core asked for the record to be opened
  // (after an unlock, say); "Öppna akten" goes back there.
  | { name: 'case'; caseId: number; tab: CaseTab; resume?: { sipId: number; tab: SipTab } }
  | { name: 'sip'; caseId: number; sipId: number; tab: SipTab }
  | { name: 'actors' }
  | { name: 'statistics'; tab: StatisticsTab }
  // `section`: a part to go straight to ("details": Dina uppgifter, from a document that waits
  // for them).
  | { name: 'settings'; section?: 'details' };

export const nav = $state<{ route: Route }>({ route: { name: 'cases' } });

export function go(route: Route): void {
  nav.route = route;
}
