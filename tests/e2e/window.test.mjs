// Issue 18, end to end in the real window: an attacker whose script runs inside the web view
// (injected here through WebDriver's execute script) and calls the app's own IPC commands with
// `window.__TAURI_INTERNALS__.invoke`, as any injected script could. Against a case with a
// protected mother (her name, personnummer, a held SIP meeting at a protected place, a relation
// and a high risk level) that the worker has not opened in this session:
// - substring searches (parts of her name, her initials, parts of her personnummer) never find
//   the case; her whole name and her whole number do, as a masked row, and such a search is in
//   the case's history (without its text);
// - the identifier scanners (a deviation's text, the samråd summary of a case the attacker may
//   read) don't confirm her name or the meeting place, and oversized input is refused, typed;
// - the log shows her case only as "Skyddat ärende nr N", with the kind of event and the date;
// - while the app is locked, changing the passphrase and making a new recovery key are
//   refused, and the keyring entry, the recovery key file and the database stay as they were;
// - a script planted before a lock is gone after it, and what is typed on the lock screen
//   reaches no listener it planted;
// - what Tauri itself refuses (bad arguments, commands outside the capability list, the removed
//   activity command) answers nothing.
// Auto-lock against a script's calls is in hygiene.test.mjs, beside the real input that does count.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDriver, Session, Keys, poll } from './webdriver.mjs';
import { tracedApp, assertAccessible, assertNoNetwork, assertAppOutputHoldsNoData, e2eNames } from './harness.mjs';
import { PASS, swedishDate, personnummer, enter, newCase } from './forms.mjs';

const ROOT = process.env.E2E_ROOT;
const SHOTS = process.env.TRYGGPLAN_SCREENSHOTS;

const REF = 'SKY-2026-0960';
const OPEN_REF = 'OPN-2026-0961';
const MOTHER = { name: 'Orvella Kvarnhäll', number: personnummer('1984-03-17', 271) };
const FATHER = { name: 'Bo Ulvsten', number: personnummer('1979-11-02', 333) };
const OPEN_PERSON = { name: 'Gert Fyrbåk', number: personnummer('1968-06-09', 415) };
const PLACE = 'Kapellet vid Ormsjön';
// Twins of the secrets: the same shape, stored nowhere. A scanner that flags a secret must flag
// its twin too (a general list of names or places), or it has confirmed what is stored.
const TWINS = { Orvella: 'Orvilla', Kvarnhäll: 'Kvarnhöll', [PLACE]: 'Kapellet vid Ormträsk' };
const MEETING_DATE = swedishDate(-12);
const digits = (t) => t.replace(/\D/g, '');
const [FIRST, LAST] = MOTHER.name.split(' ');
/** What must never reach the attacker about the protected case (before an open). */
const SECRETS = [MOTHER.name, FIRST, LAST, MOTHER.number, digits(MOTHER.number), MOTHER.number.slice(2),
  MOTHER.number.slice(0, 8), '1984-03-17', PLACE, 'Ormsjön', FATHER.name, 'Ulvsten', FATHER.number];

let driver;
/** The one session all the tests below share (one app run, as a worker's day). */
let s;
/** What the setup made: case ids, person ids, the protected case's last history id. */
const made = {};

before(async () => {
  assert.ok(process.env.TRYGGPLAN_BIN && ROOT && SHOTS, 'run through tests/e2e/run.sh');
  driver = await startDriver();
});
after(async () => {
  try { await s?.end(); } finally { driver?.stop(); }
});

// ---- The attacker's tools: scripts run in the page, as an injected script would.

/** Calls an IPC command from inside the page; `{ ok: true, value }` or `{ ok: false, error }`
 * with the rejection exactly as the page got it. */
