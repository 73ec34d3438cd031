// Issue 6 (protection of the person) end to end, in the real app: the Ombudsman's case. A
// protected mother and her daughter of 7; the father is a custodial guardian and registered as
// alleged perpetrator against the mother. At every step the app refuses or redacts: a trainee
// is refused for the protected family until a reason is written; inviting the father warns and
// needs a recorded decision; his copies of the consent form and the invitation carry no time,
// place, unit names or numbers, and "Vad mottagaren ser" lists what was removed and why; a held
// meeting needs the safety checklist. Every screen is checked with axe-core and photographed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDriver, Session } from './webdriver.mjs';
import { tracedApp, assertNoNetwork } from './harness.mjs';
import { swedishDate, personnummer, setValue, choose, fill, shot, enter, newCase } from './forms.mjs';

const SHOTS = process.env.TRYGGPLAN_SCREENSHOTS;
const REF = 'SKY-2026-0099';
const today = swedishDate();
const childBirth = `${Number(today.slice(0, 4)) - 7}-01-15`;
const MOTHER = { name: 'Maja Marklund', number: personnummer('1990-02-03', 124) };
const FATHER = { name: 'Olof Marklund', number: personnummer('1988-07-09', 131) };
const CHILD = { name: 'Lilly Marklund', number: personnummer(childBirth, 242) };
const SCHOOL = 'Solängens förskola';
const CARE = 'Barn och unga Nordväst';
const PLACE = 'Ekbackens familjecentrum';
const TIME = '14:15';

let driver;
before(async () => {
  assert.ok(process.env.TRYGGPLAN_BIN && process.env.E2E_ROOT && SHOTS, 'run through tests/e2e/run.sh');
  driver = await startDriver();
});
after(() => driver?.stop());

async function tab(s, id, css) {
  await s.click(await s.waitFor(id));
  if (css) await s.waitFor(css);
}

async function addPerson(s, p, role) {
  await tab(s, '#case-tab-personer', '#add-person');
  await s.click(await s.waitFor('#add-person'));
  await fill(s, '#person-name', p.name);
  await fill(s, '#person-number', p.number);
  if (role) await s.click(await s.waitFor(`#person-role-${role}`));
  await s.click(await s.waitFor('#person-submit'));
  await s.waitFor('#person-list', { text: p.name });
}

async function relate(s, from, kind, to, custody) {
  await choose(s, '#relation-from', from);
  await choose(s, '#relation-kind', kind);
  await choose(s, '#relation-to', to);
  if (custody) {
    await s.waitFor('#relation-custody');
    await choose(s, '#relation-custody', custody);
  }
  // The form is emptied when the add returns: the next relation waits for this one's row.
  const before = await s.count('#relation-list li');
  await s.click(await s.waitFor('#relation-add'));
  await s.waitUntil(`relation ${before + 1} in the list`, 'return document.querySelectorAll(\'#relation-list li\').length === arguments[0];', [before + 1]);
}

async function unit(s, name, type, principal) {
  await fill(s, '#unit-name', name);
  await choose(s, '#unit-type', type);
  await choose(s, '#unit-principal', principal);
  await s.click(await s.waitFor('#unit-save'));
  await s.waitFor('#unit-list', { text: name });
}

/** Marks, in the open consent form, the row whose label reads `text` as accepted. */
async function accept(s, text) {
  const id = await s.exec(
    `const l = Array.from(document.querySelectorAll('#consent-form label')).find((l) => l.textContent.trim() === arguments[0]);
     return l ? l.htmlFor : null;`,
    [text],
  );
  assert.ok(id, `no row "${text}" in the consent form`);
  await setValue(s, `#${id}`, 'accept');
}

/**
 * A written consent from the guardian whose giver label contains `guardian`; returns the
 * consent status once the saved consent is in it.
 */
