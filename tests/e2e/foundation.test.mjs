// Foundation, end to end in the real app: first start → passphrase → start screen → lock →
// wrong passphrase → right passphrase → keyboard lock → restart → unlock. The app runs under
// strace; afterwards no AF_INET/AF_INET6 connect may have happened, and no file the app
// wrote may contain the passphrase.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, readdirSync, statSync, chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startDriver, Session, Keys } from './webdriver.mjs';

const BIN = process.env.TRYGGPLAN_BIN;
const ROOT = process.env.E2E_ROOT;
const SHOTS = process.env.TRYGGPLAN_SCREENSHOTS;
const PASS = 'Solrosor i Sörmland 1987';
const STRACE_DIR = join(ROOT, 'out', 'strace');
const step = (m) => { if (process.env.E2E_TRACE) process.stderr.write(`[e2e] ${m}\n`); };

let driver;
before(async () => {
  assert.ok(BIN && ROOT && SHOTS, 'run through tests/e2e/run.sh');
  mkdirSync(STRACE_DIR, { recursive: true });
  driver = await startDriver();
});
after(() => driver?.stop());

/** WebKitWebDriver starts "the browser" with extra arguments and, at the end of a session,
 * kills the process it started. So the wrapper it starts must become the app itself: strace
 * attaches to the wrapper shell by pid (following every later child, the WebKit processes
 * too), and once attached the shell execs the real binary. */
function tracedApp(name) {
  const wrapper = join(ROOT, 'out', `${name}.sh`);
  writeFileSync(wrapper, [
    '#!/bin/sh',
    // The automation channel WebKitWebDriver gives the app (a loopback TCP address); the only
    // inet connection the trace may show, and only because WebDriver is driving the app.
    `printf %s "$WEBKIT_INSPECTOR_SERVER" > '${join(STRACE_DIR, name)}.inspector'`,
    `strace -f -qq -e trace=%network -o '${join(STRACE_DIR, name)}.log' -p $$ 2>/dev/null &`,
    // Wait (at most 10 s) until strace is attached; without it the run must fail, not hang.
    'i=0',
    `while [ "$(awk '/^TracerPid/{print $2}' /proc/$$/status)" = 0 ]; do i=$((i+1)); [ $i -gt 1000 ] && exit 97; sleep 0.01; done`,
    `exec '${BIN}' "$@"`,
    '',
  ].join('\n'));
  chmodSync(wrapper, 0o755);
  return wrapper;
}

async function assertAccessible(s, screen) {
  const v = await s.axe();
  assert.deepEqual(v, [], `axe found serious/critical problems on ${screen}:\n${JSON.stringify(v, null, 2)}`);
}

