// Issue 6 (samråd) end to end, in the real app: a protected mother and her daughter, a police
// unit and a shelter in the directory → the Samråd tab → a de-identified consultation whose
// question has a planted name, town and phone number: blocked, with the hits and why; the phone
// number removed, the town (issue 17: no database stores it, the gazetteer knows it) and the name
// removed too → the underlag is clear, previewed and exported as a PDF
// through the save dialog (no name, number or place in it) → the consultation is recorded and
// listed, and the history names no one. Issue 17: a person with no SIP, her own consent to
// samråd registered, printed and withdrawn; with it a consultation names her, without it (or
// after the withdrawal) naming her is refused. Every new screen is checked with axe-core and
// photographed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { startDriver, Session } from './webdriver.mjs';
import { tracedApp, assertNoNetwork } from './harness.mjs';
import { swedishDate, personnummer, choose, fill, shot, enter, newCase } from './forms.mjs';
import { saveThroughDialog, waitForFile, checkPdf } from './exports.mjs';

const SHOTS = process.env.TRYGGPLAN_SCREENSHOTS;
const REF = 'VNR-2026-0088';
const ORG = 'Örebro kommun, Socialförvaltningen';
const POLICE = 'Polisen Bergslagen';
const SHELTER = 'Kvinnojouren Tellus';

const today = swedishDate();
const childBirth = `${Number(today.slice(0, 4)) - 7}-01-15`;
const MOTHER = { name: 'Johanna Wikström', number: personnummer('1991-06-02', 124) };
const CHILD = { name: 'Tilda Wikström', number: personnummer(childBirth, 242) };

let driver;
before(async () => {
  assert.ok(process.env.TRYGGPLAN_BIN && process.env.E2E_ROOT && SHOTS, 'run through tests/e2e/run.sh');
  driver = await startDriver();
});
after(() => driver?.stop());

async function addUnit(s, name, type, principal) {
  // The tests of this file share its profile: a unit its first test added is there already
  // (adding it again would leave the refused form, and its chosen huvudman, in place).
  const listed = await s.text(await s.waitFor('#unit-list'));
  if (listed.includes(name)) return;
  await fill(s, '#unit-name', name);
  await choose(s, '#unit-type', type);
  // The huvudman follows the type (issue 19: a police unit started as "Kommun").
  const shown = await s.exec(
    "const el = document.querySelector('#unit-principal'); return el.options[el.selectedIndex]?.textContent ?? '';",
  );
  assert.ok(shown.includes(principal), `a ${type} unit starts with huvudman "${shown}", not "${principal}"`);
  await choose(s, '#unit-principal', principal);
  await s.click(await s.waitFor('#unit-save'));
  await s.waitFor('#unit-list', { text: name });
}

/** Clicks the button `css` ("Ta bort", "Godkänn") of the hit whose text is `text`, once the
 * hits are there: after a hit is removed the text is checked again, and the list of hits
 * follows a moment later. */
async function onHit(s, text, css) {
  let i = -1;
  try {
    i = await s.waitUntil(
      `a hit "${text}" with ${css}`,
      `return 1 + Array.from(document.querySelectorAll('#samrad-hits [data-hit]'))
         .filter((li) => li.querySelector(arguments[1]))
         .findIndex((li) => li.querySelector('mark')?.textContent === arguments[0]);`,
      [text, css],
      { timeout: 10000 },
    ) - 1;
  } catch { /* named below */ }
  const hits = await s.exec("return Array.from(document.querySelectorAll('#samrad-hits [data-hit]')).map((li) => li.textContent.trim())");
  assert.ok(i >= 0, `no hit "${text}" with ${css}: ${JSON.stringify(hits)}`);
  await s.click((await s.findAll(`#samrad-hits [data-hit] ${css}`))[i]);
}

