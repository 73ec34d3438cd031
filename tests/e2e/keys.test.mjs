// Issue 8 (keys and backups) end to end, in the real app: Inställningar → an encrypted backup
// through the save dialog (never readable as plain SQLite, no client name in its bytes, the
// reminder gone) → the passphrase changed: the old one no longer unlocks, the new one does →
// changed back → a new recovery key shown once → the log shows all of it and its chain holds.
// Every screen is checked with axe-core and photographed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { startDriver, Session } from './webdriver.mjs';
import { tracedApp, assertNoNetwork } from './harness.mjs';
import { PASS, personnummer, fill, shot, enter } from './forms.mjs';
import { saveThroughDialog, waitForFile } from './exports.mjs';

const SHOTS = process.env.TRYGGPLAN_SCREENSHOTS;
const ROOT = process.env.E2E_ROOT;
const NEW_PASS = 'en helt annan lösenfras för provet';
const CANARY = { name: 'Ylva Kanariesson', number: personnummer('1983-07-19', 148) };

let driver;
before(async () => {
  assert.ok(process.env.TRYGGPLAN_BIN && ROOT && SHOTS, 'run through tests/e2e/run.sh');
  driver = await startDriver();
});
after(() => driver?.stop());

async function unlockWith(s, pass) {
  await s.waitFor('[data-screen="unlock"]');
  await fill(s, '#unlock-passphrase', pass);
  await s.click(await s.find('#unlock-submit'));
}

test('issue 8: a backup through the dialog, the passphrase changed and back, a new recovery key, all in the log', { timeout: 600000 }, async () => {
  const out = join(ROOT, 'out', 'backups');
  mkdirSync(out, { recursive: true });
  const s = await Session.start(driver, tracedApp('keys1'));
  try {
    await enter(s);
    // A client whose name must never be readable in the backup file.
    await s.click(await s.waitFor('#new-case'));
    await s.waitFor('[data-screen="newCase"]');
    await fill(s, '#new-case-reference', 'VNR-2026-0900');
    await fill(s, '#new-person-name', CANARY.name);
    await fill(s, '#new-person-number', CANARY.number);
    await s.click(await s.waitFor('#new-person-role-valdsutsatt'));
    await s.click(await s.waitFor('#new-case-submit'));
    await s.waitFor('#case-title', { text: 'VNR-2026-0900' });

    // ---- The backup.
    await s.click(await s.waitFor('#nav-settings'));
    await s.waitFor('[data-screen="settings"]');
    await s.waitFor('#backup-last');
    await s.click(await s.waitFor('#backup-create'));
    const file = join(out, 'kopia.tpbak');
    saveThroughDialog(file);
    await s.waitFor('#backup-status', { text: 'sparad och kontrollerad' });
    waitForFile(file);
    const bytes = readFileSync(file);
    assert.ok(!bytes.subarray(0, 16).toString('latin1').startsWith('SQLite format 3'), 'a plain SQLite file');
    for (const secret of [CANARY.name, 'Kanariesson', CANARY.number, CANARY.number.replace('-', '')]) {
      assert.equal(bytes.indexOf(Buffer.from(secret, 'utf8')), -1, `the backup holds "${secret}" in the clear`);
    }
    await s.waitFor('#backup-last', { text: 'Senaste säkerhetskopia' });
    assert.equal((await s.findAll('#backup-reminder')).length, 0, 'the reminder stays after a backup');
    await s.exec("document.querySelector('#backup-heading').scrollIntoView({ block: 'start' })");
    await shot(s, '100-sakerhetskopia', 'the backup made');

    // ---- The passphrase: a wrong old one is refused; then changed.
    await fill(s, '#pass-old', 'inte den rätta lösenfrasen');
    await fill(s, '#pass-new', NEW_PASS);
    await fill(s, '#pass-confirm', NEW_PASS);
    await s.click(await s.find('#pass-submit'));
    await s.waitFor('#pass-error', { text: 'lösenfras' });
    await fill(s, '#pass-old', PASS);
    await s.click(await s.find('#pass-submit'));
    await s.waitFor('#pass-status', { text: 'Lösenfrasen är bytt' });
    await s.click(await s.waitFor('#lock-button'));
    await unlockWith(s, PASS);
    await s.waitFor('#unlock-error', { text: 'Fel lösenfras' });
    await unlockWith(s, NEW_PASS);
    // Unlocking goes back to the screen the lock interrupted.
    await s.waitFor('[data-screen="settings"]');
    // Back to the old one, so that later tests unlock.
    await s.click(await s.waitFor('#nav-settings'));
    await fill(s, '#pass-old', NEW_PASS);
    await fill(s, '#pass-new', PASS);
    await fill(s, '#pass-confirm', PASS);
    await s.click(await s.find('#pass-submit'));
    await s.waitFor('#pass-status', { text: 'Lösenfrasen är bytt' });

    // ---- A new recovery key, shown once.
    await fill(s, '#new-key-pass', PASS);
    await s.click(await s.find('#new-key-submit'));
    await s.waitFor('#recovery-key');
    const key = (await s.exec("return Array.from(document.querySelectorAll('#recovery-key .group')).map((g) => g.textContent.trim())")).join(' ');
    assert.equal(key.split(' ').length, 9, key);
    await s.exec("document.querySelector('#key-heading').scrollIntoView({ block: 'start' })");
    await shot(s, '101-ny-aterstallningsnyckel', 'a new recovery key');

    // ---- The log: the backup, the changes and the new key; never a key or a passphrase.
    await s.click(await s.waitFor('#log-show'));
    const log = await s.text(await s.waitFor('#log-list', { text: 'Lösenfrasen bytt' }));
    assert.ok(log.includes('Ny återställningsnyckel skapad'), log);
    assert.ok(/säkerhetskopi/i.test(log), log);
    for (const secret of [PASS, NEW_PASS, key.split(/\s+/)[0]]) assert.ok(!log.includes(secret), `the log shows ${secret}`);
    await s.click(await s.waitFor('#log-verify'));
    await s.waitFor('#log-check-ok', { text: 'Loggen är hel' });
    assert.ok(existsSync(file));
  } finally {
    await s.end();
  }
});

test('issue 8 (keys): the run used no IPv4/IPv6 networking', () => {
  assertNoNetwork('keys', 1);
});