async function guardianConsent(s, guardian) {
  await tab(s, '#sip-tab-samtycke', '#consent-new');
  await s.click(await s.waitFor('#consent-new'));
  await s.waitFor('#consent-form');
  const giver = await s.exec(
    `const l = Array.from(document.querySelectorAll('#consent-form label[for^="consent-giver-"]')).find((l) => l.textContent.includes(arguments[0]));
     return l ? l.htmlFor : null;`,
    [guardian],
  );
  assert.ok(giver, `no giver "${guardian}"`);
  await s.click(await s.waitFor(`#${giver}`));
  for (const a of [SCHOOL, CARE, 'Identitet och kontaktuppgifter', 'Insatser och plan', 'Barn']) await accept(s, a);
  await s.click(await s.waitFor('#consent-save'));
  // The form closes when the consent is saved; the status before it could read the same.
  await s.waitUntil('the consent form closes', "return document.querySelector('#consent-form') === null;");
  await s.waitFor('#consent-action-status', { text: 'Samtycket är registrerat' });
  return s.text(await s.find('#consent-status'));
}

async function preview(s, label) {
  const i = await s.exec(
    `return Array.from(document.querySelectorAll('#documents-list [data-offer]')).findIndex((li) => li.querySelector('.offer-label').textContent.includes(arguments[0]));`,
    [label],
  );
  assert.ok(i >= 0, `no document "${label}"`);
  await s.click((await s.findAll('#documents-list [data-offer] .doc-preview'))[i]);
  await s.waitFor('#document-preview-heading', { text: label });
  return s.text(await s.find('#document-preview'));
}

