// Shared by the e2e tests: the traced app wrapper, the axe check and the no-network rule.

import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, readdirSync, chmodSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = process.env.TRYGGPLAN_BIN;
const ROOT = process.env.E2E_ROOT;
export const STRACE_DIR = join(ROOT ?? '/nonexistent', 'out', 'strace');
/** Everything the app and its WebKit processes print (stdout and stderr), one file per run. */
export const APPLOG_DIR = join(ROOT ?? '/nonexistent', 'out', 'applog');
if (ROOT) {
  mkdirSync(STRACE_DIR, { recursive: true });
  mkdirSync(APPLOG_DIR, { recursive: true });
}

/** WebKitWebDriver starts "the browser" with extra arguments and, at the end of a session,
 * kills the process it started. So the wrapper it starts must become the app itself: strace
 * attaches to the wrapper shell by pid (following every later child, the WebKit processes
 * too), and once attached the shell execs the real binary. */
export function tracedApp(name) {
  const wrapper = join(ROOT, 'out', `${name}.sh`);
  writeFileSync(wrapper, [
    '#!/bin/sh',
    // The app's pid (the exec below keeps it), for Session.start and Session.end.
    `echo $$ > '${wrapper}.pid'`,
    // The automation channel WebKitWebDriver gives the app (a loopback TCP address); the only
    // inet connection the trace may show, and only because WebDriver is driving the app.
    `printf %s "$WEBKIT_INSPECTOR_SERVER" > '${join(STRACE_DIR, name)}.inspector'`,
    `strace -f -qq -e trace=%network -o '${join(STRACE_DIR, name)}.log' -p $$ 2>/dev/null &`,
    // Wait (at most 10 s) until strace is attached; without it the run must fail, not hang.
    'i=0',
    `while [ "$(awk '/^TracerPid/{print $2}' /proc/$$/status)" = 0 ]; do i=$((i+1)); [ $i -gt 1000 ] && exit 97; sleep 0.01; done`,
    // The app's own output (and its WebKit processes') is kept, to be scanned for data.
    `exec '${BIN}' "$@" >>'${join(APPLOG_DIR, name)}.log' 2>&1`,
    '',
  ].join('\n'));
  chmodSync(wrapper, 0o755);
  writeFileSync(`${wrapper}.applog`, `${join(APPLOG_DIR, name)}.log`);
  return wrapper;
}

export async function assertAccessible(s, screen) {
  const v = await s.axe();
  assert.deepEqual(v, [], `axe found serious/critical problems on ${screen}:\n${JSON.stringify(v, null, 2)}`);
}

// Under WebDriver, WebKit serves its remote-inspector protocol on the loopback address
// WebKitWebDriver chose (WEBKIT_INSPECTOR_SERVER): the app binds it, its own processes and the
// driver connect to it. That address is the only inet endpoint allowed. NETLINK route dumps
// (WebKit's network monitor reading the kernel's routing table) mention AF_INET but are not
// network traffic.
export function assertNoNetwork(prefix, minRuns) {
  const logs = readdirSync(STRACE_DIR).filter((f) => f.startsWith(prefix) && f.endsWith('.log'));
  assert.ok(logs.length >= minRuns, `strace logs missing: ${logs.length} of ${minRuns}`);
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
}

/** Issue 8: "no sensitive data in logs or crash output (a test scans the app's log output for
 * the canary)". Reads every app run's output so far (this file's, or those in `dir`: run.sh
 * scans every file's at the end); fails on any of `secrets` (names, passphrases) or anything
 * shaped like a personnummer. Returns the runs and bytes scanned. */
export function assertAppOutputHoldsNoData(secrets, dir = APPLOG_DIR) {
  const logs = readdirSync(dir).filter((f) => f.endsWith('.log'));
  let bytes = 0;
  const found = [];
  for (const f of logs) {
    const text = readFileSync(join(dir, f), 'utf8');
    bytes += Buffer.byteLength(text);
    for (const secret of secrets) {
      // A whole word (a surname inside another word is not a hit).
      const word = new RegExp(`(?<![\\p{L}\\p{N}])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u');
      if (word.test(text)) found.push(`${f}: ${secret}`);
    }
    // A date of birth (month 01–12, day 01–31 or a samordningsnummer's 61–91) and four digits.
    const number = text.match(/\b(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+]?\d{4}\b/);
    if (number) found.push(`${f}: ${number[0]}`);
  }
  assert.deepEqual(found, [], 'the app printed personal data or a passphrase');
  return { runs: logs.length, bytes };
}

/** Every person's name the e2e tests type (`name: '…'` in the test files), and each surname:
 * the canaries the app's output is scanned for. */
export function e2eNames() {
  const here = dirname(fileURLToPath(import.meta.url));
  const names = new Set();
  for (const f of readdirSync(here).filter((n) => n.endsWith('.test.mjs'))) {
    for (const m of readFileSync(join(here, f), 'utf8').matchAll(/name: '([^']+)'/g)) {
      names.add(m[1]);
      const parts = m[1].split(' ');
      if (parts.length > 1) names.add(parts[parts.length - 1]);
    }
  }
  return [...names];
}