async function invoke(cmd, args = {}) {
  return s.execAsync(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
       .then((v) => done({ ok: true, value: v === undefined ? null : v }), (e) => done({ ok: false, error: e === undefined ? null : e }));`,
    [cmd, args],
  );
}

/** The value of a call that must succeed (setup), or a failure naming the command. */
async function must(cmd, args = {}) {
  const r = await invoke(cmd, args);
  assert.ok(r.ok, `${cmd} failed: ${JSON.stringify(r.error)}`);
  return r.value;
}

const typed = (e) => e !== null && typeof e === 'object' && typeof e.kind === 'string' && typeof e.message === 'string' && e.message.trim() !== '';

/**
 * Runs `body` (an async function's source, given `invoke`) in the page without holding the
 * WebDriver call open, and waits until it has finished: its value, or the error it threw.
 */
async function inPage(what, body, args = [], timeout = 300000) {
  const key = `__attack${Date.now()}${Math.random().toString(36).slice(2)}`;
  await s.exec(
    `const key = arguments[0];
     const invoke = (c, a) => window.__TAURI_INTERNALS__.invoke(c, a);
     window[key] = { done: false };
     (async (...args) => { ${body} })(...arguments[1])
       .then((value) => { window[key] = { done: true, value }; }, (e) => { window[key] = { done: true, thrown: String(e) }; });`,
    [key, args],
  );
  const r = await poll(what, () => s.exec('return window[arguments[0]]?.done ? window[arguments[0]] : null', [key]), { timeout, every: 250 });
  assert.ok(!('thrown' in r), `${what}: ${r.thrown}`);
  return r.value;
}

async function sessionState() {
  try {
    const r = await invoke('session_status');
    return r.ok ? r.value.state : null;
  } catch {
    return null; // the page is being replaced
  }
}

/** Waits for the lock screen (a new document, or the old one) and a locked vault. */
async function lockScreen() {
  await poll('the lock screen is shown and the vault is locked', async () => {
    try {
      const shown = await s.exec('return document.querySelector(\'[data-screen="unlock"] #unlock-passphrase\') !== null');
      return shown && (await sessionState()) === 'locked';
    } catch {
      return false; // the page is being replaced
    }
  }, { timeout: 20000 });
}

async function lockByKeyboard() {
  await s.chord(Keys.CONTROL, 'l');
  await lockScreen();
}

/** Types the passphrase on the lock screen as the worker does, and waits for an open vault
 * and a screen of the app. */
async function unlockByKeyboard() {
  const field = await s.waitFor('#unlock-passphrase');
  await s.clear(field);
  await s.type(field, PASS);
  await s.click(await s.waitFor('#unlock-submit'));
  await poll('the app is unlocked and shows a screen', async () => (await sessionState()) === 'unlocked'
    && s.exec('return document.querySelector(\'[data-screen]:not([data-screen="unlock"])\') !== null'));
}

/** The protected case's row for `query`, or what refused it: `{ row }`, `{ none }`, `{ error }`. */
async function search(query) {
  const r = await invoke('list_cases', { query });
  if (!r.ok) return { error: r.error };
  const row = r.value.find((c) => c.id === made.protectedCase);
  return row ? { row } : { none: true };
}

/** Each text in `texts` that `haystack` holds (case-insensitive). */
function holds(haystack, texts) {
  const h = haystack.toLowerCase();
  return texts.filter((t) => h.includes(t.toLowerCase()));
}

/** The profile's files (the first profile, or the one a restore made active). */
function profileDir() {
  const base = join(ROOT, 'data', 'se.tryggplan.app');
  const active = join(base, 'aktiv-profil');
  return existsSync(active) ? join(base, readFileSync(active, 'utf8').trim()) : join(base, 'data');
}

const sha = (buf) => createHash('sha256').update(buf).digest('hex');

/** Hashes of what a key operation changes: the keyring entry (as the Secret Service gives it,
 * with its modification time), the recovery key file and the database files. */
function keyState() {
  const dir = profileDir();
  const keyring = execFileSync('secret-tool', ['search', '--all', 'service', 'se.tryggplan.databasnyckel'],
    { encoding: 'buffer', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10000 });
  const state = { keyring: keyring.length > 0 ? sha(keyring) : 'none' };
  for (const f of readdirSync(dir).filter((n) => n.startsWith('tryggplan.db') || n === 'aterstallning.nyckel').sort()) {
    state[f] = sha(readFileSync(join(dir, f)));
  }
  return state;
}

// ---- Setup: the two cases through the UI; what has no helper through invoke, as the UI does.

test('setup: an open case, and a case with a protected mother, her SIP meeting at a protected place, a relation and a risk level', { timeout: 300000 }, async () => {
  s = await Session.start(driver, tracedApp('window1'));
  await enter(s);
  // The scripts below run longer than WebDriver's default 30 s in the worst case.
  await s.cmd('POST', '/timeouts', { script: 300000 });

  await newCase(s, OPEN_REF, OPEN_PERSON);
  await s.click(await s.waitFor('#nav-cases'));
  // Opened at once: the worker has just typed it (issue 19).
  await newCase(s, REF, MOTHER, { protectedIdentity: true });

  const byRef = async (ref) => (await must('list_cases', { query: ref })).find((c) => c.reference === ref).id;
  made.openCase = await byRef(OPEN_REF);
  made.protectedCase = await byRef(REF);
  let detail = await must('get_case', { caseId: made.protectedCase });
  assert.equal(detail.masked, false, 'the record was opened');
  made.mother = detail.persons[0].id;
  detail = await must('save_person', {
    caseId: made.protectedCase,
    personId: null,
    person: {
      name: FATHER.name, identity: { kind: 'number', number: FATHER.number }, legalSex: 'man', language: '',
      interpreterNeeded: false, protectionLevel: 'ingen', address: '', phone: '', contactWay: '',
      roles: ['valdsutovare'], violenceForms: [],
    },
  });
  made.father = detail.persons.find((p) => p.id !== made.mother).id;
  await must('add_relation', { caseId: made.protectedCase, relation: { fromPerson: made.father, toPerson: made.mother, kind: 'utovare_mot', custody: null } });
  const sip = await must('create_sip', { new: { personId: made.mother, needDiscoveredOn: swedishDate(-20), initiatedBy: 'Våldsteamet', requestedBy: 'ingen' } });
  const all = { timeAndPlaceGivenOrally: true, flightMode: true, noTemporaryStaff: true, noNamesOrPlacesSaid: true, personNotOnCamera: true, contactRouteAgreed: true };
  await must('save_meeting', {
    sipId: sip.id,
    meeting: { id: null, onDate: MEETING_DATE, atTime: '13:15', digital: false, place: PLACE, held: true, personPresent: true, present: [], safetyChecklist: all },
  });
  await must('save_risk', {
    caseId: made.protectedCase,
    risk: {
      personId: made.mother, instrument: 'freda_farlighet', instrumentOther: '', assessedOn: swedishDate(), assessor: 'Handläggare, våldsteamet',
      sources: 'Samtal med personen', level: 'hog', levelOwn: '', scenarios: 'Nytt våld vid kontakt', protectiveMeasures: 'Skyddat boende',
      policeObtained: 'nej', policeObtainedGround: '', policeShared: 'nej', policeSharedGround: '', nextReassessmentOn: swedishDate(30),
    },
    correction: null,
  });
  const history = await must('get_history', { caseId: made.protectedCase });
  made.historyBefore = Math.max(0, ...history.map((h) => h.id));
  // The log has the protected case's events to hide (created, person, relation, SIP, meeting, risk).
  assert.ok(history.length >= 5, `${history.length} history entries`);

  // A lock ends the open: from here on the attacker faces an unopened protected case.
  await s.click(await s.waitFor('#nav-cases'));
  await lockByKeyboard();
  await unlockByKeyboard();
  const masked = await must('get_case', { caseId: made.protectedCase });
  assert.equal(masked.masked, true, 'the case is masked again after the lock');
  made.ready = true;
});

/** Every test starts unlocked, with the protected case not opened in this session (whatever
 * the test before it left). */
async function ready() {
  assert.ok(made.ready, 'the setup failed');
  if ((await sessionState()) !== 'unlocked') await unlockByKeyboard();
  if (!(await must('get_case', { caseId: made.protectedCase })).masked) {
    await lockByKeyboard();
    await unlockByKeyboard();
  }
}

// ---- 1. Search mining.

/** Every part of the protected name, her initials and every part of her personnummer that an
 * attacker would try, less those that the case's unprotected data (its reference, the father)
 * answers for all its terms anyway. */
function miningCandidates() {
  const out = new Set();
  const parts = (w, min) => {
    for (let len = min; len <= w.length; len++) for (let i = 0; i + len <= w.length; i++) out.add(w.slice(i, i + len));
  };
  parts(FIRST, 2);
  parts(LAST, 2);
  for (const w of [...out]) { out.add(w.toUpperCase()); out.add(w.toLowerCase()); }
  for (const w of ['Kvarnhall', 'kvarnhal', 'Orvela']) out.add(w);
  for (const a of [2, 3, 4]) for (const b of [2, 3, 4]) out.add(`${FIRST.slice(0, a)} ${LAST.slice(0, b)}`);
  for (const i of ['O. K.', 'O K', 'OK', 'ok', 'o.k.', 'K. O.', 'K O', 'O. Kvarnhäll', 'Orvella K.']) out.add(i);
  const num = digits(MOTHER.number);
  for (let len = 2; len < num.length; len++) {
    for (let i = 0; i + len <= num.length; i++) out.add(num.slice(i, i + len));
    if (len >= 9) out.add(`${num.slice(0, 8)}-${num.slice(8, len)}`);
  }
  for (const t of ['1984-03-17', '840317', '19840317', `-${num.slice(8)}`, `840317-${num.slice(8, 11)}`]) out.add(t);
  for (const y of ['1984', '8403']) out.add(`${FIRST.slice(0, 3)} ${y}`);

  // The last ten digits are her number as it is usually written (ÅÅMMDD-NNNN): the whole
  // number, not a part of it; it is searched below as a whole form.
  out.delete(num.slice(2));
  const legitimate = [REF.toLowerCase(), FATHER.name.toLowerCase()];
  const legitimateDigits = [digits(REF), digits(FATHER.number)];
  const answeredAnyway = (term) => {
    const t = term.toLowerCase();
    const numeric = /\d/.test(t) && /^[\d+-]+$/.test(t);
    return legitimate.some((l) => l.includes(t)) || (numeric && legitimateDigits.some((d) => d.includes(digits(t))));
  };
  return [...out].filter((q) => !q.trim().split(/\s+/).every(answeredAnyway));
}

test('issue 18: parts of a protected person\'s name, her initials and parts of her personnummer never find her case; the whole name and number do, masked, and leave a search in its history', { timeout: 600000 }, async (t) => {
  await ready();
  const candidates = miningCandidates();
  assert.ok(candidates.length >= 200, `only ${candidates.length} candidates`);
  const started = Date.now();
  // One injected script, one search after another, as fast as the app answers.
  const answers = await inPage('the mining searches end', `
    const [queries, caseId] = args;
    const out = [];
    for (const q of queries) {
      try {
        const rows = await invoke('list_cases', { query: q });
        out.push(rows.some((r) => r.id === caseId) ? 'hit' : 'none');
      } catch (e) {
        out.push(e !== null && typeof e === 'object' && typeof e.kind === 'string' && typeof e.message === 'string' ? 'refused:' + e.kind : 'untyped');
      }
    }
    return out;`, [candidates, made.protectedCase]);
  const ms = Date.now() - started;
  const count = (p) => answers.filter((a) => a.startsWith(p)).length;
  t.diagnostic(`${candidates.length} substring searches in ${ms} ms: ${count('hit')} hits, ${count('none')} without her case, ${count('refused')} refused (${[...new Set(answers.filter((a) => a.startsWith('refused')))].join(', ') || 'none'}), ${count('untyped')} untyped errors`);
  const problems = [];
  // Which kinds of part found her (never the parts themselves: they are her name and number).
  const found = candidates.filter((_, i) => answers[i] === 'hit')
    .map((q) => (/\d/.test(q) ? `a part of the personnummer (${digits(q).length} digits)` : q.includes('.') || q.length <= 2 ? 'initials or 2 letters' : `a part of the name (${q.length} chars)`));
  if (found.length > 0) problems.push(`${found.length} substring searches found the protected case: ${[...new Set(found)].join('; ')}`);
  if (count('untyped') > 0) problems.push(`${count('untyped')} refused searches came back without {kind, message}`);

  // The whole name and the whole number find her case, as a masked row. A rate limit may
  // refuse at first: it must let the worker search again soon.
  const short = digits(MOTHER.number).slice(2);
  for (const [what, query] of [['her whole name', MOTHER.name], ['her whole personnummer', MOTHER.number], ['her personnummer in ten digits', `${short.slice(0, 6)}-${short.slice(6)}`]]) {
    const r = await poll(`a search for ${what} is answered`, async () => {
      const a = await search(query);
      assert.ok(!a.error || typed(a.error), `${what}: an untyped refusal ${JSON.stringify(a.error)}`);
      return a.error ? null : a;
    }, { timeout: 120000, every: 1000 });
    if (!r.row) problems.push(`a search for ${what} doesn't find her case`);
    else if (holds(JSON.stringify(r.row), SECRETS).length > 0 || r.row.displayName !== 'O. K.') problems.push(`the row found by ${what} is not masked to her initials`);
  }

  // The searches that found her case are in its history as searches, without their text:
  // read through an explicit open, as the worker would (the next test's start closes it).
  const opened = await must('open_case_record', { caseId: made.protectedCase });
  assert.equal(opened.masked, false);
  const history = await must('get_history', { caseId: made.protectedCase });
  const since = history.filter((h) => h.id > made.historyBefore && h.action !== 'access.open');
  if (!since.some((h) => /sök|search/i.test(`${h.action} ${h.summary}`))) problems.push(`no search in the case's history since the setup (actions since: ${since.map((h) => h.action).join(', ') || 'none'})`);
  for (const h of history) {
    if (holds(`${h.action} ${h.summary}`, [MOTHER.name, FIRST, LAST, MOTHER.number, digits(MOTHER.number)]).length > 0) problems.push(`history entry ${h.id} (${h.action}) holds a search's text`);
  }
  assert.deepEqual(problems, []);
});