test('first start, lock, wrong and right passphrase, keyboard lock, restart', { timeout: 180000 }, async () => {
  let s = await Session.start(driver, tracedApp('run1'));
  try {
    // First start: choose a passphrase.
    await s.waitFor('[data-screen="setup"]');
    step('await s.waitFor(\'[data-screen="setup"]\');');
    assert.equal(await s.title(), 'Tryggplan');
    await assertAccessible(s, 'setup');
    await s.screenshot(join(SHOTS, '01-forsta-start.png'));
    step("await s.screenshot(join(SHOTS, '01-forsta-start.png'));");

    // Too short is refused with a Swedish explanation; nothing is created.
    await s.type(await s.find('#setup-passphrase'), 'kort');
    step("await s.type(await s.find('#setup-passphrase'), 'kort');");
    await s.type(await s.find('#setup-confirm'), 'kort');
    step("await s.type(await s.find('#setup-confirm'), 'kort');");
    await s.click(await s.find('#setup-submit'));
    step("await s.click(await s.find('#setup-submit'));");
    await s.waitFor('#setup-error', { text: 'minst' });
    step("await s.waitFor('#setup-error', { text: 'minst' });");
    assert.equal(existsSync(join(ROOT, 'data', 'se.tryggplan.app', 'data', 'tryggplan.db')), false);

    await s.clear(await s.find('#setup-passphrase'));
    step("await s.clear(await s.find('#setup-passphrase'));");
    await s.clear(await s.find('#setup-confirm'));
    step("await s.clear(await s.find('#setup-confirm'));");
    await s.type(await s.find('#setup-passphrase'), PASS);
    step("await s.type(await s.find('#setup-passphrase'), PASS);");
    await s.type(await s.find('#setup-confirm'), PASS);
    step("await s.type(await s.find('#setup-confirm'), PASS);");
    await s.click(await s.find('#setup-submit'));
    step("await s.click(await s.find('#setup-submit'));");

    // The start screen: an empty case list and a lock button.
    await s.waitFor('[data-screen="cases"]');
    step('await s.waitFor(\'[data-screen="cases"]\');');
    const h1 = await s.text(await s.find('h1'));
    assert.equal(h1, 'Ärenden');
    await s.waitFor('#case-list-empty', { text: 'Inga ärenden' });
    step("await s.waitFor('#case-list-empty', { text: 'Inga ärenden' }");
    assert.match(await s.text(await s.find('#lock-button')), /Lås/);
    await assertAccessible(s, 'cases');
    await s.screenshot(join(SHOTS, '02-arenden.png'));
    step("await s.screenshot(join(SHOTS, '02-arenden.png'));");
    assert.ok(existsSync(join(ROOT, 'data', 'se.tryggplan.app', 'data', 'tryggplan.db')));

    // Lock with the button.
    await s.click(await s.find('#lock-button'));
    step("await s.click(await s.find('#lock-button'));");
    await s.waitFor('[data-screen="unlock"]');
    step('await s.waitFor(\'[data-screen="unlock"]\');');
    await assertAccessible(s, 'unlock');
    await s.screenshot(join(SHOTS, '03-last.png'));
    step("await s.screenshot(join(SHOTS, '03-last.png'));");

    // Wrong passphrase: a clear message, still locked.
    await s.type(await s.find('#unlock-passphrase'), 'fel lösenfras helt och hållet');
    step("await s.type(await s.find('#unlock-passphrase'), 'fel lösenf");
    await s.click(await s.find('#unlock-submit'));
    step("await s.click(await s.find('#unlock-submit'));");
    await s.waitFor('#unlock-error', { text: 'Fel lösenfras' });
    step("await s.waitFor('#unlock-error', { text: 'Fel lösenfras' });");
    assert.equal((await s.findAll('[data-screen="cases"]')).length, 0);
    await s.screenshot(join(SHOTS, '04-fel-losenfras.png'));
    step("await s.screenshot(join(SHOTS, '04-fel-losenfras.png'));");

    // Right passphrase, by keyboard alone: the field has focus; type and press Enter.
    const focused = await s.active();
    assert.equal(await s.attr(focused, 'id'), 'unlock-passphrase', 'the passphrase field should have focus');
    await s.keys(PASS + Keys.ENTER);
    step('await s.keys(PASS + Keys.ENTER);');
    await s.waitFor('[data-screen="cases"]');
    step('await s.waitFor(\'[data-screen="cases"]\');');

    // Ctrl+L locks from anywhere.
    await s.chord(Keys.CONTROL, 'l');
    step("await s.chord(Keys.CONTROL, 'l');");
    await s.waitFor('[data-screen="unlock"]');
    step('await s.waitFor(\'[data-screen="unlock"]\');');
  } finally {
    await s.end();
    step('await s.end();');
  }

  // A restart finds the existing database (unlock, not setup) and opens it with the key
  // from the real keyring.
  s = await Session.start(driver, tracedApp('run2'));
  try {
    await s.waitFor('[data-screen="unlock"]');
    step('await s.waitFor(\'[data-screen="unlock"]\');');
    await s.type(await s.find('#unlock-passphrase'), PASS);
    step("await s.type(await s.find('#unlock-passphrase'), PASS);");
    await s.click(await s.find('#unlock-submit'));
    step("await s.click(await s.find('#unlock-submit'));");
    await s.waitFor('[data-screen="cases"]');
    step('await s.waitFor(\'[data-screen="cases"]\');');

    // Single instance: a second start exits and leaves the running window alone.
    const second = spawn(BIN, [], { stdio: 'ignore' });
    const code = await Promise.race([
      new Promise((res) => second.on('exit', (c) => res(c))),
      sleep(15000).then(() => 'still running'),
    ]);
    if (code === 'still running') second.kill('SIGKILL');
    assert.equal(code, 0, 'a second instance must hand over to the first and exit');
    await s.waitFor('[data-screen="cases"]');
    step('await s.waitFor(\'[data-screen="cases"]\');');
  } finally {
    await s.end();
    step('await s.end();');
  }
});

