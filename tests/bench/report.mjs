// Writes docs/BENCHMARKS.md from the raw samples of tests/bench/run.sh.
// node tests/bench/report.mjs <store.json> <gui.json> <out.md>
//   env: BENCH_APP, BENCH_DEB (may be empty), BENCH_RUSTC, BENCH_LOAD_BEFORE, BENCH_LOAD_AFTER,
//        BENCH_STARTED (epoch s), BENCH_STARTUP_RUNS, BENCH_MEMORY_RUNS
import { readFileSync, writeFileSync, statSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { execFileSync } from 'node:child_process';
import os from 'node:os';

const [storePath, guiPath, outPath] = process.argv.slice(2);
const store = JSON.parse(readFileSync(storePath, 'utf8'));
const gui = JSON.parse(readFileSync(guiPath, 'utf8'));

// ------------------------------------------------------------------ statistics and format

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  const rank = (p) => s[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))];
  return { n, median, min: s[0], max: s[n - 1], p10: rank(0.1), p90: rank(0.9) };
}
const num = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const msf = (x) => `${num(x)} ms`;
const ratio = (x) => `${x.toFixed(2)}×`;
const mib = (kib) => kib / 1024;
const mb = (kib) => (kib * 1024) / 1e6;
const memf = (kib) => `${mib(kib).toFixed(1)} MiB`;
function spread(st, f = msf) {
  let s = `${f(st.min)} – ${f(st.max)}`;
  if (st.n >= 10) s += ` (p10–p90 ${f(st.p10)} – ${f(st.p90)})`;
  return s;
}
const yes = (ok) => (ok ? '**yes**' : '**no**');
const sh = (cmd, args) => { try { return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return '?'; } };

// ------------------------------------------------------------------ machine

const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
const cpuModel = (cpuinfo.match(/^model name\s*:\s*(.+)$/m) || [0, '?'])[1];
const memTotalKib = Number((readFileSync('/proc/meminfo', 'utf8').match(/^MemTotal:\s+(\d+)/m) || [0, 0])[1]);
const webkit = sh('dpkg-query', ['-W', '-f=${Version}', 'libwebkit2gtk-4.1-0']);
const git = sh('git', ['rev-parse', '--short', 'HEAD']);
const dirty = git !== '?' && sh('git', ['status', '--porcelain']) !== '';
const started = new Date(Number(process.env.BENCH_STARTED || Date.now() / 1000) * 1000);
const durationS = Math.round(Date.now() / 1000 - Number(process.env.BENCH_STARTED || Date.now() / 1000));

// ------------------------------------------------------------------ figures

const startup = stats(gui.startup.runs_ms);
const startupEmpty = gui.startup.empty_runs_ms?.length ? stats(gui.startup.empty_runs_ms) : null;
const startupRatio = startupEmpty ? startup.median / startupEmpty.median : null;
const startupPairs = startupEmpty ? stats(gui.startup.runs_ms.map((x, i) => x / gui.startup.empty_runs_ms[i])) : null;
const unlock = stats(store.unlock.unlock_ms);
const kdfUnwrap = stats(store.kdf.unwrap_ms);
const kdfWrap = stats(store.kdf.wrap_ms);

const sq = store.sqlcipher;
const pairRatios = (enc, plain) => enc.map((e, i) => e / plain[i]);
const ins = { enc: stats(sq.product.insert_ms), plain: stats(sq.plain.insert_ms) };
ins.ratio = ins.enc.median / ins.plain.median;
ins.pairs = stats(pairRatios(sq.product.insert_ms, sq.plain.insert_ms));
const rd = { enc: stats(sq.product.read_ms), plain: stats(sq.plain.read_ms) };
rd.ratio = rd.enc.median / rd.plain.median;
rd.pairs = stats(pairRatios(sq.product.read_ms, sq.plain.read_ms));
const integ = stats(sq.product.integrity_ms);
const openExisting = stats(sq.product.open_ms);
const reference = sq.tuning[0];
const openNoCheck = stats(reference.encrypted.open_ms);
const openPlain = stats(sq.plain.open_ms);

const m = gui.memory;
const pss = (arr) => stats(arr.map((x) => x.pss_kib));
const uss = (arr) => stats(arr.map((x) => x.uss_kib));
const memApp = pss(m.app_unlocked);
const memEmpty = pss(m.empty);
const memAppLocked = pss(m.app_locked);
const memDiffKib = memApp.median - memEmpty.median;
const memDiffMB = mb(memDiffKib);

const appBytes = statSync(process.env.BENCH_APP).size;
const deb = process.env.BENCH_DEB;
const debBytes = deb ? statSync(deb).size : null;
const bytesf = (b) => `${b.toLocaleString('en-US')} bytes (${(b / 1048576).toFixed(2)} MiB)`;