test('issue 6: a protected mother and child, the father a custodial guardian and alleged perpetrator', { timeout: 600000 }, async () => {
  const s = await Session.start(driver, tracedApp('protection1'));
  try {
    await enter(s);

    // ---- The case: the protected mother, the child, the father, and their relations.
    await newCase(s, REF, MOTHER, { protectedIdentity: true });
    await addPerson(s, CHILD, 'barn_som_bevittnat_vald');
    await addPerson(s, FATHER, 'valdsutovare');
    await relate(s, MOTHER.name, 'vårdnadshavare', CHILD.name, 'Ja');
    await s.waitFor('#relation-list', { text: 'vårdnadshavare' });
    await relate(s, FATHER.name, 'vårdnadshavare', CHILD.name, 'Ja');
    await relate(s, FATHER.name, 'uppgiven våldsutövare', MOTHER.name);
    await s.waitFor('#relation-list', { text: 'uppgiven våldsutövare' });
    await shot(s, '80-skydd-relationer', 'relations with an alleged perpetrator');

    // ---- The directory: the child's preschool, and a unit with a trainee.
    await s.click(await s.waitFor('#nav-actors'));
    await s.waitFor('[data-screen="actors"]');
    await unit(s, SCHOOL, 'Skola', 'Kommun');
    await unit(s, CARE, 'barn och unga', 'Kommun');
    const careId = await s.exec(
      `return Array.from(document.querySelectorAll('#unit-list [data-unit-id]')).find((li) => li.textContent.includes(arguments[0]))?.dataset.unitId`,
      [CARE],
    );
    await s.click(await s.waitFor(`[data-add-contact="${careId}"]`));
    await fill(s, '#contact-name', 'Pia Praktikant');
    await fill(s, '#contact-role', 'Socionomstudent');
    await s.click(await s.waitFor('#contact-temporary'));
    await s.click(await s.waitFor('#contact-save'));
    await s.waitFor('#unit-list', { text: 'Pia Praktikant' });

    // ---- The child's SIP, with both guardians' consent.
    await s.click(await s.waitFor('#nav-cases'));
    await s.waitFor('#case-list', { text: REF });
    const listed = await s.text(await s.find('#case-list'));
    for (const name of [MOTHER.name, CHILD.name, FATHER.name]) {
      assert.ok(!listed.includes(name), `the case list shows "${name}" of a protected family`);
    }
    await s.exec(
      `Array.from(document.querySelectorAll('#case-list .case-open')).find((e) => e.textContent.includes(arguments[0])).click()`,
      [REF],
    );
    await s.waitFor('#case-title', { text: REF });
    if ((await s.findAll('#case-open-record')).length > 0) await s.click(await s.find('#case-open-record'));
    await tab(s, '#case-tab-sip', '#sip-new-person');
    await choose(s, '#sip-new-person', CHILD.name);
    await setValue(s, '#sip-new-need-date', swedishDate(-10));
    await fill(s, '#sip-new-initiated-by', 'Barn och unga');
    await s.click(await s.waitFor('#sip-new-submit'));
    await s.waitFor('#sip-state', { text: 'Behov upptäckt' });
    // Both custodial guardians must consent: one is not enough.
    const one = await guardianConsent(s, MOTHER.name);
    assert.equal(one.split('Samtycke saknas från en vårdnadshavare').length - 1, 1, one);
    assert.ok(!one.includes('Giltigt'), one);
    assert.ok((await guardianConsent(s, FATHER.name)).includes('Giltigt'));

    // ---- Participants: the unit is allowed; its trainee is refused without a reason.
    await tab(s, '#sip-tab-deltagare', '#participant-unit');
    await choose(s, '#participant-unit', CARE);
    await s.click(await s.waitFor('#participant-add'));
    await s.waitFor('#participant-list', { text: CARE });
    await choose(s, '#participant-unit', SCHOOL);
    await s.click(await s.waitFor('#participant-add'));
    await s.waitFor('#participant-list', { text: SCHOOL });
    await choose(s, '#participant-unit', CARE);
    await choose(s, '#participant-contact', 'Pia Praktikant');
    await s.click(await s.waitFor('#participant-add'));
    await s.waitFor('#invite-pending', { text: 'praktikant' });
    await s.click(await s.waitFor('#invite-confirm'));
    await s.waitFor('#participant-error', { text: 'Skriv' });
    await shot(s, '81-skydd-praktikant-nekas', 'a trainee refused');
    await s.click(await s.waitFor('#invite-cancel'));
    assert.ok(!(await s.text(await s.find('#participant-list'))).includes('Pia Praktikant'), 'the trainee was added');

    // ---- The father: warned, and invited only with the decision written down.
    await choose(s, '#person-participant', FATHER.name);
    await s.click(await s.waitFor('#person-participant-add'));
    await s.waitFor('#invite-pending', { text: 'våldsutövare' });
    await s.click(await s.waitFor('#invite-confirm'));
    await s.waitFor('#participant-error', { text: 'beslutet' });
    // The refusal stands beside its cause, the invitation of the person — not under "Lägg till
    // deltagare" (issue 19).
    const besidePerson = await s.exec(
      "const e = document.querySelector('#invite-pending'); const f = document.querySelector('#person-participant'); const h = Array.from(document.querySelectorAll('h3')).find((h) => h.textContent.includes('Lägg till deltagare')); return !!e && !!f && !!h && !!(f.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING) && !!(e.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING);",
    );
    assert.ok(besidePerson, 'the person invitation\'s decision and refusal are not beside the person list');
    await fill(s, '#invite-decision', 'Gemensam vårdnad; deltar digitalt i en egen del av mötet, beslut av enhetschef');
    await shot(s, '82-skydd-pappan-varning', 'the warning before inviting the father');
    await s.click(await s.waitFor('#invite-confirm'));
    await s.waitFor('#person-participant-list', { text: FATHER.name });
    await s.waitFor('#person-participant-list', { text: 'Uppgiven våldsutövare' });
    await s.waitFor('#person-participant-list', { text: 'beslut av enhetschef' });
    await choose(s, '#person-participant', MOTHER.name);
    await s.click(await s.waitFor('#person-participant-add'));
    await s.waitFor('#person-participant-list', { text: MOTHER.name });
    await shot(s, '83-skydd-deltagare', 'participants with the recorded decision');

    // ---- Meetings: a booked one; a held one needs the safety checklist.
    await tab(s, '#sip-tab-moten', '#meeting-date');
    await setValue(s, '#meeting-date', swedishDate(14));
    await setValue(s, '#meeting-time', TIME);
    await fill(s, '#meeting-place', PLACE);
    await s.click(await s.waitFor('#meeting-save'));
    await s.waitFor('#meeting-list', { text: TIME });
    await setValue(s, '#meeting-date', swedishDate(-2));
    await setValue(s, '#meeting-time', '10:00');
    await fill(s, '#meeting-place', 'Socialkontoret');
    await s.click(await s.waitFor('#meeting-held'));
    await s.waitFor('#meeting-checklist');
    await s.click(await s.waitFor('#meeting-save'));
    await s.waitFor('#meeting-error', { text: 'säkerhetspunkterna' });
    for (const key of ['timeAndPlaceGivenOrally', 'flightMode', 'noTemporaryStaff', 'contactRouteAgreed']) {
      await s.click(await s.waitFor(`#meeting-check-${key}`));
    }
    await shot(s, '84-skydd-sakerhetspunkter', 'the meeting-safety checklist');
    await s.click(await s.waitFor('#meeting-save'));
    await s.waitFor('#meeting-list', { text: 'Hållet' });

    // ---- Documents: the father's copies, and what he would see.
    await tab(s, '#sip-tab-dokument', '#documents-list');
    const inv = await preview(s, `Kallelse till ${FATHER.name}`);
    const removed = await s.text(await s.find('#document-removed'));
    for (const want of ['Tiden för mötet', 'Platsen för mötet', 'Enheternas och kontaktpersonernas namn', 'Personnumret', 'våldsutövare']) {
      assert.ok(removed.includes(want), `"Vad mottagaren ser" lacks "${want}":\n${removed}`);
    }
    for (const secret of [TIME, PLACE, SCHOOL, CARE, CHILD.number, MOTHER.number, CHILD.number.slice(2)]) {
      assert.ok(!inv.includes(secret), `the father's invitation carries "${secret}"`);
    }
    await shot(s, '85-skydd-vad-pappan-ser', 'what the father sees: invitation');
    const form = await preview(s, `exemplar till ${FATHER.name}`);
    for (const secret of [SCHOOL, CARE, CHILD.number, MOTHER.number]) {
      assert.ok(!form.includes(secret), `the father's consent form carries "${secret}"`);
    }
    assert.ok(form.includes('Skola/Elevhälsa'), 'the actor types stay, so he knows what he consents to');
    await s.waitFor('#document-removed', { text: 'Enheternas och kontaktpersonernas namn' });
    await shot(s, '86-skydd-samtycke-pappan', 'what the father sees: consent form');
    // The mother's copy: a guardian, not guarded against — the units are there.
    const mothers = await preview(s, `exemplar till ${MOTHER.name}`);
    assert.ok(mothers.includes(SCHOOL), "the mother's consent form lacks the preschool");

    assertNoNetwork('protection1', 1);
  } finally {
    await s.end();
  }
});

