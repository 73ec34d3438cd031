// A minimal W3C WebDriver client over Node's fetch, for tauri-driver on loopback.
import { spawn, execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync, rmSync, existsSync, readdirSync, readlinkSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import net from 'node:net';
import { createRequire } from 'node:module';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

/**
 * Calls `check` (it may be async) every `every` ms until it returns a truthy value, and returns
 * that value; after `timeout` ms it throws, naming `what` and the last value seen.
 */
export async function poll(what, check, { timeout = 15000, every = 100 } = {}) {
  const until = Date.now() + timeout;
  let last;
  while (Date.now() < until) {
    last = await check();
    if (last) return last;
    await sleep(every);
  }
  throw new Error(`timed out waiting until ${what} (last: ${JSON.stringify(last)})`);
}

/** Whether the process `pid` itself holds the socket listening on loopback `port` (run.sh runs
 * files at once: a port another file's driver took in the meantime answers too). */
function listensOn(pid, port) {
  const inodes = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try { text = readFileSync(table, 'utf8'); } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 0A is LISTEN.
      if (f.length > 9 && f[3] === '0A' && parseInt(f[1].split(':')[1], 16) === port) inodes.add(f[9]);
    }
  }
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try { return inodes.has(/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1]); } catch { return false; }
    });
  } catch {
    return false;
  }
}

/** Starts tauri-driver on free loopback ports; again on others if it could not take them. */
export async function startDriver() {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDriverOnce();
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

async function startDriverOnce() {
  const port = await freePort();
  const nativePort = await freePort();
  // Its own process group, so stopping it also stops WebKitWebDriver and any app left over.
  const proc = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  try {
    await poll(`tauri-driver (pid ${proc.pid}) listens on ${port}`, () => {
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`tauri-driver exited: ${stderr}`);
      return listensOn(proc.pid, port);
    }, { timeout: 20000 });
  } catch (e) {
    try { process.kill(-proc.pid, 'SIGTERM'); } catch { /* already gone */ }
    throw e;
  }
  const stop = () => {
    try { process.kill(-proc.pid, 'SIGTERM'); } catch { /* already gone */ }
    proc.stderr.destroy();
    proc.unref();
  };
  const driver = { port, stop, stderr: () => stderr };
  // A new tauri-driver (and WebKitWebDriver) in place of this one, on the same object: the one
  // that launched an app which died before connecting waits for it for ever.
  driver.restart = async () => {
    driver.stop();
    const { restart: _, ...fresh } = await startDriver();
    Object.assign(driver, fresh);
  };
  return driver;
}

/** The app's D-Bus name while it runs (tauri-plugin-single-instance): a second start that finds
 * it taken hands over to the first and exits. */
const INSTANCE_NAME = 'se.tryggplan.app.SingleInstance';

