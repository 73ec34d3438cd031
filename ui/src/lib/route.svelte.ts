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

/** `trail`: where "back" leads, the last place on top (ids only, as the route). A SIP opened
 * from a case keeps the case's tab; the directory, the statistics and the settings opened from
 * a case or a SIP keep that case or SIP. Anything else starts afresh. */
export const nav = $state<{ route: Route; trail: Route[] }>({ route: { name: 'cases' }, trail: [] });

/** The screens beside the work on a case, reached from the header or from a SIP. */
const ASIDE: ReadonlySet<Route['name']> = new Set(['actors', 'statistics', 'settings']);

/** The same screen, another tab or part of it. */
function sameScreen(a: Route, b: Route): boolean {
  if (a.name === 'case' && b.name === 'case') return a.caseId === b.caseId;
  if (a.name === 'sip' && b.name === 'sip') return a.sipId === b.sipId;
  return a.name === b.name && a.name !== 'case' && a.name !== 'sip';
}

/** A place to come back to, as it was shown (no pending "Öppna akten" resume). */
function place(r: Route): Route {
  return r.name === 'case' ? { name: 'case', caseId: r.caseId, tab: r.tab } : r;
}

function nextTrail(trail: Route[], from: Route, to: Route): Route[] {
  if (sameScreen(from, to)) return trail;
  if (to.name === 'sip' && from.name === 'case' && from.caseId === to.caseId) return [place(from)];
  if (ASIDE.has(to.name)) {
    if (ASIDE.has(from.name)) return trail;
    if (from.name === 'case' || from.name === 'sip') return [...trail, place(from)];
  }
  return [];
}

/** Goes to `route`. `replace`: the same place in another state (the SIP a lock interrupted,
 * after the open): the way back stays as it was. */
export function go(route: Route, { replace = false }: { replace?: boolean } = {}): void {
  if (!replace) nav.trail = nextTrail(nav.trail, nav.route, route);
  nav.route = route;
}

/** Where "back" leads now, or null. */
export function previous(): Route | null {
  return nav.trail.length > 0 ? nav.trail[nav.trail.length - 1] : null;
}

/** Back to where the user was before this screen; false when there is no such place. */
export function back(): boolean {
  const to = previous();
  if (to === null) return false;
  nav.trail = nav.trail.slice(0, -1);
  nav.route = to;
  return true;
}