// ---- 2. The scanners as an oracle, and oversized input.

/** Thousands of name-like words (none stored anywhere), with her name, its parts, the meeting
 * place and their twins among them; in pieces no longer than a form's field. */
function scannerTexts() {
  const syl = ['al', 'ber', 'da', 'el', 'fri', 'gun', 'hal', 'in', 'jo', 'kar', 'li', 'mo', 'ny', 'os', 'pe', 'ra', 'sti', 'tu', 'ul', 've'];
  const words = [];
  for (let i = 0; words.length < 3000; i++) {
    const w = syl[(i * 7) % 20] + syl[Math.floor(i / 20) % 20] + syl[Math.floor(i / 400) % 20];
    words.push(w[0].toUpperCase() + w.slice(1));
  }
  const planted = [MOTHER.name, FIRST, LAST, PLACE, ...Object.values(TWINS), `${TWINS.Orvella} ${TWINS.Kvarnhäll}`];
  planted.forEach((p, i) => words.splice(150 + i * 370, 0, p));
  const texts = [];
  let cur = 'Kandidater:';
  for (const w of words) {
    if (cur.length + w.length + 2 > 3500) { texts.push(`${cur}.`); cur = 'Kandidater:'; }
    cur += ` ${w},`;
  }
  texts.push(`${cur}.`);
  return texts;
}