// Issue 17: a guardian under "vårdnadshavare bjuds inte in" is refused at every door. The
// exception is recorded with its reason; inviting him is refused in the real window with the
// reason shown beside the attempt, his documents are listed as blocked with the reason, and an
// export of his invitation is refused by the core even when invoked directly.
test('issue 17: a guardian not invited is refused as participant and as recipient, naming the reason', { timeout: 600000 }, async () => {
  const s = await Session.start(driver, tracedApp('protection17'));
  const REF17 = 'SKY-2026-0117';
  const M = { name: 'Mira Lindqvist', number: personnummer('1991-04-05', 123) };
  const F = { name: 'Oskar Lindqvist', number: personnummer('1987-08-09', 133) };
  const C = { name: 'Ella Lindqvist', number: personnummer(childBirth, 244) };
  const REASON = 'Hot mot barnet och modern enligt polisanmälan';
  const UNIT = 'Barn och unga Sydost';
  try {
    await enter(s);
    await newCase(s, REF17, M);
    // Not protected: the new case shows at once, with no "Öppna akten".
    await addPerson(s, C, 'barn_som_bevittnat_vald');
    await addPerson(s, F, 'valdsutovare');
    await relate(s, M.name, 'vårdnadshavare', C.name, 'Ja');
    await relate(s, F.name, 'vårdnadshavare', C.name, 'Ja');
    await relate(s, F.name, 'uppgiven våldsutövare', M.name);

    await s.click(await s.waitFor('#nav-actors'));
    await s.waitFor('[data-screen="actors"]');
    await unit(s, UNIT, 'barn och unga', 'Kommun');

    await s.click(await s.waitFor('#nav-cases'));
    await s.waitFor('#case-list', { text: REF17 });
    await s.exec(
      `Array.from(document.querySelectorAll('#case-list .case-open')).find((e) => e.textContent.includes(arguments[0])).click()`,
      [REF17],
    );
    await s.waitFor('#case-title', { text: REF17 });
    if ((await s.findAll('#case-open-record')).length > 0) await s.click(await s.find('#case-open-record'));
    await tab(s, '#case-tab-sip', '#sip-new-person');
    await choose(s, '#sip-new-person', C.name);
    await setValue(s, '#sip-new-need-date', swedishDate(-10));
    await fill(s, '#sip-new-initiated-by', 'Barn och unga');
    await s.click(await s.waitFor('#sip-new-submit'));
    await s.waitFor('#sip-state', { text: 'Behov upptäckt' });

    // ---- The exception for the father, with its reason; the mother's consent is the basis.
    await tab(s, '#sip-tab-samtycke', '#consent-new');
    const fatherId = await s.exec(
      `return Array.from(document.querySelectorAll('[data-guardian]')).find((li) => li.textContent.includes(arguments[0]))?.dataset.guardian`,
      [F.name],
    );
    assert.ok(fatherId, 'the father is not listed as a guardian');
    await s.click(await s.waitFor(`[data-exception-for="${fatherId}"]`));
    await s.click(await s.waitFor(`#exc-kind-not-invited-${fatherId}`));
    await fill(s, `#exc-text-${fatherId}`, REASON);
    await s.exec(
      `Array.from(document.querySelectorAll('[data-guardian] button[type="submit"]')).find((b) => b.textContent.includes('Registrera undantaget')).click()`,
    );
    await s.waitFor(`[data-guardian="${fatherId}"]`, { text: 'Undantag' });
    await s.waitFor('#consent-new');
    const status = await s.exec('return document.querySelector(\'#consent-status\')?.textContent ?? ""');
    assert.ok(!status.includes('Giltigt'), `valid before the mother consented: ${status}`);
    await s.click(await s.waitFor('#consent-new'));
    await s.waitFor('#consent-form');
    const giver = await s.exec(
      `const l = Array.from(document.querySelectorAll('#consent-form label[for^="consent-giver-"]')).find((l) => l.textContent.includes(arguments[0]));
       return l ? l.htmlFor : null;`,
      [M.name],
    );
    await s.click(await s.waitFor(`#${giver}`));
    for (const a of [UNIT, 'Identitet och kontaktuppgifter', 'Insatser och plan', 'Barn']) await accept(s, a);
    await s.click(await s.waitFor('#consent-save'));
    await s.waitUntil('the consent form closes', "return document.querySelector('#consent-form') === null;");
    await s.waitFor('#consent-status', { text: 'Giltigt' });

    // ---- He is never offered for invitation (issue 19): the list leaves him out and says why,
    // with the recorded reason. No decision can replace the exception, so none is asked for.
    await tab(s, '#sip-tab-deltagare', '#participant-unit');
    await choose(s, '#participant-unit', UNIT);
    await s.click(await s.waitFor('#participant-add'));
    await s.waitFor('#participant-list', { text: UNIT });
    // The unit just added is no longer offered (issue 19).
    const unitOptions = await s.exec("return Array.from(document.querySelectorAll('#participant-unit option')).map((o) => o.textContent).join('|')");
    assert.ok(!unitOptions.includes(UNIT), `the unit just added is still offered: ${unitOptions}`);
    await s.waitFor('#person-participant-barred', { text: REASON });
    const personOptions = await s.exec("return Array.from(document.querySelectorAll('#person-participant option')).map((o) => o.textContent).join('|')");
    assert.ok(!personOptions.includes(F.name), `the guardian not invited is offered: ${personOptions}`);
    assert.equal((await s.findAll('#invite-pending')).length, 0, 'a decision was asked for although the exception bars him');
    await shot(s, '87-undantag-pappan-nekas', 'a guardian not invited, left out of the list with the reason');
    const invited = await s.exec('return document.querySelector(\'#person-participant-list\')?.textContent ?? ""');
    assert.ok(!invited.includes(F.name), 'the guardian not invited was added');

    // ---- A meeting; his invitation is blocked with the reason, and the core refuses it.
    await tab(s, '#sip-tab-moten', '#meeting-date');
    await setValue(s, '#meeting-date', swedishDate(14));
    await setValue(s, '#meeting-time', TIME);
    await fill(s, '#meeting-place', PLACE);
    await s.click(await s.waitFor('#meeting-save'));
    await s.waitFor('#meeting-list', { text: TIME });
    await tab(s, '#sip-tab-dokument', '#documents-list');
    const offers = await s.execAsync(
      `const done = arguments[arguments.length - 1];
       const invoke = (c, a) => window.__TAURI_INTERNALS__.invoke(c, a);
       invoke('list_cases', { query: '' })
         .then((cases) => invoke('get_case', { caseId: cases.find((x) => x.reference === arguments[0]).id }))
         .then((detail) => invoke('list_documents', { sipId: detail.sips[0].id }))
         .then(done, (e) => done({ error: e }));`,
      [REF17],
    );
    assert.ok(Array.isArray(offers), `list_documents: ${JSON.stringify(offers)}`);
    const his = offers.filter((o) => o.request.recipient?.kind === 'casePerson' && String(o.request.recipient.personId) === String(fatherId));
    assert.ok(his.some((o) => o.request.kind === 'invitation'), `no invitation offer for him: ${JSON.stringify(offers.map((o) => o.label))}`);
    for (const o of his) assert.ok((o.blocked ?? '').includes(REASON), `${o.label} is not blocked with the reason: ${o.blocked}`);
    // On screen: the reason beside his invitation.
    const shown = await s.exec(
      `const li = Array.from(document.querySelectorAll('#documents-list [data-offer="invitation"]')).find((li) => li.querySelector('.offer-label').textContent.includes(arguments[0]));
       return li ? { blocked: li.dataset.blocked ?? null, reason: li.querySelector('.reason')?.textContent ?? '' } : null;`,
      [`till ${F.name}`],
    );
    assert.ok(shown && shown.blocked === 'true' && shown.reason.includes(REASON), `his invitation on screen: ${JSON.stringify(shown)}`);
    // Invoked directly, as an injected script would: refused before any dialog opens.
    const invitation = his.find((o) => o.request.kind === 'invitation');
    const r = await s.execAsync(
      `const done = arguments[arguments.length - 1];
       window.__TAURI_INTERNALS__.invoke('export_document', { request: arguments[0] })
         .then((v) => done({ ok: true, value: v ?? null }), (e) => done({ ok: false, error: e }));`,
      [invitation.request],
    );
    assert.ok(!r.ok, `his invitation was exported: ${JSON.stringify(r)}`);
    assert.equal(r.error.kind, 'refused', JSON.stringify(r.error));
    assert.ok(r.error.message.includes(REASON), r.error.message);
    await shot(s, '88-undantag-dokument', 'his documents blocked with the reason');

    assertNoNetwork('protection17', 1);
  } finally {
    await s.end();
  }
});
