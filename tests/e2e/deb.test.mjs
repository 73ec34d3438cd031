// The installable Linux package: its dependencies and contents, and the release binary's
// hardening.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

const DEB = process.env.TRYGGPLAN_DEB;
const BIN = process.env.TRYGGPLAN_BIN;

test('the .deb declares what the app needs and ships only the app', () => {
  assert.ok(DEB, 'no .deb was built');
  const field = (f) => execFileSync('dpkg-deb', ['-f', DEB, f], { encoding: 'utf8' }).trim();
  assert.equal(field('Package'), 'tryggplan');
  const depends = field('Depends');
  assert.match(depends, /libwebkit2gtk-4\.1-0/);
  assert.match(depends, /libgtk-3-0/);
  // Regular files only (the mode column starts with '-'), as absolute paths.
  const files = execFileSync('dpkg-deb', ['-c', DEB], { encoding: 'utf8' })
    .split('\n').filter((l) => l.startsWith('-'))
    .map((l) => '/' + l.split(/\s+/).pop().replace(/^\.?\//, ''));
  assert.ok(files.includes('/usr/bin/tryggplan'), files.join('\n'));
  assert.ok(files.includes('/usr/share/applications/Tryggplan.desktop'), files.join('\n'));
  const unexpected = files.filter((p) => !/^\/usr\/(bin\/tryggplan|share\/applications\/Tryggplan\.desktop|share\/icons\/hicolor\/.+\/apps\/tryggplan\.png)$/.test(p));
  assert.deepEqual(unexpected, []);
  // Every shared library the binary needs is covered by a declared dependency or libc/glib
  // stack pulled in by WebKitGTK.
  const libs = execFileSync('ldd', [BIN], { encoding: 'utf8' });
  if (/libcrypto\.so\.3/.test(libs)) assert.match(depends, /libssl3/, 'binary links libcrypto: libssl3 must be a dependency');
  if (/libdbus-1\.so/.test(libs)) assert.match(depends + execFileSync('apt-cache', ['depends', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' }), /libdbus|libwebkit2gtk/);
});

test('the release binary is stripped', () => {
  const info = execFileSync('file', ['-L', BIN], { encoding: 'utf8' });
  assert.match(info, /stripped/);
  assert.doesNotMatch(info, /not stripped/);
});

test('the release app forbids core dumps (RLIMIT_CORE 1: no file, no pipe handler)', async () => {
  const { spawn } = await import('node:child_process');
  const { readFileSync } = await import('node:fs');
  const { setTimeout: sleep } = await import('node:timers/promises');
  // Started directly (the e2e session's D-Bus and display are inherited).
  const child = spawn(BIN, [], { stdio: 'ignore' });
  try {
    let limits = '';
    for (let i = 0; i < 50 && !/Max core file size\s+1\s+1\s/.test(limits); i++) {
      await sleep(100);
      try { limits = readFileSync(`/proc/${child.pid}/limits`, 'utf8'); } catch { /* not yet */ }
    }
    assert.match(limits, /Max core file size\s+1\s+1\s/);
    // PR_SET_DUMPABLE 0 is set in the same function (src-tauri/src/hardening.rs); the kernel
    // does not expose that flag to another root process, so only the rlimit is read here.
  } finally {
    const exited = new Promise((res) => child.once('exit', res));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5000).then(() => { child.kill('SIGKILL'); return exited; })]);
  }
});