/** The secrets a scanner's hits confirm: a hit on a secret whose twin has no hit. */
function confirmed(hitTexts) {
  const hit = (w) => hitTexts.some((h) => h.toLowerCase().includes(w.toLowerCase()));
  const out = [];
  for (const [secret, twin] of Object.entries(TWINS)) if (hit(secret) && !hit(twin)) out.push(secret === PLACE ? 'the meeting place' : 'a part of her name');
  return out;
}

test('issue 18: the identifier scanners confirm neither her name nor the meeting place to a case not opened; oversized input is refused, typed', { timeout: 600000 }, async (t) => {
  await ready();
  const texts = scannerTexts();
  const calls = [
    ['check_deviation', (text) => ({ description: text, accepted: [] }), (v) => v.map((h) => h.text)],
    ['check_samrad_summary on the open case', (text) => ({ caseId: made.openCase, question: text, accepted: [] }), (v) => v.check.hits.map((h) => h.text)],
    ['check_samrad_summary on the protected case', (text) => ({ caseId: made.protectedCase, question: text, accepted: [] }), (v) => v.check.hits.map((h) => h.text)],
  ];
  const problems = [];
  for (const [what, args, hitsOf] of calls) {
    const cmd = what.split(' ')[0];
    let answered = 0;
    const refusals = new Set();
    const hits = [];
    for (const text of texts) {
      const r = await invoke(cmd, args(text));
      if (r.ok) {
        answered++;
        hits.push(...hitsOf(r.value));
      } else if (typed(r.error)) {
        refusals.add(r.error.kind);
      } else {
        problems.push(`${what}: an untyped refusal ${JSON.stringify(r.error).slice(0, 200)}`);
      }
    }
    const leaked = [...new Set(confirmed(hits))];
    if (leaked.length > 0) problems.push(`${what} confirms ${leaked.join(' and ')}`);
    t.diagnostic(`${what}: ${texts.length} texts of ~3,500 characters (${texts.join(' ').split(',').length} words): ${answered} answered, ${hits.length} hits; refused: ${[...refusals].join(', ') || 'none'}`);
  }

  // Oversized input: 5 MB (made in the page), refused with a typed error; how long the call
  // took in the page is printed, not judged.
  for (const [cmd, field, base] of [
    ['check_deviation', 'description', { accepted: [] }],
    ['check_samrad_summary', 'question', { caseId: made.openCase, accepted: [] }],
    ['list_cases', 'query', {}],
  ]) {
    const r = await inPage(`${cmd} with 5 MB answers`, `
      const [cmd, field, base] = args;
      const started = performance.now();
      try {
        await invoke(cmd, { ...base, [field]: 'ord '.repeat(5 * 1024 * 1024 / 4) });
        return { ok: true, ms: performance.now() - started };
      } catch (e) {
        return { ok: false, error: e === undefined ? null : e, ms: performance.now() - started };
      }`, [cmd, field, base]);
    t.diagnostic(`${cmd} with 5 MB: ${r.ok ? 'answered' : `refused (${typed(r.error) ? r.error.kind : 'untyped'})`} after ${Math.round(r.ms)} ms (in the page, with building the string)`);
    if (r.ok) problems.push(`${cmd} answered 5 MB of input`);
    else if (!typed(r.error)) problems.push(`${cmd} refused 5 MB untyped: ${JSON.stringify(r.error).slice(0, 200)}`);
  }
  assert.deepEqual(problems, []);
});

