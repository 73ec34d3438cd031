// Issue 7 (follow-up and statistics) end to end, in the real app: a case with five women
// subjected to violence and a man who used it → the Uppföljning tab asks only who used violence
// (answered for one) → Statistik: the year's report on screen (tables, bar charts by sex and age,
// the SIPs per month line) with every number from 1 to 4 hidden, also in the charts → the
// threshold can't go below 3 → the CSV through the save dialog, read with Python's csv module as
// Swedish Excel would (BOM, semicolons): every number on screen is the CSV's → the PDF report,
// checked with qpdf and pdftotext → a deviation whose description names a person is refused
// until rewritten, then registered and moved to "Utredd". Every screen is checked with axe-core
// and photographed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startDriver, Session } from './webdriver.mjs';
import { tracedApp, assertNoNetwork } from './harness.mjs';
import { swedishDate, personnummer, choose, fill, shot, enter, newCase } from './forms.mjs';
import { saveThroughDialog, waitForFile, checkPdf } from './exports.mjs';

const SHOTS = process.env.TRYGGPLAN_SCREENSHOTS;
const REF = 'VNR-2026-0500';
const UNIT = 'Familjecentralen Norr';
const ORG = 'Örebro kommun, Socialförvaltningen';
const today = swedishDate();
const YEAR = today.slice(0, 4);
const WOMEN = [
  { name: 'Sara Lind', number: personnummer('1988-04-11', 122) },
  { name: 'Nora Holm', number: personnummer('1984-09-02', 144) },
  { name: 'Vera Sjö', number: personnummer('1990-01-23', 166) },
  { name: 'Alma Dahl', number: personnummer('1979-12-30', 188) },
  { name: 'Greta Ström', number: personnummer('1992-06-17', 102) },
];
const MAN = { name: 'Olof Lind', number: personnummer('1986-02-05', 131) };

let driver;
before(async () => {
  assert.ok(process.env.TRYGGPLAN_BIN && process.env.E2E_ROOT && SHOTS, 'run through tests/e2e/run.sh');
  driver = await startDriver();
});
after(() => driver?.stop());

async function addPerson(s, p, role) {
  await s.click(await s.waitFor('#add-person'));
  await fill(s, '#person-name', p.name);
  await fill(s, '#person-number', p.number);
  await s.click(await s.waitFor(`#person-role-${role}`));
  await s.click(await s.waitFor('#person-submit'));
  await s.waitFor('#person-list', { text: p.name });
}

/** Every cell of every report table on screen: { key, row, col, text }. */
async function screenCells(s) {
  return s.exec(`
    const out = [];
    for (const t of document.querySelectorAll('#stat-report table.stat-table')) {
      const key = t.id.replace(/^table-/, '');
      const cols = Array.from(t.querySelectorAll('thead th')).slice(1).map((th) => th.textContent.trim());
      for (const tr of t.querySelectorAll('tbody tr')) {
        const row = tr.querySelector('th').textContent.trim();
        Array.from(tr.querySelectorAll('td')).forEach((td, i) => out.push({ key, row, col: cols[i], text: td.textContent.trim() }));
      }
    }
    return out;`);
}

