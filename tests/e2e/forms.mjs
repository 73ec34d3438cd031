// Form and session helpers shared by the end-to-end tests: dates as the app counts them, valid
// personnummer, setting inputs the way typing would, choosing options, screenshots checked
// with axe-core, and getting past the passphrase screen.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { assertAccessible } from './harness.mjs';

const SHOTS = process.env.TRYGGPLAN_SCREENSHOTS;

/** The passphrase of the e2e profiles: run.sh gives each file its own temporary HOME, whose
 * first start (enter below, or foundation.test.mjs by hand) chooses it. */
export const PASS = 'Solrosor i Sörmland 1987';

/** Today in Sweden, and a day offset from it, as ISO dates. */
export function swedishDate(offsetDays = 0) {
  const d = new Date(Date.now() + offsetDays * 86400000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** A valid personnummer (YYYYMMDD-NNNC) for a birth date and serial: Luhn over YYMMDDNNN. */
export function personnummer(birth, serial) {
  const nine = birth.replaceAll('-', '').slice(2) + String(serial).padStart(3, '0');
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let v = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    sum += v > 9 ? v - 9 : v;
  }
  return `${birth.replaceAll('-', '')}-${String(serial).padStart(3, '0')}${(10 - (sum % 10)) % 10}`;
}

/** Sets an input's value the way a user's typing would (input + change events). Used for
 * date and time inputs, whose WebKit widgets don't take WebDriver key events reliably. */
export async function setValue(s, css, value) {
  const ok = await s.exec(
    `const el = document.querySelector(arguments[0]);
     if (!el) return false;
     const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype
       : el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
     Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]);
     el.dispatchEvent(new Event('input', { bubbles: true }));
     el.dispatchEvent(new Event('change', { bubbles: true }));
     return true;`,
    [css, value],
  );
  assert.ok(ok, `no element ${css}`);
}

/** Chooses the option whose text contains `text` in the select `css` (by clicking it). */
export async function choose(s, css, text) {
  await usable(s, css);
  const index = await s.exec(
    `const el = document.querySelector(arguments[0]);
     if (!el) return -2;
     return Array.from(el.options).findIndex((o) => o.textContent.includes(arguments[1]));`,
    [css, text],
  );
  assert.ok(index >= 0, `no option "${text}" in ${css} (${index})`);
  await setValue(s, css, await s.exec('return document.querySelector(arguments[0]).options[arguments[1]].value', [css, index]));
}

/**
 * Waits until `css` is there and not disabled, as a user would: a field that waits for its
 * data (the organisation's name until the settings have come) can't be typed into yet, and
 * WebDriver refuses to clear it.
 */
async function usable(s, css) {
  const el = await s.waitFor(css);
  await s.waitUntil(`${css} is enabled`, 'const el = document.querySelector(arguments[0]); return el !== null && !el.disabled;', [css]);
  return el;
}

export async function fill(s, css, text) {
  const el = await usable(s, css);
  await s.clear(el);
  await s.type(el, text);
}

/**
 * Searches the case list for `query` (the field emptied first) and waits for the answer to
 * this search: the list of the one before can hold the same case.
 */
export async function searchCases(s, query) {
  const field = await usable(s, '#case-search');
  await s.clear(field);
  await s.type(field, query);
  await s.waitUntil(`the case list answers "${query}"`, "return document.querySelector('#case-status')?.dataset.query === arguments[0];", [query.trim()]);
}

export async function value(s, css) {
  return s.exec('return document.querySelector(arguments[0])?.value ?? null', [css]);
}

export async function shot(s, name, screen) {
  await assertAccessible(s, screen ?? name);
  await s.screenshot(join(SHOTS, `${name}.png`));
}

/** The worker's own details (issue 19), as the first start asks for them: the organisation in
 * every document's header, the worker's own unit (added to the directory, in every new
 * consent), and the name, title and phone at work that the consent form and the kallelse give. */
export const WORKER = {
  organisation: 'Örebro kommun, Socialförvaltningen',
  unit: 'Vuxenenheten Örebro',
  unitType: 'våld i nära relationer',
  name: 'Anna Berg',
  title: 'Socialsekreterare',
  phone: '019-16 40 00',
  /** How the documents name the worker ("Anna Berg, socialsekreterare, Vuxenenheten Örebro"). */
  who: 'Anna Berg, socialsekreterare, Vuxenenheten Örebro',
};

/** Fills "Dina uppgifter" (the first start's step after the recovery key, or Inställningar)
 * and saves with the button `save`; waits until the form says it is saved or the app moves on. */
export async function fillDetails(s, save = '#details-save', worker = WORKER) {
  await fill(s, '#organisation-name', worker.organisation);
  await fill(s, '#details-unit-name', worker.unit);
  // The unit types come with the vocabulary, a moment after the form.
  await s.waitUntil('the unit types are listed', "return document.querySelectorAll('#details-unit-type option').length > 1;");
  await choose(s, '#details-unit-type', worker.unitType);
  await fill(s, '#details-name', worker.name);
  await fill(s, '#details-title', worker.title);
  await fill(s, '#details-phone', worker.phone);
  await s.click(await s.waitFor(save));
}

/** First start: choose the passphrase, keep the recovery key, fill in the worker's details
 * (issue 19), and choose the longest idle time; later starts: unlock with the passphrase.
 *
 * Issue 18: only input the shell sees (GTK's key, button, scroll events) counts as activity.
 * WebDriver's input is synthesised inside WebKit and never reaches those handlers, so to the
 * app a test is a person who never touches the keyboard, and the default 5 minutes would lock
 * a long test in the middle: the tests run with the longest idle time the settings offer
 * (foundation.test.mjs and hygiene.test.mjs test the idle lock itself). */
export async function enter(s, pass = PASS) {
  await s.waitFor('[data-screen="setup"], [data-screen="unlock"]');
  if ((await s.findAll('[data-screen="setup"]')).length > 0) {
    await s.type(await s.waitFor('#setup-passphrase'), pass);
    await s.type(await s.waitFor('#setup-confirm'), pass);
    await s.click(await s.waitFor('#setup-submit'));
    // The recovery key, shown once: confirm it is kept.
    await s.waitFor('#recovery-key');
    await s.click(await s.waitFor('#recovery-kept'));
    await s.click(await s.waitFor('#recovery-continue'));
    // What every document needs; then the app opens.
    await s.waitFor('#details-form');
    await fillDetails(s);
    await s.click(await s.waitFor('#nav-settings'));
    await s.click(await s.waitFor('#auto-lock-minutes option[value="60"]'));
    await s.waitFor('#auto-lock-status', { text: '60 minuter' });
    await s.click(await s.waitFor('#nav-cases'));
  } else {
    await s.type(await s.waitFor('#unlock-passphrase'), pass);
    await s.click(await s.waitFor('#unlock-submit'));
  }
  // The header comes first; the screen follows once the vocabularies are loaded.
  await s.waitFor('[data-screen="cases"]');
}

/** "Nytt ärende" from the case list: a case with `reference` and one victim of violence
 * (`person`: name and personnummer), with protected personal data if `protectedIdentity`.
 * Waits until the new case is shown: opened at once, also a protected one (issue 19: the
 * worker has just typed it; the open is in its access history), never masked. */
export async function newCase(s, reference, person, { protectedIdentity = false } = {}) {
  await s.click(await s.waitFor('#new-case'));
  await s.waitFor('[data-screen="newCase"]');
  await fill(s, '#new-case-reference', reference);
  await fill(s, '#new-person-name', person.name);
  await fill(s, '#new-person-number', person.number);
  await s.click(await s.waitFor('#new-person-role-valdsutsatt'));
  if (protectedIdentity) await choose(s, '#new-person-protection', 'Skyddad folkbokföring');
  await s.click(await s.waitFor('#new-case-submit'));
  await s.waitFor('#case-title', { text: reference });
  await s.waitFor('#case-tab-oversikt');
  assert.equal((await s.findAll('#case-masked')).length, 0, 'a new case is shown masked');
}

/** "Öppna akten": a case with protected personal data is masked until its record is opened
 * (recorded in the case's access history), and again after every lock. Clicks the button and
 * waits until the full record (or the SIP screen the open resumes) is shown. */
export async function openRecord(s) {
  await s.click(await s.waitFor('#case-open-record'));
  await s.waitFor('#case-tab-oversikt, [data-screen="sip"]');
}

/** Issue 19, focus that follows the work: waits until `#id` has focus after `after` (an action
 * of the user), and fails naming where focus is instead (the page body, say). */
export async function expectFocus(s, id, after) {
  try {
    await s.waitUntil(`focus on #${id}`, 'return document.activeElement?.id === arguments[0];', [id], { timeout: 5000 });
  } catch {
    const now = await s.exec('const a = document.activeElement; return a ? `${a.tagName.toLowerCase()}#${a.id}` : null;');
    assert.fail(`after ${after} focus is on ${now}, not on #${id}`);
  }
}

/**
 * Issue 19, errors at their cause: the field `#id` has focus, is marked (aria-invalid) and
 * described by its problem (aria-describedby names a .field-problem), the problem stands right
 * by the field, and both are inside the window. Returns the problem's text.
 */
export async function assertAtCause(s, id) {
  await expectFocus(s, id, 'a refused save');
  const r = await s.exec(
    `const f = document.getElementById(arguments[0]);
     const problem = (f.getAttribute('aria-describedby') ?? '').split(/\\s+/)
       .map((i) => document.getElementById(i)).find((el) => el?.classList.contains('field-problem'));
     const box = (el) => el.getBoundingClientRect();
     const inside = (b) => b.height > 0 && b.top >= 0 && b.bottom <= window.innerHeight;
     return {
       invalid: f.getAttribute('aria-invalid'),
       problem: problem?.textContent.trim() ?? null,
       fieldInside: inside(box(f)),
       problemInside: problem ? inside(box(problem)) : false,
       gap: problem ? Math.min(Math.abs(box(problem).top - box(f).bottom), Math.abs(box(f).top - box(problem).bottom)) : null,
       window: window.innerHeight,
     };`,
    [id],
  );
  assert.equal(r.invalid, 'true', `#${id} is not marked aria-invalid: ${JSON.stringify(r)}`);
  assert.ok(r.problem, `#${id} is not described by its problem: ${JSON.stringify(r)}`);
  assert.ok(r.fieldInside && r.problemInside, `#${id} or its problem is outside the window: ${JSON.stringify(r)}`);
  assert.ok(r.gap < 150, `the problem stands far from #${id}: ${JSON.stringify(r)}`);
  return r.problem;
}