// ---- 3. The log.

test('issue 18: the log shows the unopened protected case only as "Skyddat ärende nr N", the kind of event and the date; the case list shows no meeting date', { timeout: 300000 }, async (t) => {
  await ready();
  const rows = new Map();
  for (const group of [null, 'atkomst', 'export', 'samtycke', 'skydd', 'gallring', 'nycklar', 'installningar', 'ovrigt']) {
    const page = await must('search_log', { filter: { from: null, to: null, group } });
    for (const r of page.rows) rows.set(r.id, r);
  }
  const mine = [...rows.values()].filter((r) => r.case === made.protectedCase);
  t.diagnostic(`${rows.size} log rows read, ${mine.length} of the protected case`);
  assert.ok(mine.length >= 5, `the log lists ${mine.length} events of the protected case: its events must be there, masked`);
  const problems = [];
  const forbidden = [...SECRETS, MEETING_DATE];
  for (const r of mine) {
    if (!/^Skyddat ärende nr \d+$/.test(r.caseLabel)) problems.push(`row ${r.id} (${r.action}): its case is not "Skyddat ärende nr N"`);
    const text = `${r.caseLabel} ${r.action} ${r.summary}`;
    if (holds(text, forbidden).length > 0) problems.push(`row ${r.id} (${r.action}) holds her name, number, the meeting place or date`);
    // Who is the alleged perpetrator against whom: a relation, or a person's role.
    if (/utövar|vårdnadshavare|förälder till|närstående/i.test(text)) problems.push(`row ${r.id} (${r.action}) tells a relation or a role`);
    if (/(hög|medel|låg) risk/i.test(text)) problems.push(`row ${r.id} (${r.action}) tells the risk level`);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(r.at)) problems.push(`row ${r.id} has no date`);
  }
  for (const r of rows.values()) {
    if (holds(`${r.caseLabel} ${r.summary}`, [MOTHER.name, LAST, MOTHER.number, PLACE]).length > 0) problems.push(`row ${r.id} (${r.action}) of another case holds her name, number or the meeting place`);
  }
  // The case list's "due" of the masked case: no meeting date.
  // (A rate limit on searches may still refuse, typed, right after the mining above.)
  const list = await poll('the case list is answered', async () => {
    const r = await invoke('list_cases', { query: '' });
    assert.ok(r.ok || typed(r.error), `the case list refused untyped: ${JSON.stringify(r.error)}`);
    return r.ok ? r.value : null;
  }, { timeout: 120000, every: 1000 });
  const row = list.find((c) => c.id === made.protectedCase);
  assert.ok(row, 'the case list lists the protected case');
  if (holds(JSON.stringify(row), [...SECRETS, MEETING_DATE]).length > 0) problems.push('the case list\'s row of the masked case holds the meeting date or her data');
  // The case's own history refuses, as it did before.
  const h = await invoke('get_history', { caseId: made.protectedCase });
  if (h.ok) problems.push('the unopened case\'s history was given out');
  assert.deepEqual(problems, []);
});

