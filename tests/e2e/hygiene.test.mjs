// Issue 8, session hygiene, in the real app: the computer's screen lock and suspend (the D-Bus
// signals a desktop and logind send) lock Tryggplan and drop what it showed; a copy from the
// app is on the clipboard, marked for clipboard histories as secret, and gone 30 s later — and
// at once when the app locks; logout and shutdown (SIGTERM) lock the app before it ends, so the
// history's checkpoint covers the whole session and a database rewound to a copy from before it
// is flagged; the app's own output never holds a name, a personnummer or the passphrase.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdirSync, readdirSync, copyFileSync, rmSync, existsSync } from 'node:fs';
import { startDriver, Session, Keys, alive, poll } from './webdriver.mjs';
import { tracedApp, assertAccessible, assertNoNetwork, assertAppOutputHoldsNoData, e2eNames } from './harness.mjs';
import { PASS, personnummer, fill, shot, enter, newCase } from './forms.mjs';

const CANARY = { name: 'Vera Kanarieholm', number: personnummer('1979-10-05', 162) };

let driver;
before(async () => {
  assert.ok(process.env.TRYGGPLAN_BIN && process.env.DBUS_SYSTEM_BUS_ADDRESS, 'run through tests/e2e/run.sh');
  driver = await startDriver();
});
after(() => driver?.stop());

/** Sends a D-Bus signal as the desktop (session bus) or logind (system bus) would. */
function emit(bus, path, signal, ...args) {
  // `--system` (not `--address`): gdbus then registers on the bus (Hello) before it sends;
  // the stand-in system bus is found through DBUS_SYSTEM_BUS_ADDRESS, as the app finds it.
  execFileSync('gdbus', ['emit', `--${bus}`, '--object-path', path, '--signal', signal, ...args], { timeout: 10000 });
}

