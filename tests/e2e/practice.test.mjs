// Issue 19, the practice profile ("Övning"), end to end in the real app: from the first-start
// screen into practice, the banner on every screen, an invented case, its consent form exported
// through the save dialog with the mark on every page, and back to the real profile's first
// start. Runs from its own profile (run.sh), where the real profile does not exist yet, and
// leaves the real profile as it found it: not made.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDriver, Session } from './webdriver.mjs';
import { tracedApp, assertAccessible, assertNoNetwork } from './harness.mjs';
import { shot } from './forms.mjs';
import { saveThroughDialog, waitForFile, checkPdf, pdfPages } from './exports.mjs';

const ROOT = process.env.E2E_ROOT;
const MARK = 'ÖVNING – inte verkliga uppgifter';
const APP_DATA = join(ROOT ?? '/nonexistent', 'data', 'se.tryggplan.app');

let driver;
before(async () => {
  assert.ok(ROOT, 'run through tests/e2e/run.sh');
  driver = await startDriver();
});
after(() => driver?.stop());

/** The banner is there, says the mark in words, and is inside the window. */
async function bannerShown(s, where) {
  const b = await s.exec(
    `const el = document.getElementById('practice-banner');
     if (!el) return null;
     const r = el.getBoundingClientRect();
     return { text: el.textContent.replace(/\\s+/g, ' ').trim(), top: r.top, bottom: r.bottom, height: r.height };`,
  );
  assert.ok(b, `no practice banner on ${where}`);
  assert.ok(b.text.includes(MARK), `${where}: the banner says "${b.text}"`);
  assert.ok(b.top >= 0 && b.bottom <= 80 && b.height > 0, `${where}: the banner is not in view: ${JSON.stringify(b)}`);
}

test('issue 19: practice from the first start, marked screens and papers, then back to the real profile', { timeout: 300000 }, async () => {
  const exports = join(ROOT, 'out', 'practice');
  mkdirSync(exports, { recursive: true });
  const s = await Session.start(driver, tracedApp('practice1'));
  try {
    // The first start offers practice; no banner before it is open.
    await s.waitFor('[data-screen="setup"]');
    assert.equal((await s.findAll('#practice-banner')).length, 0, 'a banner before practice');
    await s.click(await s.waitFor('#practice-open'));

    // The practice profile opens at once, with its invented cases, and says so on screen.
    await s.waitFor('[data-screen="cases"]');
    await bannerShown(s, 'the case list');
    await shot(s, '90-ovning-arenden', 'practice case list');
    await s.waitFor('#case-list [data-case-id]', { text: 'ÖVNING-2' });
    const list = await s.text(await s.find('#case-list'));
    for (const ref of ['ÖVNING-1', 'ÖVNING-2', 'ÖVNING-3']) assert.ok(list.includes(ref), `no ${ref} in:\n${list}`);
    // Its own directory beside the real one; the real profile was not made.
    assert.ok(existsSync(join(APP_DATA, 'ovning', 'tryggplan.db')), 'no practice database');
    assert.equal(existsSync(join(APP_DATA, 'data', 'tryggplan.db')), false, 'practice made a real database');

    // An invented case with a SIP in progress: its consent form for signature.
    await s.click(await s.waitFor('#case-list [data-case-id]', { text: 'ÖVNING-2' }));
    await s.waitFor('#case-tab-oversikt');
    await bannerShown(s, 'the case');
    await s.click(await s.waitFor('[data-overview-sip]'));
    await s.waitFor('[data-screen="sip"]');
    await s.click(await s.waitFor('#sip-tab-dokument'));
    await s.waitFor('#documents-list');
    await bannerShown(s, 'the documents');
    await shot(s, '91-ovning-dokument', 'practice documents');
    const i = await s.exec(
      `return Array.from(document.querySelectorAll('#documents-list [data-offer]')).findIndex((li) => li.querySelector('.offer-label').textContent.includes('Samtycke för underskrift'));`,
    );
    assert.ok(i >= 0, 'no consent form offered in practice');
    const buttons = await s.findAll('#documents-list [data-offer] .doc-export');
    await s.click(buttons[i]);
    const path = join(exports, 'ovning-samtycke.pdf');
    saveThroughDialog(path);
    await s.waitFor('#document-status', { text: 'Sparad som' });
    waitForFile(path);
    const text = checkPdf(path);
    assert.ok(text.includes('Maria Övningsdotter'), 'the invented person is not on the form');
    const pages = pdfPages(path);
    assert.ok(pages.length >= 1);
    pages.forEach((p, n) => {
      assert.ok(p.split(MARK).length - 1 >= 2, `page ${n + 1} lacks the mark at top and foot:\n${p}`);
    });

    // Inställningar: back to the real profile. The page is replaced; the real profile (not
    // made yet) shows its first start, without a banner.
    await s.click(await s.waitFor('#nav-settings'));
    await s.waitFor('[data-screen="settings"]');
    await bannerShown(s, 'the settings');
    await s.waitFor('#practice-leave-settings');
    await assertAccessible(s, 'practice settings');
    await s.click(await s.find('#practice-leave-settings'));
    await s.waitFor('[data-screen="setup"]', { timeout: 20000 });
    assert.equal((await s.findAll('#practice-banner')).length, 0, 'the banner stayed in the real profile');
    assert.equal(existsSync(join(APP_DATA, 'data', 'tryggplan.db')), false, 'leaving practice made a real database');
    // The real profile's directory holds nothing of practice.
    const realDir = join(APP_DATA, 'data');
    if (existsSync(realDir)) assert.deepEqual(readdirSync(realDir), [], 'files in the real profile');
  } finally {
    await s.end();
  }
});

test('the practice run used no IPv4/IPv6 networking', () => {
  assertNoNetwork('practice', 1);
});