/** Alive, or gone (no such process, or a zombie: its sockets and its bus name are released). */
export function alive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function instanceNameTaken() {
  try {
    const out = execFileSync('gdbus', ['call', '--session', '--dest', 'org.freedesktop.DBus',
      '--object-path', '/org/freedesktop/DBus', '--method', 'org.freedesktop.DBus.NameHasOwner', INSTANCE_NAME],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
    return out.includes('true');
  } catch {
    return false;
  }
}

/** What the processes of the app and the driver were doing, for a failure message. */
function processReport() {
  try {
    return execFileSync('ps', ['-eo', 'pid,ppid,stat,etime,wchan:24,args', '--sort', 'pid'], { encoding: 'utf8', timeout: 5000 })
      .split('\n').filter((l, i) => i === 0 || /tryggplan|WebKit|tauri-driver|strace/.test(l)).join('\n');
  } catch (e) {
    return `ps failed: ${e.message}`;
  }
}

/** What harness.tracedApp's wrapper left beside itself: `pid` (the app's) or `applog` (the path
 * of the app's output); null if not there (yet). */
function sidecar(application, what) {
  try {
    return readFileSync(`${application}.${what}`, 'utf8').trim() || null;
  } catch {
    return null;
  }
}
const pidOf = (application) => Number(sidecar(application, 'pid')) || null;

function outputOf(application) {
  const log = sidecar(application, 'applog');
  return log && existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '(none)';
}

export class Session {
  constructor(base, id, pid) { this.base = base; this.id = id; this.pid = pid; }

  /** Starts `application` (a wrapper from harness.tracedApp, which writes its pid — the app's,
   * after its exec — to `${application}.pid` and its output to the path in
   * `${application}.applog`) in a new WebDriver session.
   *
   * WebKitWebDriver waits for ever for an app that exits before it connects (a crash, or a
   * second instance handing over to a first that is still running): so an app that dies at
   * start, or a session not created within `timeout` ms, fails here with the app's output and
   * the processes, instead of hanging. */
  static async start(driver, application, options = {}) {
    try {
      return await Session.startOnce(driver, application, options);
    } catch (e) {
      // A rare start failure seen only under CI load (two e2e lanes beside the test build):
      // GTK's start-up inside tao fails and the app exits before it has a window (its output
      // names tao's event_loop.rs; our panic hook hides the payload). Nothing was read or
      // written yet, so the start is tried once more, and said so in the output; a second
      // failure fails the test.
      if (!/exited before WebDriver could connect[\s\S]*event_loop\.rs/.test(e.message)) throw e;
      console.error(`# the app failed to start its window (GTK start-up, tao's event_loop.rs); starting it once more\n${e.message.split('\n').slice(0, 3).join('\n')}`);
      await driver.restart();
      await sleep(2000);
      return Session.startOnce(driver, application, options);
    }
  }

  static async startOnce(driver, application, { timeout = 120000 } = {}) {
    rmSync(`${application}.pid`, { force: true });
    if (instanceNameTaken()) throw new Error(`an earlier app still holds ${INSTANCE_NAME}: a new one would only hand over to it\n${processReport()}`);
    const base = `http://127.0.0.1:${driver.port}`;
    const abort = new AbortController();
    let why = null;
    const started = Date.now();
    const watch = setInterval(() => {
      const pid = pidOf(application);
      if (pid && !alive(pid)) why = `the app (pid ${pid}) exited before WebDriver could connect`;
      else if (Date.now() - started > timeout) why = `no session after ${timeout} ms`;
      else return;
      why += `\nthe app printed:\n${outputOf(application)}\nprocesses:\n${processReport()}\ntauri-driver said:\n${driver.stderr()}`;
      abort.abort();
    }, 250);
    let r;
    try {
      r = await fetch(`${base}/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ capabilities: { alwaysMatch: { 'tauri:options': { application } } } }),
        signal: abort.signal,
      });
    } catch (e) {
      if (why) throw new Error(`new session: ${why}`);
      throw e;
    } finally {
      clearInterval(watch);
    }
    const body = await r.json();
    if (!r.ok) throw new Error(`new session: ${JSON.stringify(body)}\ntauri-driver said:\n${driver.stderr()}`);
    return new Session(base, body.value.sessionId, pidOf(application));
  }

  async cmd(method, path, body, signal) {
    const r = await fetch(`${this.base}/session/${this.id}${path}`, {
      method,
      signal,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await r.json();
    if (!r.ok) {
      const e = new Error(`${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
      e.webdriver = json.value?.error;
      throw e;
    }
    return json.value;
  }

  async find(css) {
    const v = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return v[ELEMENT];
  }

  async findAll(css) {
    const v = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return v.map((e) => e[ELEMENT]);
  }

  /** Waits until `css` matches (and, optionally, its text contains `text`). */
  async waitFor(css, { timeout = 15000, text } = {}) {
    const until = Date.now() + timeout;
    let last;
    while (Date.now() < until) {
      try {
        const el = await this.find(css);
        if (text === undefined) return el;
        last = await this.text(el);
        if (last.includes(text)) return el;
      } catch (e) {
        if (e.webdriver !== 'no such element' && e.webdriver !== 'stale element reference') throw e;
      }
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${css}${text ? ` with text ${JSON.stringify(text)} (last: ${JSON.stringify(last)})` : ''}`);
  }

  /**
   * Waits until `script` (run in the page with `args`) returns a truthy value, and returns it.
   * For a state that only the answer to an action can bring (a row more, a form gone, a list
   * filtered), where a `waitFor` could be met by what was on screen before the action.
   */
  async waitUntil(what, script, args = [], { timeout = 15000 } = {}) {
    return poll(what, () => this.exec(script, args), { timeout });
  }

  /** How many elements `css` matches. */
  async count(css) {
    return (await this.findAll(css)).length;
  }

  async click(el) { await this.cmd('POST', `/element/${el}/click`, {}); }
  async type(el, text) { await this.cmd('POST', `/element/${el}/value`, { text }); }
  async clear(el) { await this.cmd('POST', `/element/${el}/clear`, {}); }
  async text(el) { return this.cmd('GET', `/element/${el}/text`); }
  async attr(el, name) { return this.cmd('GET', `/element/${el}/attribute/${name}`); }
  async enabled(el) { return this.cmd('GET', `/element/${el}/enabled`); }
  async active() { return (await this.cmd('GET', '/element/active'))[ELEMENT]; }
  async title() { return this.cmd('GET', '/title'); }
  async exec(script, args = []) { return this.cmd('POST', '/execute/sync', { script, args }); }
  async execAsync(script, args = []) { return this.cmd('POST', '/execute/async', { script, args }); }

  /** Types keys into whatever has focus, as a person at the keyboard would. */
  async keys(text) {
    const actions = [];
    for (const ch of text) actions.push({ type: 'keyDown', value: ch }, { type: 'keyUp', value: ch });
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'kbd', actions }] });
  }

  /** A chord such as Ctrl+L. */
  async chord(...keys) {
    const down = keys.map((k) => ({ type: 'keyDown', value: k }));
    const up = [...keys].reverse().map((k) => ({ type: 'keyUp', value: k }));
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'kbd', actions: [...down, ...up] }] });
  }

  async screenshot(path) {
    const b64 = await this.cmd('GET', '/screenshot');
    writeFileSync(path, Buffer.from(b64, 'base64'));
  }

  /** Runs axe-core in the page; returns violations with impact serious or critical. */
  async axe() {
    const require = createRequire(import.meta.url);
    const src = readFileSync(require.resolve('../../ui/node_modules/axe-core/axe.min.js'), 'utf8');
    await this.exec(`${src}\nreturn true;`);
    const json = await this.execAsync(`
      const done = arguments[arguments.length - 1];
      window.axe.run(document, { resultTypes: ['violations'] })
        .then((r) => done(JSON.stringify(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })))))
        .catch((e) => done(JSON.stringify([{ id: 'axe-error', impact: 'critical', help: String(e) }])));
    `);
    return JSON.parse(json).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  /** Ends the session and waits until the app has exited and released its bus name, so that
   * the next start is a new app and not a hand-over to this one. An app still running 30 s
   * after the session ended fails the test. */
  async end() {
    try { await this.cmd('DELETE', '', undefined, AbortSignal.timeout(30000)); } catch { /* the app may already be gone */ }
    const ended = Date.now();
    while (Date.now() < ended + 30000) {
      if (!(this.pid && alive(this.pid)) && !instanceNameTaken()) {
        const waited = Date.now() - ended;
        if (waited > 1000) console.error(`# the app (pid ${this.pid}) exited ${waited} ms after its session ended`);
        return;
      }
      await sleep(100);
    }
    throw new Error(`the app (pid ${this.pid}) still ran 30 s after its session ended\n${processReport()}`);
  }
}

export const Keys = { ENTER: '\uE007', TAB: '\uE004', CONTROL: '\uE009', SHIFT: '\uE008' };