test('issue 6: a de-identified samråd is blocked by a planted name until it is removed, then exported and recorded', { timeout: 600000 }, async () => {
  const exports = join(process.env.E2E_ROOT, 'out', 'samrad-exports');
  mkdirSync(exports, { recursive: true });
  const s = await Session.start(driver, tracedApp('samrad1'));
  try {
    await enter(s);

    // The organisation's name for the documents' header, and two organisations.
    await s.click(await s.waitFor('#nav-settings'));
    await s.waitFor('[data-screen="settings"]');
    await fill(s, '#organisation-name', ORG);
    await s.click(await s.waitFor('#organisation-save'));
    await s.waitFor('#organisation-status', { text: 'Sparat' });
    await s.click(await s.waitFor('#nav-actors'));
    await s.waitFor('[data-screen="actors"]');
    await addUnit(s, POLICE, 'Polismyndigheten', 'Stat');
    await addUnit(s, SHELTER, 'Kvinnojour', 'Ideell');

    // ---- A case: a protected mother (a victim) and her daughter of 7.
    await s.click(await s.waitFor('#nav-cases'));
    await newCase(s, REF, MOTHER, { protectedIdentity: true });
    await s.click(await s.waitFor('#case-tab-personer'));
    await s.click(await s.waitFor('#add-person'));
    await fill(s, '#person-name', CHILD.name);
    await fill(s, '#person-number', CHILD.number);
    await s.click(await s.waitFor('#person-role-barn_som_bevittnat_vald'));
    await s.click(await s.waitFor('#person-submit'));
    await s.waitFor('#person-list', { text: CHILD.name });

    // ---- The Samråd tab: empty log, the form.
    await s.click(await s.waitFor('#case-tab-samrad'));
    await s.waitFor('#samrad-empty');
    await shot(s, '70-samrad-tom', 'the empty samråd log');
    await s.click(await s.waitFor('#samrad-new'));
    await s.waitFor('#samrad-form');
    // Nothing chosen: the form says what is missing, in Swedish.
    await s.click(await s.waitFor('#samrad-submit'));
    await s.waitFor('#samrad-error', { text: 'typ av samråd' });
    await choose(s, '#samrad-kind', 'Konsulterande');
    const unitId = async (name) =>
      s.exec(
        `return Array.from(document.querySelectorAll('#samrad-units li')).find((li) => li.textContent.includes(arguments[0]))?.querySelector('input').id`,
        [name],
      );
    await s.click(await s.waitFor(`#${await unitId(POLICE)}`));
    await s.click(await s.waitFor(`#${await unitId(SHELTER)}`));
    await s.click(await s.waitFor('#samrad-mode-avidentifierat'));

    // The de-identified summary is built by the core: role words and age bands, no names.
    const summary = await s.text(await s.waitFor('#samrad-summary', { text: 'Kvinna 30–39 år' }));
    assert.ok(summary.includes('Barn 6–9 år') && summary.includes('Skyddade personuppgifter finns i ärendet'), summary);
    for (const secret of [MOTHER.name, CHILD.name, 'Wikström', MOTHER.number.slice(2, 8), REF]) {
      assert.ok(!summary.includes(secret), `the summary shows ${secret}`);
    }
    await s.waitFor('#samrad-clear');

    // ---- A planted name, town and phone number in the worker's text: blocked, with why.
    await fill(s, '#samrad-question', 'Johanna är rädd att pappan hittar dem i Hudiksvall. Hur samordnar vi skyddet? Ring 070-123 45 67.');
    await s.click(await s.waitFor('#samrad-check'));
    await s.waitFor('#samrad-blocked', { text: '3 träffar är varken borttagna eller godkända' });
    await s.waitFor('#samrad-blocked', { text: 'namn «Johanna»' });
    await s.waitFor('#samrad-blocked', { text: 'ortnamn «Hudiksvall»' });
    await s.waitFor('#samrad-hits', { text: 'liknar namnet på en person i databasen' });
    await s.waitFor('#samrad-hits', { text: 'är namnet på en svensk ort' });
    assert.equal(await s.enabled(await s.find('#samrad-export-pdf')), false, 'the export is possible while blocked');
    await s.exec("document.querySelector('#samrad-question').scrollIntoView({ block: 'start' })");
    await shot(s, '71-samrad-sparrat', 'the summary blocked by a planted name and a phone number');
    // Saving is refused too, with the same reason.
    await s.click(await s.waitFor('#samrad-submit'));
    await s.waitFor('#samrad-error', { text: 'namn «Johanna»' });

    // Remove the phone number, the town, then the name ("Ta bort" cuts it out of the text).
    await onHit(s, '070-123 45 67', '.hit-remove');
    await s.waitFor('#samrad-blocked', { text: '2 träffar är varken borttagna eller godkända' });
    await onHit(s, 'Hudiksvall', '.hit-remove');
    await s.waitFor('#samrad-blocked', { text: '1 träff är varken borttagen eller godkänd' });
    await onHit(s, 'Johanna', '.hit-remove');
    await s.waitFor('#samrad-clear');
    const question = await s.exec("return document.querySelector('#samrad-question').value");
    assert.ok(!question.includes('Johanna') && !question.includes('Hudiksvall') && !question.includes('070') && question.includes('Hur samordnar vi skyddet?'), question);
    await s.exec("document.querySelector('#samrad-question').scrollIntoView({ block: 'start' })");
    await shot(s, '72-samrad-fritt', 'the summary with every hit removed');

    // ---- The PDF: previewed, then exported through the save dialog.
    await s.click(await s.waitFor('#samrad-preview-pdf'));
    await s.waitFor('#samrad-preview', { text: 'Avidentifierat ärende för samråd' });
    assert.equal(await s.text(await s.find('#samrad-file-name')), 'samrad-avidentifierat-underlag.pdf');
    await shot(s, '73-samrad-forhandsgranskning', 'the PDF preview of the underlag');
    await s.click(await s.waitFor('#samrad-export-pdf'));
    const path = join(exports, 'samrad.pdf');
    saveThroughDialog(path);
    await s.waitFor('#samrad-pdf-status', { text: 'Sparad som samrad.pdf' });
    waitForFile(path);
    const pdf = checkPdf(path);
    for (const want of ['Avidentifierat ärende för samråd', 'Kvinna 30–39 år', 'Hur samordnar vi skyddet?', ORG]) {
      assert.ok(pdf.includes(want), `the PDF lacks "${want}":\n${pdf}`);
    }
    for (const secret of [MOTHER.name, CHILD.name, 'Wikström', 'Johanna', 'Hudiksvall', '070-123', MOTHER.number, MOTHER.number.slice(2), CHILD.number, POLICE, SHELTER, REF]) {
      assert.ok(!pdf.includes(secret), `the PDF holds "${secret}"`);
    }

    // ---- Recorded: the log shows it, newest first, with the underlag that was brought.
    await s.click(await s.waitFor('#samrad-submit'));
    await s.waitFor('#samrad-saved', { text: 'registrerades' });
    const item = await s.text(await s.waitFor('#samrad-list [data-samrad-id]', { text: `Konsulterande samråd ${today}` }));
    assert.ok(item.includes('Avidentifierat') && item.includes(POLICE) && item.includes(SHELTER), item);
    assert.ok(item.includes('Godkända träffar') && item.includes('Inga'), item);
    await shot(s, '74-samrad-logg', 'the samråd log');

    // ---- The history: what happened, never a name, a unit or the question.
    await s.click(await s.waitFor('#case-tab-historik'));
    const history = await s.text(await s.waitFor('#history-list', { text: 'Samråd registrerat' }));
    assert.ok(history.includes('Avidentifierat underlag för samråd exporterad som PDF'), history);
    for (const secret of [MOTHER.name, CHILD.name, 'Johanna', 'Hudiksvall', POLICE, SHELTER, 'samordnar', '070']) {
      assert.ok(!history.includes(secret), `the history shows ${secret}`);
    }
  } finally {
    await s.end();
  }
});