// ---- 4. Key operations while locked.

test('issue 18: while locked, changing the passphrase and making a new recovery key are refused; the keyring entry, the recovery key file and the database are unchanged', { timeout: 300000 }, async () => {
  await ready();
  await lockByKeyboard();
  const beforeState = keyState();
  assert.notEqual(beforeState.keyring, 'none', 'no keyring entry found');
  assert.ok(beforeState['aterstallning.nyckel'] && beforeState['tryggplan.db'], JSON.stringify(Object.keys(beforeState)));
  // The lock screen's page: a new document after the lock, or the old one. The new passphrase is
  // the same one, so that an app that lets this through still opens with it.
  const change = await invoke('change_passphrase', { old: PASS, new: PASS, confirmation: PASS });
  const key = await invoke('new_recovery_key', { passphrase: PASS });
  const afterState = keyState();
  const problems = [];
  for (const [what, r] of [['change_passphrase', change], ['new_recovery_key', key]]) {
    if (r.ok) problems.push(`${what} succeeded while locked`);
    else if (!typed(r.error) || r.error.kind !== 'locked') problems.push(`${what} refused with ${JSON.stringify(r.error?.kind ?? r.error)}, not "locked"`);
  }
  for (const f of new Set([...Object.keys(beforeState), ...Object.keys(afterState)])) {
    if (beforeState[f] !== afterState[f]) problems.push(`${f === 'keyring' ? 'the keyring entry' : f} changed while locked`);
  }
  assert.equal(await sessionState(), 'locked', 'the app is no longer locked');
  await unlockByKeyboard();
  assert.deepEqual(problems, []);
});