test('after the configured idle time the app locks itself and drops what it showed', { timeout: 180000 }, async () => {
  const s = await Session.start(driver, tracedApp('run3'));
  try {
    await s.waitFor('[data-screen="unlock"]');
    await s.type(await s.find('#unlock-passphrase'), PASS);
    await s.click(await s.find('#unlock-submit'));
    await s.waitFor('[data-screen="cases"]');
    // The shortest idle time, chosen in the settings panel (saved in the encrypted database).
    await s.click(await s.find('#auto-lock-minutes option[value="1"]'));
    await s.waitFor('#auto-lock-status', { text: '1 minut' });
    await s.type(await s.find('#case-search'), 'Sörmland');
    // No input from now on: the backend's idle timer must lock and tell the UI.
    await s.waitFor('[data-screen="unlock"]', { timeout: 90000 });
    await s.waitFor('#lock-notice', { text: 'utan aktivitet' });
    assert.equal((await s.findAll('#case-search')).length, 0);
    const html = await s.exec('return document.documentElement.outerHTML');
    assert.ok(!html.includes('Sörmland'), 'the search text survived the lock in the DOM');
    await s.screenshot(join(SHOTS, '05-last-efter-inaktivitet.png'));
    // The setting survived: after unlocking, the panel shows one minute.
    await s.type(await s.find('#unlock-passphrase'), PASS);
    await s.click(await s.find('#unlock-submit'));
    await s.waitFor('#auto-lock-status', { text: '1 minut' });
  } finally {
    await s.end();
  }
});

// Under WebDriver, WebKit serves its remote-inspector protocol on the loopback address
// WebKitWebDriver chose (WEBKIT_INSPECTOR_SERVER): the app binds it, its own processes and the
// driver connect to it. That address is the only inet endpoint allowed. NETLINK route dumps
// (WebKit's network monitor reading the kernel's routing table) mention AF_INET but are not
// network traffic.
test('the app used no IPv4/IPv6 networking at all', () => {
  const logs = readdirSync(STRACE_DIR).filter((f) => f.endsWith('.log'));
  assert.ok(logs.length >= 3, 'strace logs missing');
  let calls = 0;
  let automation = 0;
  let inetSockets = 0;
  const violations = [];
  for (const f of logs) {
    const inspector = readFileSync(join(STRACE_DIR, f.replace(/\.log$/, '.inspector')), 'utf8').trim();
    assert.match(inspector, /^127\.0\.0\.1:\d+$/, 'WebKitWebDriver gave no loopback automation address');
    for (const line of readFileSync(join(STRACE_DIR, f), 'utf8').split('\n')) {
      const head = line.match(/^\d+\s+(\w+)\(/);
      if (!head) continue;
      calls++;
      if (line.includes('AF_NETLINK') || !/AF_INET6?\b/.test(line)) continue;
      const call = head[1];
      const addr = line.match(/sin_port=htons\((\d+)\), sin_addr=inet_addr\("([\d.]+)"\)/);
      const target = addr ? `${addr[2]}:${addr[1]}` : null;
      if ((call === 'connect' || call === 'bind') && target === inspector) automation++;
      else if (call === 'socket' && /socket\(AF_INET, SOCK_STREAM/.test(line)) inetSockets++;
      // Addresses, options and accepted peers of the inspector sockets: nothing leaves the host.
      else if (['getsockname', 'getpeername', 'getsockopt', 'setsockopt', 'accept', 'accept4'].includes(call)
        && (!addr || addr[2] === '127.0.0.1')) continue;
      else violations.push(line);
    }
  }
  assert.ok(calls > 0, 'strace saw no network call at all: the trace is not working');
  assert.ok(automation > 0, 'the WebDriver automation channel was not seen: the trace is not working');
  assert.deepEqual(violations, [], 'IPv4/IPv6 networking other than the WebDriver automation channel');
  assert.ok(inetSockets <= automation, `${inetSockets} inet sockets for ${automation} automation binds/connects`);
});

test('no file the app wrote contains the passphrase, and the database has no SQLite header', () => {
  const needles = [Buffer.from(PASS, 'utf8'), Buffer.from(PASS, 'utf16le')];
  const hits = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) { if (p !== join(ROOT, 'out')) walk(p); continue; }
      if (!st.isFile()) continue;
      const bytes = readFileSync(p);
      for (const n of needles) if (bytes.includes(n)) hits.push(p);
    }
  };
  walk(ROOT);
  assert.deepEqual(hits, []);
  const db = readFileSync(join(ROOT, 'data', 'se.tryggplan.app', 'data', 'tryggplan.db'));
  assert.notEqual(db.subarray(0, 16).toString('latin1'), 'SQLite format 3\0');
});
