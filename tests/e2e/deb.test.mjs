// The installable Linux package: its dependencies and contents, and the release binary's
// hardening.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';

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
  // Every shared library the binary needs comes from a package that installing the .deb
  // brings: a declared dependency or one of theirs, however deep (libdbus-1-3, say, through
  // WebKitGTK's stack). A library from any other package would be missing on a user's machine.
  const libs = execFileSync('ldd', [BIN], { encoding: 'utf8' });
  if (/libcrypto\.so\.3/.test(libs)) assert.match(depends, /libssl3/, 'binary links libcrypto: libssl3 must be a dependency');
  const declared = depends.split(',').map((d) => d.trim().split(/[\s(|]/)[0]);
  const brought = new Set(
    execFileSync('apt-cache', ['depends', '--recurse', '--no-recommends', '--no-suggests', '--no-conflicts', '--no-breaks',
      '--no-replaces', '--no-enhances', ...declared], { encoding: 'utf8', maxBuffer: 16 << 20 })
      .split('\n').filter((l) => /^[a-z0-9]/.test(l)).map((l) => l.trim()),
  );
  for (const d of declared) assert.ok(brought.has(d), `apt does not know the dependency ${d}`);
  const paths = [...libs.matchAll(/=> (\/\S+)/g)].map((m) => m[1]);
  assert.ok(paths.some((p) => /libdbus-1\.so/.test(p)), `the binary links no libdbus (the keyring and the bus): ${libs}`);
  // dpkg knows a library by the path its package installed (/lib or /usr/lib on a merged /usr):
  // all the paths in one question (one per library takes a minute).
  const variants = (p) => [...new Set([p, realpathSync(p)].flatMap((q) => [q, q.replace(/^\/lib\//, '/usr/lib/'), q.replace(/^\/usr\/lib\//, '/lib/')]))];
  const owners = new Map();
  for (const line of spawnSync('dpkg', ['-S', ...paths.flatMap(variants)], { encoding: 'utf8', maxBuffer: 16 << 20 }).stdout.split('\n')) {
    const m = /^([^:,\s]+)(?::\S+)?: (\/\S+)$/.exec(line);
    if (m) owners.set(m[2], m[1]);
  }
  const missing = [];
  for (const p of paths) {
    const owner = variants(p).map((q) => owners.get(q)).find(Boolean);
    if (!owner || !brought.has(owner)) missing.push(`${p} (${owner ?? 'no package'})`);
  }
  assert.deepEqual(missing, [], 'libraries the binary needs that no dependency brings');
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