// ---- 5. A clean page after a lock.

test('issue 18: a script planted before a lock is gone after it, and the passphrase typed on the lock screen reaches none of its listeners', { timeout: 300000 }, async () => {
  await ready();
  // The attacker: a global, keyboard and input listeners on the document that keep every key
  // and every field's value in a global and in the page's storage, and a timer that copies
  // every field's value.
  await s.exec(`
    window.__planted = 'x';
    window.__keys = [];
    const keep = (v) => {
      window.__keys.push(v);
      for (const st of [window.localStorage, window.sessionStorage]) {
        try { st.setItem('__keys', (st.getItem('__keys') || '') + '|' + v); } catch { /* none */ }
      }
    };
    document.addEventListener('keydown', (e) => keep(e.key), true);
    document.addEventListener('input', (e) => keep(e.target && e.target.value), true);
    setInterval(() => { for (const el of document.querySelectorAll('input')) if (el.value) keep(el.value); }, 50);
    return true;`);
  assert.equal(await s.exec('return window.__planted'), 'x');
  await lockByKeyboard();
  const problems = [];
  if ((await s.exec('return typeof window.__planted')) !== 'undefined') problems.push('the global planted before the lock is still there');
  // The lock screen the worker sees after the lock; axe and a screenshot.
  await assertAccessible(s, 'the lock screen after a lock');
  await s.screenshot(join(SHOTS, '120-last-ny-sida.png'));
  await unlockByKeyboard();
  const captured = await s.exec(`
    const out = [...(window.__keys || [])].map(String);
    for (const st of [window.localStorage, window.sessionStorage]) { try { out.push(st.getItem('__keys') || ''); } catch { /* none */ } }
    return out;`);
  // Keys one by one, and whole values: any 6 characters of the passphrase in a row.
  const joined = `${captured.join('')}\n${captured.join('\n')}`;
  const pieces = Array.from({ length: PASS.length - 5 }, (_, i) => PASS.slice(i, i + 6));
  if (pieces.some((p) => joined.includes(p))) problems.push('a listener planted before the lock captured the passphrase typed on the lock screen');
  await s.exec('try { localStorage.removeItem("__keys"); sessionStorage.removeItem("__keys"); } catch { /* none */ } return true;');
  assert.deepEqual(problems, []);
});