/** The id of the select (or checkbox) in the list `list` whose row names `name`. */
async function rowControl(s, list, name) {
  const id = await s.exec(
    `return Array.from(document.querySelectorAll(arguments[0] + ' li')).find((li) => li.textContent.includes(arguments[1]))?.querySelector('select, input')?.id ?? null`,
    [list, name],
  );
  assert.ok(id, `no row "${name}" in ${list}`);
  return `#${id}`;
}

/** Opens the consultation form with the case brought "med samtycke" about `who`. */
async function withConsentForm(s, who, notes) {
  await s.click(await s.waitFor('#samrad-new'));
  await s.waitFor('#samrad-form');
  await choose(s, '#samrad-kind', 'Konsulterande');
  await s.click(await s.waitFor(await rowControl(s, '#samrad-units', POLICE)));
  await s.click(await s.waitFor('#samrad-mode-samtycke'));
  await choose(s, '#samrad-person', who);
  await s.click(await s.waitFor('#samrad-cat-valdssituationen'));
  await fill(s, '#samrad-notes', notes);
}

test('issue 17: samråd with its own consent names the person; without it the name is refused', { timeout: 600000 }, async () => {
  const s = await Session.start(driver, tracedApp('samrad2'));
  const PERSON = { name: 'Karin Lundqvist', number: personnummer('1984-02-11', 128) };
  const NOTES = 'Karin Lundqvist vill att polisen gör en ny riskbedömning före rättegången.';
  try {
    await enter(s);
    await s.click(await s.waitFor('#nav-settings'));
    await s.waitFor('[data-screen="settings"]');
    await fill(s, '#organisation-name', ORG);
    await s.click(await s.waitFor('#organisation-save'));
    await s.waitFor('#organisation-status', { text: 'Sparat' });
    await s.click(await s.waitFor('#nav-actors'));
    await s.waitFor('[data-screen="actors"]');
    await addUnit(s, POLICE, 'Polismyndigheten', 'Stat');
    await addUnit(s, SHELTER, 'Kvinnojour', 'Ideell');
    // A person with no SIP at all.
    await s.click(await s.waitFor('#nav-cases'));
    await newCase(s, 'VNR-2026-0117', PERSON);
    // Not protected: the new case shows at once, with no "Öppna akten".
    await s.click(await s.waitFor('#case-tab-samrad'));
    await s.waitFor('#samrad-consent-persons', { text: 'Inget giltigt samtycke till samråd' });

    // ---- Without a samråd consent: naming her is refused, with why and what to do instead.
    await withConsentForm(s, PERSON.name, NOTES);
    await s.click(await s.waitFor('#samrad-submit'));
    await s.waitFor('#samrad-error', { text: 'inget giltigt samtycke till samråd' });
    await s.waitFor('#samrad-error', { text: 'avidentifierat' });
    // De-identified, her name in the text is a hit that blocks saving.
    await s.click(await s.waitFor('#samrad-mode-avidentifierat'));
    await fill(s, '#samrad-question', NOTES);
    await s.click(await s.waitFor('#samrad-check'));
    await s.waitFor('#samrad-blocked', { text: 'namn «Karin Lundqvist»' });
    await s.click(await s.waitFor('#samrad-submit'));
    await s.waitFor('#samrad-error', { text: 'namn «Karin Lundqvist»' });
    await s.click(await s.waitFor('#samrad-cancel'));

    // ---- Her own consent to samråd: the police may take part, "Våldssituationen" may be brought.
    await s.click(await s.waitFor('#samrad-consent-new'));
    await choose(s, '#samrad-consent-person', PERSON.name);
    await choose(s, await rowControl(s, '#samrad-consent-units', POLICE), 'Får delta');
    await choose(s, '#samrad-consent-cat-valdssituationen', 'Får tas upp');
    await shot(s, '75-samrad-samtycke-registrera', 'the samråd consent form');
    await s.click(await s.waitFor('#samrad-consent-save'));
    await s.waitFor('#samrad-consent-status', { text: 'registrerat' });
    await s.waitFor('[data-samrad-person]', { text: 'Giltigt' });
    // Its own form for signature says it covers samråd only.
    await s.click(await s.waitFor('[data-samrad-consent-preview]'));
    const form = await s.text(await s.waitFor('#samrad-consent-preview', { text: 'Samtycke till samråd' }));
    assert.ok(form.includes('Samtycket gäller bara samråd') && form.includes(POLICE), form);
    await shot(s, '76-samrad-samtycke-blankett', 'the samråd consent form for signature');

    // ---- With it, the consultation names her.
    await withConsentForm(s, PERSON.name, NOTES);
    await s.click(await s.waitFor('#samrad-submit'));
    await s.waitFor('#samrad-saved', { text: 'registrerades' });
    const item = await s.text(await s.waitFor('#samrad-list [data-samrad-id]', { text: PERSON.name }));
    assert.ok(item.includes(NOTES) && item.includes('Samtycke till samråd') && item.includes('Våldssituationen'), item);
    await shot(s, '77-samrad-med-samtycke', 'a consultation under the samråd consent');

    // ---- Withdrawn: the police, who took part, are on the checklist; naming her is refused again.
    await s.click(await s.waitFor('[data-samrad-consent-withdraw]'));
    await fill(s, '#samrad-withdraw-how', 'Ringde och återkallade samtycket');
    await fill(s, '#samrad-withdraw-by', 'Lisa Berg');
    await s.click(await s.waitFor('#samrad-withdraw-save'));
    await s.waitFor('#samrad-consent-status', { text: 'återkallat' });
    await s.waitFor('[data-samrad-notice]', { text: POLICE });
    await withConsentForm(s, PERSON.name, NOTES);
    await s.click(await s.waitFor('#samrad-submit'));
    await s.waitFor('#samrad-error', { text: 'återkallade samtycket' });
    await s.click(await s.waitFor('#samrad-cancel'));

    // The history tells what happened, never her name or the notes.
    await s.click(await s.waitFor('#case-tab-historik'));
    const history = await s.text(await s.waitFor('#history-list', { text: 'Samtycke till samråd registrerat' }));
    assert.ok(history.includes('med samtycke till samråd'), history);
    for (const secret of [PERSON.name, 'Lundqvist', 'riskbedömning före', POLICE]) {
      assert.ok(!history.includes(secret), `the history shows ${secret}`);
    }
  } finally {
    await s.end();
  }
});

test('issue 6 (samråd): the run used no IPv4/IPv6 networking', () => {
  assertNoNetwork('samrad', 2);
});