test('issue 7: the yearly report on screen, as CSV and as PDF, with small numbers hidden everywhere; a deviation that names someone is refused', { timeout: 900000 }, async () => {
  const exports = join(process.env.E2E_ROOT, 'out', 'statistics-exports');
  mkdirSync(exports, { recursive: true });
  const s = await Session.start(driver, tracedApp('statistics1'));
  try {
    await enter(s);

    // ---- The organisation's name (for the PDF's header), a unit for the deviation, and a case:
    // five women subjected to violence, one man.
    await s.click(await s.waitFor('#nav-settings'));
    await s.waitFor('[data-screen="settings"]');
    await fill(s, '#organisation-name', ORG);
    await s.click(await s.waitFor('#organisation-save'));
    await s.waitFor('#organisation-status', { text: 'Sparat' });
    await s.click(await s.waitFor('#nav-actors'));
    await s.waitFor('[data-screen="actors"]');
    await fill(s, '#unit-name', UNIT);
    await choose(s, '#unit-type', 'Barnhälsovård');
    await choose(s, '#unit-principal', 'Kommun');
    await s.click(await s.waitFor('#unit-save'));
    await s.waitFor('#unit-list', { text: UNIT });

    await s.click(await s.waitFor('#nav-cases'));
    await newCase(s, REF, WOMEN[0]);
    await s.click(await s.waitFor('#case-tab-personer'));
    for (const w of WOMEN.slice(1)) await addPerson(s, w, 'valdsutsatt');
    await addPerson(s, MAN, 'valdsutovare');
    await choose(s, '#relation-from', MAN.name);
    await choose(s, '#relation-kind', 'uppgiven våldsutövare');
    await choose(s, '#relation-to', WOMEN[0].name);
    await s.click(await s.waitFor('#relation-add'));
    await s.waitFor('#relation-list', { text: 'uppgiven våldsutövare' });

    // ---- Uppföljning: only who used violence is asked; Sara's answer is saved.
    await s.click(await s.waitFor('#case-tab-uppfoljning'));
    await s.waitFor('#followup-open', { text: '5 frågor är obesvarade' });
    const saraRow = await s.exec(
      `return Array.from(document.querySelectorAll('#followup-questions [data-question]')).find((li) => li.textContent.includes(arguments[0]) && li.textContent.includes(arguments[1]))?.dataset.question`,
      [WOMEN[0].name, MAN.name],
    );
    assert.ok(saraRow, 'no question about Sara and the registered perpetrator');
    await choose(s, `#fu-relation-${saraRow.replace(':', '\\:')}`, 'Före detta partner');
    await s.click(await s.waitFor(`[data-question="${saraRow}"] button`));
    await s.waitFor('#followup-saved', { text: `Sparat för ${WOMEN[0].name}` });
    await s.waitFor('#followup-open', { text: '4 frågor är obesvarade' });
    await shot(s, '90-uppfoljning', 'the individual follow-up: who used violence');

    // ---- Statistik: the year's report.
    await s.click(await s.waitFor('#nav-statistics'));
    await s.waitFor('#stat-period');
    await s.click(await s.waitFor(`#stat-year-${YEAR}`));
    await s.waitFor('#stat-report-heading', { text: `${YEAR}-01-01 – ${YEAR}-12-31` });
    const cells = await screenCells(s);
    assert.ok(cells.length > 100, `only ${cells.length} cells on screen`);
    // Never a number from 1 to 4, anywhere.
    for (const c of cells) {
      assert.ok(!/^[1-4]$/.test(c.text), `a small number is shown: ${JSON.stringify(c)}`);
    }
    // The five women aged 30–49 are counted: this file's own profile holds no one else.
    const women = cells.find((c) => c.key === 'malgrupp_valdsutsatt' && c.row === '30–49 år' && c.col === 'Kvinna');
    assert.equal(women?.text, '5', JSON.stringify(women));
    // Sara's answer is counted, and hidden: one of few.
    const exPartner = cells.find((c) => c.key === 'utovare' && c.row === 'Före detta partner' && c.col === 'Kvinna');
    assert.equal(exPartner?.text, '<5', JSON.stringify(exPartner));
    // The charts draw a bar for each published count above zero, and none for a hidden one.
    const bars = await s.exec("return document.querySelectorAll('#chart-malgrupp_valdsutsatt rect[data-bar]').length");
    const drawable = cells.filter((c) => c.key === 'malgrupp_valdsutsatt' && c.row !== 'Totalt' && c.col !== 'Totalt' && /^\d+$/.test(c.text) && Number(c.text) > 0).length;
    assert.equal(bars, drawable, `${bars} bars for ${drawable} published counts`);
    assert.equal(bars, 1, 'the five women, the one count above zero, are drawn as one bar');
    assert.ok(await s.exec("return document.querySelector('#chart-sip-per-manad svg') !== null"), 'no line chart');
    await shot(s, '91-statistik-rapport', 'the yearly report with charts');
    await s.exec("document.querySelector('#chart-malgrupp_valdsutsatt').scrollIntoView({ block: 'start' })");
    await s.screenshot(join(SHOTS, '92-statistik-diagram.png'));
    await s.exec("document.querySelector('#chart-sip-per-manad').scrollIntoView({ block: 'start' })");
    await s.screenshot(join(SHOTS, '93-statistik-linje.png'));
    await s.exec("document.querySelector('#table-malgrupp_valdsutsatt').scrollIntoView({ block: 'start' })");
    await s.screenshot(join(SHOTS, '94-statistik-tabeller.png'));

    // ---- The threshold: never below 3.
    await fill(s, '#stat-threshold', '2');
    await s.click(await s.waitFor('#stat-threshold-save'));
    await s.waitFor('#stat-threshold-error', { text: 'mellan 3 och 20' });
    await fill(s, '#stat-threshold', '5');
    await s.click(await s.waitFor('#stat-threshold-save'));
    await s.waitFor('#stat-threshold-saved', { text: 'Gränsen är 5' });

    // ---- The CSV, read as Swedish Excel would: every number on screen is the CSV's.
    await s.click(await s.waitFor('#stat-export-csv'));
    const csvPath = join(exports, 'statistik.csv');
    saveThroughDialog(csvPath);
    await s.waitFor('#stat-export-status', { text: 'Sparad: statistik.csv' });
    waitForFile(csvPath);
    const raw = readFileSync(csvPath);
    assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'no UTF-8 BOM');
    const rows = JSON.parse(
      execFileSync('python3', ['-c', `
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
    print(json.dumps(list(csv.DictReader(f, delimiter=';'))))
`, csvPath], { encoding: 'utf8' }),
    );
    assert.deepEqual(Object.keys(rows[0]), ['period_fran', 'period_till', 'grans', 'tabell', 'rubrik', 'rad', 'kolumn', 'varde']);
    const byCell = new Map(rows.map((r) => [`${r.tabell}|${r.rad}|${r.kolumn}`, r.varde]));
    let compared = 0;
    for (const c of cells.filter((c) => c.text !== '')) {
      assert.equal(byCell.get(`${c.key}|${c.row}|${c.col}`), c.text, `CSV and screen differ at ${c.key} / ${c.row} / ${c.col}`);
      compared++;
    }
    assert.ok(compared > 100, `only ${compared} cells compared`);
    for (const r of rows) assert.ok(!/^[1-4]$/.test(r.varde), `a small number in the CSV: ${JSON.stringify(r)}`);
    for (const w of [...WOMEN, MAN]) assert.ok(!raw.toString('utf8').includes(w.name.split(' ')[1]), `the CSV names ${w.name}`);

    // ---- A deviation that names a person: refused until rewritten.
    await s.click(await s.waitFor('#stat-tab-avvikelser'));
    await s.waitFor('#dev-list-heading');
    await s.click(await s.waitFor('#dev-new'));
    await choose(s, '#dev-kind', 'Information röjd');
    const party = await s.exec(
      `return Array.from(document.querySelectorAll('#dev-parties li')).find((li) => li.textContent.includes(arguments[0]))?.querySelector('input').id`,
      [UNIT],
    );
    await s.click(await s.waitFor(`#${party}`));
    await fill(s, '#dev-description', `Kallelsen till ${WOMEN[0].name} skickades till fel adress, ring 070-123 45 67.`);
    await s.click(await s.waitFor('#dev-check'));
    await s.waitFor('#dev-hits', { text: 'telefonnummer' });
    await s.waitFor('#dev-hits', { text: WOMEN[0].name });
    await s.click(await s.waitFor('#dev-submit'));
    await s.waitFor('#dev-error', { text: 'har inte sparats' });
    await shot(s, '95-avvikelse-sparrad', 'a deviation refused for naming a person');
    await fill(s, '#dev-description', 'En kallelse skickades med tid och plats trots skyddade personuppgifter.');
    await s.click(await s.waitFor('#dev-check'));
    await s.waitFor('#dev-clear');
    await s.click(await s.waitFor('#dev-submit'));
    await s.waitFor('#dev-saved', { text: 'registrerad' });
    const id = await s.exec("return document.querySelector('#dev-list [data-deviation-id]').dataset.deviationId");
    await choose(s, `#dev-status-${id}`, 'Utredd');
    await s.waitFor('#dev-saved', { text: 'status utredd' });
    const row = await s.text(await s.waitFor(`[data-deviation-id="${id}"]`, { text: 'Utredd' }));
    assert.ok(row.includes(UNIT) && row.includes('Information röjd') && !row.includes(WOMEN[0].name), row);
    await shot(s, '96-avvikelser', 'the deviations list');

    // ---- The PDF report, with its charts.
    await s.click(await s.waitFor('#stat-tab-rapport'));
    await s.click(await s.waitFor('#stat-preview-pdf'));
    await s.waitFor('#stat-preview', { text: 'Statistikrapport' });
    await s.exec("document.querySelector('#stat-preview').scrollIntoView({ block: 'start' })");
    await shot(s, '97-statistik-forhandsgranskning', 'the PDF preview of the report');
    await s.click(await s.waitFor('#stat-export-pdf'));
    const pdfPath = join(exports, 'statistik.pdf');
    saveThroughDialog(pdfPath);
    await s.waitFor('#stat-export-status', { text: 'Sparad: statistik.pdf' });
    waitForFile(pdfPath);
    const pdf = checkPdf(pdfPath);
    assert.ok(pdf.includes('Statistikrapport') && pdf.includes(`${YEAR}-01-01`), pdf.slice(0, 400));
    for (const w of [...WOMEN, MAN]) assert.ok(!pdf.includes(w.name.split(' ')[1]), `the PDF names ${w.name}`);
    assert.ok(!pdf.includes(REF), 'the PDF names the case');
    execFileSync('pdftoppm', ['-r', '50', '-png', '-f', '1', '-l', '2', pdfPath, join(SHOTS, '98-statistik-pdf')]);

    // ---- The log (Inställningar): both exports are there, by period only, and the chain holds.
    await s.click(await s.waitFor('#nav-settings'));
    await s.waitFor('[data-screen="settings"]');
    await choose(s, '#log-group', 'Exporter och utskrifter');
    await s.click(await s.waitFor('#log-show'));
    // The list loaded with the screen holds every kind; the filtered one only exports.
    const kinds = await s.waitUntil(
      'the log shows only exports',
      `const kinds = Array.from(document.querySelectorAll('#log-list tbody td:nth-child(2)')).map((td) => td.textContent.trim());
       return kinds.length > 0 && kinds.every((k) => k === arguments[0]) && kinds;`,
      ['Exporter och utskrifter'],
    );
    // This file's two exports, the CSV and the PDF, and nothing else (its own profile).
    assert.equal(kinds.length, 2, `${kinds.length} exports in the log`);
    const log = await s.text(await s.waitFor('#log-list', { text: 'exporterad som PDF' }));
    assert.ok(log.includes(`Statistikrapport ${YEAR}-01-01–${YEAR}-12-31 exporterad som CSV`), log);
    await s.click(await s.waitFor('#log-verify'));
    await s.waitFor('#log-check-ok', { text: 'Loggen är hel' });
    await s.exec("document.querySelector('#log-heading').scrollIntoView({ block: 'start' })");
    await shot(s, '99-logg', 'the log filtered to exports, its chain checked');
  } finally {
    await s.end();
  }
});

test('issue 7 (statistics): the run used no IPv4/IPv6 networking', () => {
  assertNoNetwork('statistics', 1);
});