// ---- 6. What Tauri itself refuses.

// Tauri refuses these itself (argument types before the handler, the ACL before any code of the
// app), always with a plain string: no command of the app ran. The UI's one invoke wrapper turns
// every such string into `{kind: 'ipc', message}` (ui/src/lib/ipcerror.ts, tested on Tauri's own
// strings by the shell's `commands::tests::every_rejection_the_ui_sees_is_typed`); here the
// attacker's raw calls must simply get nothing.
test('issue 18: a wrong argument type, a missing argument, an unknown command and one outside the capability list are refused and answer nothing', { timeout: 60000 }, async () => {
  await ready();
  const problems = [];
  for (const [what, cmd, args] of [
    ['a number for a text', 'list_cases', { query: 42 }],
    ['a text for a case id', 'get_case', { caseId: 'ett' }],
    ['a missing argument', 'get_case', {}],
    ['an unknown command', 'read_database_file', {}],
    ['a plugin command outside the capability list', 'plugin:app|version', {}],
    ['the removed activity command', 'touch_activity', {}],
  ]) {
    const r = await invoke(cmd, args);
    if (r.ok) problems.push(`${what}: answered`);
  }
  assert.deepEqual(problems, []);
});

// Auto-lock against a script's calls: hygiene.test.mjs ("only real input keeps the app unlocked,
// not a script calling a command every 20 s") proves it with real X input beside it.

test('issue 18: the app printed no name, personnummer or passphrase', () => {
  assertAppOutputHoldsNoData([...e2eNames(), PASS, PLACE]);
});

test('issue 18: the window run used no IPv4/IPv6 networking', () => {
  assertNoNetwork('window', 1);
});