/** What another program reading the clipboard gets: its text (null if none) and its targets. */
function clipboard() {
  const py = [
    'import gi, json',
    "gi.require_version('Gtk', '3.0')",
    'from gi.repository import Gtk, Gdk',
    'c = Gtk.Clipboard.get(Gdk.SELECTION_CLIPBOARD)',
    'ok, targets = c.wait_for_targets()',
    'print(json.dumps({"text": c.wait_for_text(), "targets": [t.name() for t in (targets or [])]}))',
  ].join('\n');
  // Debian's Python, where python3-gi is installed (a python3 earlier on PATH may lack it).
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8', timeout: 15000 }));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));


async function unlockAgain(s) {
  await fill(s, '#unlock-passphrase', PASS);
  await s.click(await s.find('#unlock-submit'));
  await s.waitFor('#case-title', { text: 'VNR-2026-0950' });
}

async function lockedAndBlank(s, notice) {
  await s.waitFor('[data-screen="unlock"]');
  await s.waitFor('#lock-notice', { text: notice });
  const page = await s.exec('return document.body.innerText');
  assert.ok(!page.includes(CANARY.name) && !page.includes('VNR-2026-0950'), 'the lock screen still shows the case');
}

/** Selects the first text on the page that holds `text` (as a person would with the mouse). */
async function select(s, text) {
  const ok = await s.exec(
    `const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
     for (let n = walker.nextNode(); n; n = walker.nextNode()) {
       const i = n.data.indexOf(arguments[0]);
       if (i < 0) continue;
       const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + arguments[0].length);
       const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r); return true;
     }
     return false;`,
    [text],
  );
  assert.ok(ok, `"${text}" is not on the page`);
}

test('issue 8: the screen lock and suspend lock the app; a copy leaves the clipboard after 30 s and at every lock', { timeout: 300000 }, async () => {
  const s = await Session.start(driver, tracedApp('hygiene1'));
  try {
    await enter(s);
    await newCase(s, 'VNR-2026-0950', CANARY);

    // ---- The screen lock (session bus). The screen saver ending changes nothing.
    emit('session', '/org/freedesktop/ScreenSaver', 'org.freedesktop.ScreenSaver.ActiveChanged', 'false');
    await sleep(1500);
    assert.equal((await s.findAll('[data-screen="unlock"]')).length, 0, 'the screen saver ending locked the app');
    emit('session', '/org/freedesktop/ScreenSaver', 'org.freedesktop.ScreenSaver.ActiveChanged', 'true');
    await lockedAndBlank(s, 'datorn låstes');
    await shot(s, '110-last-av-skarmlas', 'locked by the screen lock');
    await unlockAgain(s);

    // ---- GNOME's screen saver, logind's session lock and suspend (system bus).
    emit('session', '/org/gnome/ScreenSaver', 'org.gnome.ScreenSaver.ActiveChanged', 'true');
    await lockedAndBlank(s, 'datorn låstes');
    await unlockAgain(s);
    emit('system', '/org/freedesktop/login1/session/auto', 'org.freedesktop.login1.Session.Lock');
    await lockedAndBlank(s, 'datorn låstes');
    await unlockAgain(s);
    emit('system', '/org/freedesktop/login1', 'org.freedesktop.login1.Manager.PrepareForSleep', 'true');
    await lockedAndBlank(s, 'viloläge');
    await unlockAgain(s);

    // ---- A copy: on the clipboard, marked secret for clipboard histories, told on screen.
    await select(s, CANARY.name);
    await s.chord(Keys.CONTROL, 'c');
    await s.waitFor('#copy-status', { text: 'töms om 30 sekunder' });
    let board = clipboard();
    assert.equal(board.text, CANARY.name);
    assert.ok(board.targets.includes('x-kde-passwordManagerHint'), board.targets.join(', '));
    await shot(s, '111-kopierat', 'a copy announced');
    // Still there before the time is up, gone after it.
    await sleep(20000);
    assert.equal(clipboard().text, CANARY.name, 'cleared too early');
    await poll('the clipboard is cleared after 30 s', () => clipboard().text === null, { timeout: 20000, every: 200 });
    assert.equal((await s.findAll('[data-screen="unlock"]')).length, 0, 'a lock, not the 30 s timer, cleared it');

    // ---- A copy, then a lock (Ctrl+L): cleared at once.
    await select(s, CANARY.name);
    await s.chord(Keys.CONTROL, 'c');
    await poll('the copy is on the clipboard', () => clipboard().text === CANARY.name, { timeout: 10000, every: 200 });
    await s.chord(Keys.CONTROL, 'l');
    await s.waitFor('[data-screen="unlock"]');
    await poll('the lock clears the clipboard', () => clipboard().text === null, { timeout: 5000, every: 200 });
  } finally {
    await s.end();
  }
});

// Issue 18: code planted in the page before a lock (as an injected script would be) is gone
// after it: the shell loads the page anew at every lock. A spy that copies every key it sees
// to the clipboard (through the app's own copy command, so the test can read it) proves it
// works before the lock, and sees nothing of the passphrase typed on the lock screen after it.
const PLANT = `
  window.__planted = 'före låsningen';
  const seen = [];
  addEventListener('keydown', (e) => {
    seen.push(e.key);
    window.__TAURI_INTERNALS__.invoke('copy_text', { text: 'spion:' + seen.join('') });
  }, true);
  // A page that asks to stay: the shell's replacement must not wait for an answer.
  addEventListener('beforeunload', (e) => { e.preventDefault(); e.returnValue = 'stanna'; });
  return true;`;

test('issue 18: a lock replaces the page: a script planted before it is gone, and its key listener never sees the passphrase', { timeout: 300000 }, async () => {
  const s = await Session.start(driver, tracedApp('hygiene4'));
  try {
    await enter(s);
    await s.waitFor('[data-screen="cases"]');
    for (const [how, lock] of [
      ['Ctrl+L', () => s.chord(Keys.CONTROL, 'l')],
      ['the screen lock', async () => emit('session', '/org/freedesktop/ScreenSaver', 'org.freedesktop.ScreenSaver.ActiveChanged', 'true')],
    ]) {
      assert.equal(await s.exec(PLANT), true);
      // The spy works: a key typed into the open app reaches it.
      await s.type(await s.waitFor('#case-search'), 'x');
      await poll('the planted spy sees keys', () => clipboard().text === 'spion:x', { timeout: 10000, every: 200 });
      await lock();
      await s.waitFor('[data-screen="unlock"]');
      await s.waitUntil('a fresh page', 'return window.__planted === undefined', [], { timeout: 10000 });
      await fill(s, '#unlock-passphrase', PASS);
      await sleep(1000);
      const board = clipboard().text ?? '';
      assert.ok(!board.includes(PASS.slice(0, 4)) && !board.startsWith('spion'), `${how}: the planted listener saw the passphrase`);
      assert.equal(await s.exec('return window.__planted ?? null'), null, `${how}: the planted global survived the lock`);
      await s.click(await s.find('#unlock-submit'));
      await s.waitFor('[data-screen="cases"]');
      assert.equal(await s.exec('return window.__planted ?? null'), null, `${how}: the planted global came back`);
    }
    await shot(s, '113-ny-sida-efter-lasning', 'the page after a lock and an unlock');
  } finally {
    await s.end();
  }
});

/** Real input, as the X server delivers it to the window (XTest, through xdotool): a turn of
 * the scroll wheel over the page. WebDriver's own input is synthesised inside WebKit and never
 * reaches the shell's GTK handlers, so it can't stand in for a user here. */
function scrollWheel() {
  const x = (...args) => execFileSync('xdotool', args, { encoding: 'utf8', timeout: 20000 }).trim();
  const win = x('search', '--onlyvisible', '--name', '^Tryggplan').split('\n')[0];
  x('mousemove', '--window', win, '640', '700');
  x('click', '5');
}

test('issue 18: only real input keeps the app unlocked, not a script calling a command every 20 s', { timeout: 300000 }, async () => {
  const s = await Session.start(driver, tracedApp('hygiene5'));
  try {
    await enter(s);
    await s.waitFor('[data-screen="cases"]');
    // The shortest idle time (enter() chose the longest at the first start).
    await s.click(await s.waitFor('#nav-settings'));
    await s.click(await s.waitFor('#auto-lock-minutes option[value="1"]'));
    await s.waitFor('#auto-lock-status', { text: '1 minut' });
    // A person scrolling every 20 s for 80 s: still open after the one idle minute.
    for (let i = 0; i < 4; i++) {
      scrollWheel();
      await sleep(20000);
    }
    assert.equal((await s.findAll('[data-screen="unlock"]')).length, 0, 'real input did not keep the app open');
    // The last input; from now on only the script's commands.
    scrollWheel();
    const started = Date.now();
    await s.exec(`const keep = () => window.__TAURI_INTERNALS__.invoke('list_cases', { query: '' });
      keep(); setInterval(keep, 20000); return true;`);
    // No input from now on, only the script's commands: the idle timer must still lock.
    await s.waitFor('[data-screen="unlock"]', { timeout: 100000 });
    await s.waitFor('#lock-notice', { text: 'utan aktivitet' });
    const took = (Date.now() - started) / 1000;
    assert.ok(took >= 50 && took < 80, `locked after ${took} s`);
    await shot(s, '114-last-trots-anrop', 'the idle lock although a script called a command every 20 s');
    await assertAccessible(s, 'the lock screen after a reload');
    // Only the passphrase field takes input on the lock screen.
    const fields = await s.exec("return Array.from(document.querySelectorAll('input, textarea, select, [contenteditable]')).map((e) => e.id)");
    assert.deepEqual(fields, ['unlock-passphrase']);
    // This file's later tests run with the longest idle time again (see forms.mjs enter()).
    await fill(s, '#unlock-passphrase', PASS);
    await s.click(await s.find('#unlock-submit'));
    await s.click(await s.waitFor('#nav-settings'));
    await s.click(await s.waitFor('#auto-lock-minutes option[value="60"]'));
    await s.waitFor('#auto-lock-status', { text: '60 minuter' });
  } finally {
    await s.end();
  }
});

const LATER = { name: 'Rut Kanarieberg', number: personnummer('1991-02-14', 171) };

test('issue 8: logout (SIGTERM) locks the app before it ends: a database rewound to a copy from before that session is flagged at the next unlock', { timeout: 300000 }, async () => {
  const dir = join(process.env.E2E_ROOT, 'data', 'se.tryggplan.app', 'data');
  const saved = join(process.env.E2E_ROOT, 'out', 'rewind');
  const dbFiles = (d) => readdirSync(d).filter((n) => n.startsWith('tryggplan.db'));
  // The copy an attacker with access to the files keeps (the app is closed, as it is now).
  mkdirSync(saved, { recursive: true });
  for (const f of dbFiles(dir)) copyFileSync(join(dir, f), join(saved, f));
  assert.ok(existsSync(join(saved, 'tryggplan.db')));

  const s = await Session.start(driver, tracedApp('hygiene2'));
  try {
    await enter(s);
    await newCase(s, 'VNR-2026-0951', LATER);
    // The session ends as at logout or shutdown: SIGTERM, with the app unlocked.
    assert.ok(s.pid && alive(s.pid), 'no app pid');
    process.kill(s.pid, 'SIGTERM');
    await poll('the app ends after SIGTERM', () => !alive(s.pid), { timeout: 15000, every: 200 });
  } finally {
    await s.end();
  }

  // The attacker puts the old copy back: the case made since is gone, and every entry the
  // history had at the copy is still there (the chain itself holds).
  for (const f of dbFiles(dir)) rmSync(join(dir, f));
  for (const f of dbFiles(saved)) copyFileSync(join(saved, f), join(dir, f));

  const t = await Session.start(driver, tracedApp('hygiene3'));
  try {
    await enter(t);
    const warning = await t.text(await t.waitFor('#history-warning', { text: 'äldre kopia' }));
    assert.ok(warning.includes('kontrollpunkten'), warning);
    assert.ok(!(await t.exec('return document.body.innerText')).includes('VNR-2026-0951'), 'the copy was not put back');
    await assertAccessible(t, 'the history warning');
    await shot(t, '112-historiken-stammer-inte', 'a rewound database flagged at unlock');
    // The warning is written to the log; the next lock keeps a new checkpoint, and the unlock
    // after it shows no warning.
    await t.click(await t.waitFor('#nav-settings'));
    await t.click(await t.waitFor('#log-show'));
    await t.waitFor('#log-list', { text: 'kontrollpunkten' });
    await t.click(await t.waitFor('#lock-button'));
    await fill(t, '#unlock-passphrase', PASS);
    await t.click(await t.find('#unlock-submit'));
    await t.waitFor('[data-screen="settings"]');
    await sleep(1000);
    assert.equal((await t.findAll('#history-warning')).length, 0, 'the warning came back after a lock');
  } finally {
    await t.end();
  }
});

test('issue 8: the app printed no name, personnummer or passphrase', () => {
  const { runs, bytes } = assertAppOutputHoldsNoData([...e2eNames(), CANARY.name, PASS]);
  // This file's own profile: its five app runs (hygiene1 to hygiene5), each one scanned.
  assert.equal(runs, 5, `${runs} runs, ${bytes} bytes`);
});

test('issue 8 (hygiene): the run used no IPv4/IPv6 networking', () => {
  assertNoNetwork('hygiene', 5);
});