function breakdown(arr) {
  // The run with the median total, per process name.
  const sorted = [...arr].sort((a, b) => a.pss_kib - b.pss_kib);
  const mid = sorted[Math.floor((sorted.length - 1) / 2)];
  const by = new Map();
  for (const p of mid.processes) {
    const e = by.get(p.name) || { pss: 0, kinds: {} };
    e.pss += p.pss_kib;
    for (const [k, v] of Object.entries(p.kinds_kib || {})) e.kinds[k] = (e.kinds[k] || 0) + v;
    by.set(p.name, e);
  }
  return [...by].sort((a, b) => b[1].pss - a[1].pss).map(([name, e]) => {
    const kinds = Object.entries(e.kinds).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${mib(v).toFixed(1)}`).join(', ');
    return `${name} ${memf(e.pss)}${kinds ? ` (${kinds})` : ''}`;
  }).join('; ');
}

// ------------------------------------------------------------------ document

const L = [];
L.push('# Benchmarks');
L.push('');
L.push('Generated by `bash tests/bench/run.sh` — do not edit by hand; re-run it. Measurements, not');
L.push('tests: nothing fails when a target is missed. "Met" compares the **median** with the target.');
L.push('');
L.push('## Machine');
L.push('');
L.push('| | |');
L.push('| --- | --- |');
L.push(`| date | ${started.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')} (run took ${durationS} s) |`);
L.push(`| CPU | ${cpuModel} |`);
L.push(`| cores | ${os.cpus().length} |`);
L.push(`| RAM | ${(memTotalKib / 1048576).toFixed(1)} GiB |`);
L.push(`| kernel | ${os.type()} ${os.release()} ${os.machine()} |`);
L.push(`| OS | ${sh('sh', ['-c', '. /etc/os-release && echo "$PRETTY_NAME"'])} |`);
L.push(`| rustc | ${process.env.BENCH_RUSTC || sh('rustc', ['--version'])} |`);
L.push(`| WebKitGTK | libwebkit2gtk-4.1-0 ${webkit} |`);
L.push(`| SQLite / SQLCipher | SQLite ${sq.engine.sqlite_version}, SQLCipher ${sq.engine.cipher_version}, crypto provider ${sq.engine.cipher_provider} ${sq.engine.cipher_provider_version} |`);
L.push(`| load average (1/5/15 min) | before ${process.env.BENCH_LOAD_BEFORE || '?'}; after ${process.env.BENCH_LOAD_AFTER || '?'} |`);
if (git !== '?') L.push(`| source | git ${git}${dirty ? ' + uncommitted changes' : ''} |`);
L.push('');
L.push('Other work running on the machine at the same time (builds, tests) shows up in the load');
L.push('average above and widens the spreads.');
L.push('');
L.push('## Results');
L.push('');
L.push('| # | figure | median | spread (min – max) | N | target | met |');
L.push('| --- | --- | --- | --- | --- | --- | --- |');
L.push(`| 1 | cold start → first paint of the unlock screen | ${msf(startup.median)} | ${spread(startup)} | ${startup.n} | ≤ 500 ms | ${yes(startup.median <= 500)} |`);
if (startupEmpty) {
  L.push(`| 1a | cold start ÷ the empty Tauri 2 window's own start (${msf(startupEmpty.median)}, ${spread(startupEmpty)}), same run | ${ratio(startupRatio)} | per pair ${ratio(startupPairs.min)} – ${ratio(startupPairs.max)} | ${startup.n} + ${startupEmpty.n} | ≤ 1.3× | ${yes(startupRatio <= 1.3)} |`);
}
L.push(`| 2 | unlock: keyring read + Argon2id + open and verify the database | ${msf(unlock.median)} | ${spread(unlock)} | ${unlock.n} | ≤ 600 ms | ${yes(unlock.median <= 600)} |`);
L.push(`| 2a | Argon2id alone (\`keys::unwrap\`, m = ${store.kdf.params.memory_kib / 1024} MiB, t = ${store.kdf.params.iterations}, p = ${store.kdf.params.parallelism}) | ${msf(kdfUnwrap.median)} | ${spread(kdfUnwrap)} | ${kdfUnwrap.n} | — | — |`);
L.push(`| 3a | SQLCipher ÷ plain SQLite: ${sq.workload.rows.toLocaleString('en-US')} inserts of ${sq.workload.row_bytes.toLocaleString('en-US')} bytes, one transaction | ${ratio(ins.ratio)} (${msf(ins.enc.median)} vs ${msf(ins.plain.median)}) | per pair ${ratio(ins.pairs.min)} – ${ratio(ins.pairs.max)} | ${ins.enc.n} | ≤ 1.5× | ${yes(ins.ratio <= 1.5)} |`);
L.push(`| 3b | SQLCipher ÷ plain SQLite: ${sq.workload.reads.toLocaleString('en-US')} random point reads, fresh connection | ${ratio(rd.ratio)} (${msf(rd.enc.median)} vs ${msf(rd.plain.median)}) | per pair ${ratio(rd.pairs.min)} – ${ratio(rd.pairs.max)} | ${rd.enc.n} | ≤ 1.5× | ${yes(rd.ratio <= 1.5)} |`);
const wl = store.workloads;
const wlStats = wl ? wl.workloads.map((w) => {
  const enc = stats(w.encrypted_ms);
  const plain = stats(w.plain_ms);
  return { ...w, enc, plain, ratio: enc.median / plain.median, pairs: stats(pairRatios(w.encrypted_ms, w.plain_ms)) };
}) : [];
wlStats.forEach((w, i) => {
  L.push(`| 3${'defghij'[i]} | SQLCipher ÷ plain SQLite, the app's workload on its one long-lived connection: ${w.label} | ${ratio(w.ratio)} (${msf(w.enc.median)} vs ${msf(w.plain.median)}) | per pair ${ratio(w.pairs.min)} – ${ratio(w.pairs.max)} | ${w.enc.n} | ≤ 1.5× | ${yes(w.ratio <= 1.5)} |`);
});
L.push(`| 3c | \`PRAGMA cipher_integrity_check\` on the ${sq.workload.rows.toLocaleString('en-US')}-row database (${(sq.product.file_bytes / 1048576).toFixed(1)} MiB) | ${msf(integ.median)} | ${spread(integ)} | ${integ.n} | — | — |`);
L.push(`| 4 | memory (PSS, whole process tree): Tryggplan unlocked "Ärenden" − empty Tauri 2 window | ${memf(memDiffKib)} (${memDiffMB.toFixed(1)} MB) | ${memf(memApp.median)} (${spread(memApp, memf)}) vs ${memf(memEmpty.median)} (${spread(memEmpty, memf)}) | ${memApp.n} + ${memEmpty.n} | ≤ 0 (at or below the empty window) | ${yes(memDiffKib <= 0)} |`);
const longrun = m.longrun;
const growth = longrun ? longrun.samples.at(-1).pss_kib / longrun.samples[0].pss_kib - 1 : null;
if (longrun) {
  L.push(`| 4a | memory over time: PSS of the tree after opening and closing a case ${longrun.rounds} times (WebDriver), growth over the first round | ${(growth * 100).toFixed(1)} % (${memf(longrun.samples[0].pss_kib)} → ${memf(longrun.samples.at(-1).pss_kib)}) | — | 1 run | ≤ 10 % | ${yes(growth <= 0.1)} |`);
}
L.push(`| 5 | release binary \`target/release/tryggplan\` | ${bytesf(appBytes)} | — | — | ≤ 15 MiB | ${yes(appBytes <= 15 * 1048576)} |`);
L.push(`| 5a | .deb package | ${debBytes === null ? 'not built (run `bash .ci/deb`)' : `${bytesf(debBytes)}, \`${deb.split('/').pop()}\``} | — | — | ≤ 6 MiB | ${debBytes === null ? '—' : yes(debBytes <= 6 * 1048576)} |`);
const search = store.search;
const searchStats = search.queries.map((q) => ({ ...q, st: stats(q.ms) }));
const worstSearch = searchStats.reduce((a, b) => (b.st.median > a.st.median ? b : a));
L.push(`| 6 | search as you type (\`cases::list\`) over ${search.persons.toLocaleString('en-US')} persons in ${search.cases.toLocaleString('en-US')} cases — slowest query kind ("${worstSearch.query}") | ${msf(worstSearch.st.median)} | ${spread(worstSearch.st)} | ${worstSearch.st.n} | ≤ 50 ms (feels instant between keystrokes) | ${yes(worstSearch.st.median <= 50)} |`);
const docs = store.documents;
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const docStats = docs.kinds.map((d) => ({ ...d, st: stats(d.ms) }));
docStats.forEach((d, i) => {
  L.push(`| 7${'abcdefgh'[i]} | document: ${d.label} — prepare + render to PDF (${d.pages} ${d.pages === 1 ? 'page' : 'pages'}, ${kb(d.bytes)}) | ${msf(d.st.median)} | ${spread(d.st)} | ${d.st.n} | ≤ 500 ms (appears at once after the click) | ${yes(d.st.median <= 500)} |`);
});
const statistics = store.statistics;
const statTotal = statistics ? stats(statistics.gather_ms.map((g, i) => g + statistics.report_ms[i] + statistics.csv_ms[i])) : null;
if (statistics) {
  L.push(`| 8 | statistics: the yearly report over ${statistics.persons.toLocaleString('en-US')} persons — gather + report + CSV | ${msf(statTotal.median)} | ${spread(statTotal)} | ${statTotal.n} | ≤ 2 000 ms (a report is asked for a few times a year) | ${yes(statTotal.median <= 2000)} |`);
  if (statistics.pdf_ms) {
    const pdfTotal = stats(statistics.gather_ms.map((g, i) => g + statistics.report_ms[i] + statistics.pdf_ms[i]));
    L.push(`| 8b | statistics: the same report as a PDF with its charts — gather + report + PDF (${statistics.pdf_pages} pages, ${kb(statistics.pdf_bytes)}) | ${msf(pdfTotal.median)} | ${spread(pdfTotal)} | ${pdfTotal.n} | ≤ 2 000 ms (a report is asked for a few times a year) | ${yes(pdfTotal.median <= 2000)} |`);
  }
}
const backup = store.backup;
const backupStats = backup ? stats(backup.backup_ms) : null;
const restoreStats = backup ? stats(backup.restore_ms) : null;
if (backup) {
  L.push(`| 9a | backup of ${backup.persons.toLocaleString('en-US')} persons to one encrypted file (${bytesf(backup.backup_bytes)}) | ${msf(backupStats.median)} | ${spread(backupStats)} | ${backupStats.n} | ≤ 10 000 ms (runs with a progress bar) | ${yes(backupStats.median <= 10000)} |`);
  L.push(`| 9b | restore of that backup into a new profile, all checks included | ${msf(restoreStats.median)} | ${spread(restoreStats)} | ${restoreStats.n} | ≤ 10 000 ms (rare; with a progress bar) | ${yes(restoreStats.median <= 10000)} |`);
}
const scanBench = store.scan;
const scanHolds = scanBench ? scanBench.hold.map((h) => ({ ...h, st: stats(h.ms) })) : [];
const scanRefusals = scanBench ? scanBench.refuse.map((r) => ({ ...r, st: stats(r.ms) })) : [];
if (scanBench) {
  const worst = (list) => list.reduce((a, b) => (b.st.median > a.st.median ? b : a));
  const r = worst(scanRefusals);
  const h = worst(scanHolds);
  L.push(`| 10a | an oversized text (${(scanBench.oversized_bytes / 1048576).toFixed(1)} MiB) refused by the core — slowest command ("${r.command}") | ${msf(r.st.median)} | ${spread(r.st)} | ${r.st.n} | ≤ 10 ms | ${yes(r.st.median <= 10)} |`);
  L.push(`| 10b | the longest a scanner/check command holds the vault, on its largest allowed input — "${h.command}" (${h.input}) | ${msf(h.st.median)} | ${spread(h.st)} | ${h.st.n} | ≤ 100 ms | ${yes(h.st.median <= 100)} |`);
}
L.push('');

L.push('## 1. Cold start to first paint');
L.push('');
L.push('The release binary is started directly (no WebDriver) under Xvfb (1280×800×24) in a private');
L.push('D-Bus session with an unlocked gnome-keyring and a temporary `HOME`/`XDG_*`, on an existing');
L.push('profile (so it shows the unlock screen), with `TRYGGPLAN_TIMING=1`. Measured from just before');
L.push('`spawn()` in the Node harness to the epoch time the app prints once the UI has painted its first');
L.push('screen (`requestAnimationFrame` + `setTimeout 0`, then the `report_first_paint` command). After');
L.push('each run the app gets SIGTERM and the harness waits until it and its WebKit processes are gone.');
L.push(`One unrecorded warm-up run first (${msf(gui.startup.warmup_ms)}); "cold" means a new process,`);
L.push('not an empty OS file cache (the binary and WebKit libraries are in the page cache).');
L.push('');
L.push(`Runs (ms): ${gui.startup.runs_ms.join(', ')}`);
L.push('');
if (startupEmpty) {
  L.push('The empty Tauri 2 window (`tests/bench/empty-window/`, see figure 4) is started the same way,');
  L.push('alternating with Tryggplan run by run; its page reports its first paint the same way');
  L.push(`(\`requestAnimationFrame\` + \`setTimeout 0\`, then a command). Warm-up ${msf(gui.startup.empty_warmup_ms)}. Runs (ms): ${gui.startup.empty_runs_ms.join(', ')}`);
  L.push('');
  L.push('Where the time goes: each mark printed by the binary (`TRYGGPLAN_TIMING=1`), in ms after the');
  L.push('spawn, median over the runs. `main` = the Rust `main` runs (exec, dynamic linking of GTK and');
  L.push("WebKitGTK); `setup` = Tauri has created its event loop and calls the app's setup; `window-built`");
  L.push('= the window and its web view exist (the WebKit web process is being spawned); `page-load-started`');
  L.push("/ `-finished` = WebKit's load events for `index.html`; `ui-script` = the UI's first bundle");
  L.push('begins to run; `status-asked` / `lock-notice-asked` = its first two commands reach the shell (asked');
  L.push('at once); `ui-status` = the answers are back in the page; `ui-rendered` = the lock screen is in the');
  L.push('DOM; `first-paint` = the page reports its first painted frame. The `ui-*` marks are taken by the');
  L.push('page (`performance.timeOrigin + performance.now()`) and sent with the first-paint report.');
  L.push('');
  const markNames = ['main', 'setup', 'window-built', 'page-load-started', 'page-load-finished', 'ui-script', 'status-asked', 'lock-notice-asked', 'ui-status', 'ui-rendered', 'first-paint'];
  const med = (list, k) => { const xs = list.map((x) => x[k]).filter((x) => x !== undefined); return xs.length ? msf(stats(xs).median) : '—'; };
  L.push('| mark | Tryggplan | empty window |');
  L.push('| --- | --- | --- |');
  for (const k of markNames) L.push(`| ${k} | ${med(gui.startup.marks, k)} | ${med(gui.startup.empty_marks, k)} |`);
  L.push('');
}

L.push('## 2. Unlock');
L.push('');
L.push('`tests/src/bin/bench_store.rs` (release) inside the same kind of D-Bus + gnome-keyring session:');
L.push('`Vault::new(dir, Box::new(OsKeyring), SystemClock)`, `setup` once, then each run `lock()` and');
L.push('time `unlock()`: Secret Service read over D-Bus, NFC normalisation, Argon2id, XChaCha20-Poly1305');
L.push('unwrap, `store::open(Existing)` (raw key, first read, `cipher_integrity_check`, pragmas, migration');
L.push(`check) and reading the auto-lock setting. The database is a fresh profile. Setup took ${msf(store.unlock.setup_ms)}.`);
L.push('');
L.push('| | median | min – max | N |');
L.push('| --- | --- | --- | --- |');
L.push(`| \`Vault::unlock\` | ${msf(unlock.median)} | ${spread(unlock)} | ${unlock.n} |`);
L.push(`| \`keys::unwrap\` (Argon2id + decrypt) | ${msf(kdfUnwrap.median)} | ${spread(kdfUnwrap)} | ${kdfUnwrap.n} |`);
L.push(`| \`keys::wrap\` (Argon2id + encrypt) | ${msf(kdfWrap.median)} | ${spread(kdfWrap)} | ${kdfWrap.n} |`);
L.push(`| unlock minus Argon2id (keyring, open, verify) | ≈ ${msf(unlock.median - kdfUnwrap.median)} | — | — |`);
L.push('');

L.push('## 3. SQLCipher against plain SQLite');
L.push('');
L.push(`Workload: ${sq.workload.rows.toLocaleString('en-US')} rows of ${sq.workload.row_bytes.toLocaleString('en-US')} bytes of text inserted in one transaction`);
L.push('(commit included; the WAL checkpoint at close is not); the connection is closed; then');
L.push(`${sq.workload.reads.toLocaleString('en-US')} random \`SELECT body … WHERE id = ?\` on a **freshly opened** connection (SQLite's page`);
L.push('cache empty; the OS file cache is warm). Same deterministic data and read order every time.');
L.push(`${sq.workload.reps} repetitions each, plain and encrypted alternating, after one unrecorded warm-up of each.`);
L.push('');
L.push('- **Encrypted** = exactly the product\'s connection: `tryggplan_core::store::open(path, &key,');
L.push('  OpenMode::Create / Existing)` with a `DbKey::generate()` key.');
L.push('- **Plain** = the **same bundled SQLCipher library** (same SQLite engine and version) opened');
L.push('  **without a key**, which is plain SQLite, with the same pragmas');
L.push(`  (\`${sq.workload.pragmas.join('`, `')}\`) and the same schema (the product\'s migrations).`);
L.push('');
L.push('| | plain SQLite | SQLCipher (`store::open`) | ratio of medians | ratio per pair (min – max) |');
L.push('| --- | --- | --- | --- | --- |');
L.push(`| insert, median (min – max) | ${msf(ins.plain.median)} (${spread(ins.plain)}) | ${msf(ins.enc.median)} (${spread(ins.enc)}) | ${ratio(ins.ratio)} | ${ratio(ins.pairs.min)} – ${ratio(ins.pairs.max)} |`);
L.push(`| cold reads, median (min – max) | ${msf(rd.plain.median)} (${spread(rd.plain)}) | ${msf(rd.enc.median)} (${spread(rd.enc)}) | ${ratio(rd.ratio)} | ${ratio(rd.pairs.min)} – ${ratio(rd.pairs.max)} |`);
L.push(`| open of the existing file | ${msf(openPlain.median)} | ${msf(openExisting.median)} (incl. integrity check) | — | — |`);
L.push(`| pages × page size | ${sq.plain.page_count} × ${sq.plain.page_size} | ${sq.product.page_count} × ${sq.product.page_size} | — | — |`);
L.push(`| file size | ${(sq.plain.file_bytes / 1048576).toFixed(1)} MiB | ${(sq.product.file_bytes / 1048576).toFixed(1)} MiB | — | — |`);
L.push('');
L.push(`SQLCipher reserves ${sq.product.page_size === 4096 ? '80' : 'some'} bytes per page (IV + HMAC), so a 4 096-byte page holds one ${sq.workload.row_bytes}-byte`);
L.push('row where plain SQLite fits two: compare the page counts above. That doubles the pages to');
L.push('write, encrypt, read and verify for rows of this size.');
L.push('');
L.push('**Integrity check on open.** `store::open(Existing)` runs `PRAGMA cipher_integrity_check`, which');
L.push('reads and verifies the HMAC of every page of the file. On this database:');
L.push('');
L.push('| | median | min – max | N |');
L.push('| --- | --- | --- | --- |');
L.push(`| \`store::open(Existing)\` (with the check) | ${msf(openExisting.median)} | ${spread(openExisting)} | ${openExisting.n} |`);
L.push(`| the pragma on its own (same connection, again) | ${msf(integ.median)} | ${spread(integ)} | ${integ.n} |`);
L.push(`| same settings opened by hand without the check | ${msf(openNoCheck.median)} | ${spread(openNoCheck)} | ${openNoCheck.n} |`);
L.push('');
L.push('The check grows linearly with the file; on a fresh profile it is negligible (see unlock).');
L.push('');

L.push('### What moved it (tuning, not applied to the product)');
L.push('');
L.push('Each row is a hand-made encrypted connection with the product\'s settings plus one change');
L.push('(the first row is the unchanged reference, to show the hand-made connection matches');
L.push('`store::open`). "vs plain, same knob" compares with plain SQLite given the same change where');
L.push('the knob exists there too (page size, cache, synchronous); cipher-only knobs are compared with');
L.push('the plain baseline above. "vs plain baseline" is against plain SQLite with the product pragmas.');
L.push(`Medians of ${sq.workload.reps} repetitions each.`);
L.push('');
L.push('| variant | insert | ÷ plain, same knob | ÷ plain baseline | cold reads | ÷ plain, same knob | ÷ plain baseline | pages |');
L.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const t of sq.tuning) {
  const ei = stats(t.encrypted.insert_ms).median;
  const er = stats(t.encrypted.read_ms).median;
  const pi = t.plain_same_knob ? stats(t.plain_same_knob.insert_ms).median : ins.plain.median;
  const pr = t.plain_same_knob ? stats(t.plain_same_knob.read_ms).median : rd.plain.median;
  L.push(`| ${t.name} | ${msf(ei)} | ${ratio(ei / pi)} | ${ratio(ei / ins.plain.median)} | ${msf(er)} | ${ratio(er / pr)} | ${ratio(er / rd.plain.median)} | ${t.encrypted.page_count} × ${t.encrypted.page_size} |`);
}
L.push('');
L.push(`Defaults of this build: \`cipher_default_page_size\` ${sq.engine.cipher_default_page_size}, \`cipher_hmac_algorithm\` ${sq.engine.cipher_hmac_algorithm},`);
L.push(`\`cipher_memory_security\` ${sq.engine.cipher_memory_security} (0 = off). \`cipher_memory_security\` can only be switched on`);
L.push('(process-wide), so that row runs last. `cipher_use_hmac = OFF` is shown only to size the cost of');
L.push('the per-page HMAC; it removes tamper detection. `cipher_page_size` and the HMAC algorithm are');
L.push('fixed when a file is created: changing them for existing users needs `sqlcipher_export` into a new file.');
L.push('');

if (wl) {
  L.push("### The app's own workloads");
  L.push('');
  L.push(`\`bench_store workloads\`: two databases filled the same way through the product's own functions`);
  L.push(`(${wl.persons.toLocaleString('en-US')} persons in ${wl.cases.toLocaleString('en-US')} cases, a SIP in every third case, every tenth case with skyddad`);
  L.push(`folkbokföring; filling took ${msf(wl.fill_ms.plain)} plain and ${msf(wl.fill_ms.encrypted)} encrypted; ${wl.pages.plain} and ${wl.pages.encrypted} pages).`);
  L.push('**Encrypted** is `store::open` exactly as the app opens it (its `cache_size` is');
  L.push(`\`${wl.cache_size}\`); **plain** is the same library without a key, same pragmas and schema. Each database is`);
  L.push('opened once and kept open, as the app keeps its one connection from unlock to lock; the');
  L.push('workloads run alternating plain and encrypted, one unrecorded warm-up run each first.');
  L.push('');
  L.push('| workload | plain SQLite, median (min – max) | SQLCipher, median (min – max) | ratio of medians | ratio per pair (min – max) | N |');
  L.push('| --- | --- | --- | --- | --- | --- |');
  for (const w of wlStats) {
    L.push(`| ${w.label} | ${msf(w.plain.median)} (${msf(w.plain.min)} – ${msf(w.plain.max)}) | ${msf(w.enc.median)} (${msf(w.enc.min)} – ${msf(w.enc.max)}) | ${ratio(w.ratio)} | ${ratio(w.pairs.min)} – ${ratio(w.pairs.max)} | ${w.enc.n} |`);
  }
  L.push('');
}

L.push('## 4. Memory');
L.push('');
L.push('Proportional set size (`Pss` from `/proc/<pid>/smaps_rollup`) summed over the app process and');
L.push('all its descendants (found through the parent pid in `/proc/*/stat`: WebKitWebProcess,');
L.push('WebKitNetworkProcess, …). USS (private pages) is shown too: unlike PSS it does not depend on');
L.push('other processes sharing the same libraries. Both apps are started the same way: directly,');
L.push('under the same Xvfb, D-Bus session and temporary HOME, alternating.');
L.push('');
L.push('- **Tryggplan unlocked**: started on the existing profile; once the unlock screen has painted,');
L.push('  the passphrase is typed into the focused `#unlock-passphrase` field with `xdotool` (XTEST key');
L.push('  events) and Enter pressed; when the app has `tryggplan.db` open (i.e. unlocked, the start');
L.push(`  screen "Ärenden" follows), 2 s to settle, then measured (unlocked after a median ${msf(stats(m.app_unlocked.map((x) => x.unlocked_after_ms)).median)} from the start).`);
L.push('- **Empty window**: `tests/bench/empty-window/` (crate `tryggplan-bench-empty-window`), a Tauri 2');
L.push('  window from its `tauri.conf.json` showing "tom", the same `tauri` dependency, the same window');
L.push('  size (1280×720, the size the app opens at on this 1280×800 screen) and incognito WebKit data store as the app, release build with');
L.push('  `tauri/custom-protocol`; measured 3 s after the start.');
L.push('- Also: Tryggplan on its (locked) unlock screen, 3 s after the start (the last runs of figure 1).');
L.push('');
L.push("Tryggplan's web view draws without GPU compositing (WebKit's `WEBKIT_DISABLE_COMPOSITING_MODE`,");
L.push('set by the app before WebKit loads, and the hardware-acceleration policy *never*, both in');
L.push('`src-tauri/src/lean.rs`): its screens are forms, tables and still charts, and the web process');
L.push('then keeps no GL context, layer backing stores or compositor threads. The empty');
L.push("window keeps Tauri's default, as an app that changes nothing would.");
L.push('');
L.push('WebDriver (`tauri-driver`) is not used here: under it the app runs with WebKit\'s automation, a');
L.push('persistent (not incognito) web store and WebKit\'s default compositing (see `src-tauri/src/lib.rs`),');
L.push('which add memory of their own. It is used for the long run below, where only the growth counts.');
L.push('There the app is started with `WEBKIT_DISABLE_COMPOSITING_MODE=1` (what it sets for itself');
L.push('outside WebDriver), so that it draws as the worker\'s app does.');
L.push('');
L.push('| process tree | PSS median | PSS min – max | USS median | PSS 3 s later, median | N |');
L.push('| --- | --- | --- | --- | --- | --- |');
const laterPss = (arr) => (arr.every((x) => x.later) ? stats(arr.map((x) => x.later.pss_kib)).median : null);
const memRow = (name, arr) => {
  const p = pss(arr);
  const l = laterPss(arr);
  return `| ${name} | ${memf(p.median)} | ${spread(p, memf)} | ${memf(uss(arr).median)} | ${l === null ? '—' : memf(l)} | ${p.n} |`;
};
L.push(memRow('Tryggplan, unlocked, start screen "Ärenden"', m.app_unlocked));
L.push(memRow('empty Tauri 2 window', m.empty));
L.push(`| **difference (target ≤ 40 MB)** | **${memf(memDiffKib)} (${memDiffMB.toFixed(1)} MB)** | | ${memf(uss(m.app_unlocked).median - uss(m.empty).median)} | ${memf(laterPss(m.app_unlocked) - laterPss(m.empty))} | |`);
L.push(memRow('Tryggplan, locked, unlock screen', m.app_locked));
L.push(`| difference, locked | ${memf(memAppLocked.median - memEmpty.median)} | | ${memf(uss(m.app_locked).median - uss(m.empty).median)} | | |`);
L.push('');
L.push('Per process, in the run with the median total (process names as the kernel truncates them),');
L.push('with the PSS by kind of mapping in MiB: `files` = code and data of the binary and libraries,');
L.push('`heap` = the malloc heap, `anon` = other anonymous memory (JavaScript heap and JIT, stacks,');
L.push('buffers), `shm` = shared memory:');
L.push('');
L.push(`- Tryggplan unlocked: ${breakdown(m.app_unlocked)}`);
L.push(`- Tryggplan locked: ${breakdown(m.app_locked)}`);
L.push(`- empty window: ${breakdown(m.empty)}`);
L.push('');
{
  const others = [...m.app_unlocked, ...m.empty, ...m.app_locked].map((x) => x.other_webkit_processes ?? 0);
  L.push(`WebKit web/network processes of other programs running on the machine while measuring: ${Math.min(...others)} – ${Math.max(...others)}`);
  L.push('(they share library pages, which lowers PSS; USS is not affected by them).');
  L.push('');
}
L.push('Accessibility (at-spi) daemons that GTK activates on the session bus are children of the');
L.push('D-Bus daemon, not of the app, and are not counted for either.');
L.push('');
if (longrun) {
  L.push('### Over time');
  L.push('');
  L.push(`The release app under \`tauri-driver\` (as the e2e tests drive it, but drawing as the worker's app does:`);
  L.push(`\`WEBKIT_DISABLE_COMPOSITING_MODE=1\`) on the same profile: unlocked, one case`);
  L.push(`created, then ${longrun.rounds} rounds of: open the case from the list ("Ärenden"), wait for its page, back to`);
  L.push(`"Ärenden", wait for the list (${longrun.seconds} s in all). The tree's PSS 2 s after the round:`);
  L.push('');
  L.push('| after round | PSS | USS |');
  L.push('| --- | --- | --- |');
  for (const x of longrun.samples) L.push(`| ${x.after} | ${memf(x.pss_kib)} | ${memf(x.uss_kib)} |`);
  L.push('');
}

L.push('## 6. Search as you type');
L.push('');
L.push(`\`bench_store search\`: a fresh encrypted database with ${search.persons.toLocaleString('en-US')} persons (two per case, every`);
L.push('tenth case with skyddad folkbokföring, a SIP in every third case; valid personnummer, Swedish and');
L.push(`Latin Extended names), filled through the product's own \`cases::create\`/\`person::create\` in ${msf(search.fill_ms)}.`);
L.push('Each query runs `cases::list` — the case list command: every case and person read from the');
L.push('encrypted file, matched, masked, due dates computed, sorted — with a warm page cache.');
L.push('');
L.push('| query | hits | median | spread (min – max) | N |');
L.push('| --- | --- | --- | --- | --- |');
for (const q of searchStats) {
  L.push(`| ${q.query} | ${q.hits.toLocaleString('en-US')} | ${msf(q.st.median)} | ${spread(q.st)} | ${q.st.n} |`);
}
L.push('');
L.push('The UI waits 180 ms after the last keystroke before it searches, so the search itself is far');
L.push('below what a user can notice.');
L.push('');

L.push('## 7. Documents');
L.push('');
L.push('`bench_store documents`: a fresh encrypted database with the SIP of the core\'s document tests, made');
L.push('through the product\'s own functions (`cases::create`, `actor::save_unit`/`save_contact`, `sip::create`,');
L.push(`\`consent::records::record\`, \`sip::save_preparation\`, \`save_meeting\`, \`save_plan\`, \`freeze_plan\`) in ${msf(docs.fill_ms)}: an adult`);
L.push(`person, two units inside a written consent, ${docs.what_matters_chars.toLocaleString('en-US')} characters of "Vad är viktigt för dig?", a booked meeting and`);
L.push(`a fixed plan with ${docs.interventions} interventions. Each run times \`document::prepare\` (read from the encrypted file, the`);
L.push('consent gate for the recipient, build, font check, pagination) plus `document::render` (the PDF');
L.push('bytes, in memory; writing the file is not included). The invitation and the plan are the copies for');
L.push('a participant (through the consent gate). The text is set in DejaVu Sans (regular and bold),');
L.push('subset by printpdf 0.12.8\'s `text_layout`. The font is parsed once per process: the first run of');
L.push('each kind is a warm-up, shown as "cold" and not among the N samples, and only the very first one');
L.push('in the process');
L.push(`(${docs.kinds.find((d) => d.cold_includes_font_parse)?.label ?? '—'}) includes parsing the font. Every run gives the same bytes.`);
L.push('');
L.push('| document | pages | size | cold (first run) | median | spread (min – max) | N |');
L.push('| --- | --- | --- | --- | --- | --- | --- |');
for (const d of docStats) {
  L.push(`| ${d.label} | ${d.pages} | ${kb(d.bytes)} | ${msf(d.cold_ms)}${d.cold_includes_font_parse ? ' (with the font parse)' : ''} | ${msf(d.st.median)} | ${spread(d.st)} | ${d.st.n} |`);
}
L.push('');

if (statistics) {
  const g = stats(statistics.gather_ms);
  const r = stats(statistics.report_ms);
  const c = stats(statistics.csv_ms);
  L.push('## 8. Statistics report');
  L.push('');
  L.push(`\`bench_store statistics\`: a fresh encrypted database with ${statistics.persons.toLocaleString('en-US')} persons in ${statistics.cases.toLocaleString('en-US')} cases (a våldsutsatt adult`);
  L.push('with two forms of violence and a second person — every other case the registered perpetrator, with a');
  L.push(`SIP — else a witnessing child), filled through the product's own functions in ${msf(statistics.fill_ms)}. Each run reads`);
  L.push('every fact (`followup::gather`), computes the suppressed report for the last 365 days (`followup::report::report`,');
  L.push(`threshold 5) and writes the CSV (\`followup::csv::to_csv\`, ${(statistics.csv_bytes / 1024).toFixed(1)} KB).`);
  L.push('');
  L.push('| step | median | spread (min – max) | N |');
  L.push('| --- | --- | --- | --- |');
  L.push(`| gather (read the encrypted file) | ${msf(g.median)} | ${spread(g)} | ${g.n} |`);
  L.push(`| report (count + suppress) | ${msf(r.median)} | ${spread(r)} | ${r.n} |`);
  L.push(`| CSV | ${msf(c.median)} | ${spread(c)} | ${c.n} |`);
  if (statistics.pdf_ms) {
    const p = stats(statistics.pdf_ms);
    L.push(`| PDF with charts (\`document::statistics::prepare_report\` + \`render\`, ${statistics.pdf_pages} pages, ${kb(statistics.pdf_bytes)}) | ${msf(p.median)} | ${spread(p)} | ${p.n} |`);
  }
  L.push('');
}

if (backup) {
  L.push('## 9. Backup and restore');
  L.push('');
  L.push(`\`bench_store backup\`: a fresh encrypted database with ${backup.persons.toLocaleString('en-US')} persons in ${backup.cases.toLocaleString('en-US')} cases (two persons`);
  L.push(`each, with address, phone and notes), filled through the product's own functions in ${msf(backup.fill_ms)}. Each run:`);
  L.push(`\`backup::write\` (online backup API into a database with its own key, ${backup.pages.toLocaleString('en-US')} pages; header; fsync; rename;`);
  L.push(`fsync of the directory) → ${bytesf(backup.backup_bytes)}; then \`backup::restore\` into a new profile (header and key`);
  L.push('unwrapped with the passphrase, Argon2id at the default cost; copy and hash; `integrity_check`,');
  L.push('`cipher_integrity_check` and every table\'s row count; a new keyring entry (Argon2id again, in-memory keyring);');
  L.push('the first open).');
  L.push('');
}

if (scanBench) {
  L.push('## 10. Scanner commands and oversized input (issue 18)');
  L.push('');
  L.push(`\`bench_store scan\`: a fresh encrypted database with ${scanBench.cases.toLocaleString('en-US')} cases (two persons each, every tenth protected, each with a`);
  L.push(`SIP meeting place) and ${scanBench.units} units with two contact persons each, filled in ${msf(scanBench.fill_ms)}; ${scanBench.opened} protected cases opened in the`);
  L.push('session. Timed: what each command runs while it holds the vault (its `Vault::with_now` closure, the IPC');
  L.push(`deserialisation not included), on texts of the largest allowed length (${scanBench.max_chars} characters) with ${scanBench.accepted}`);
  L.push('acceptances of the longest allowed length; the slowest of three texts (name-like words, the stored words');
  L.push('inflected, numbers and dates) per command. Then a 5 MB text to the same commands and a person\'s name.');
  L.push('');
  L.push('| command | input | median | spread (min – max) | N |');
  L.push('| --- | --- | --- | --- | --- |');
  for (const h of scanHolds) L.push(`| ${h.command} | largest allowed: ${h.input} | ${msf(h.st.median)} | ${spread(h.st)} | ${h.st.n} |`);
  for (const r of scanRefusals) L.push(`| ${r.command} | ${(scanBench.oversized_bytes / 1048576).toFixed(1)} MiB: refused | ${msf(r.st.median)} | ${spread(r.st)} | ${r.st.n} |`);
  L.push('');
}

L.push('## 5. Sizes');
L.push('');
L.push(`- \`target/release/tryggplan\`: ${bytesf(appBytes)} (stripped, thin LTO, \`tauri/custom-protocol\`).`);
L.push(`- .deb: ${debBytes === null ? 'not present in `target/release/bundle/deb/`' : `${bytesf(debBytes)} (\`${deb.split('/').pop()}\`)`}.`);
L.push('');

mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, L.join('\n'));
console.error(`bench: wrote ${outPath}`);
