// The PDF exports shared by the end-to-end tests: the native save dialog (GTK's file chooser,
// reached through X11 with xdotool), waiting for the written file, and checking a PDF with the
// tools a reader would use.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

/** The native save dialog's window, once it is open (GTK's file chooser, reached through X11
 * with xdotool), focused. Returns a function that sends xdotool commands to it. */
export function saveDialog(title = 'Spara dokument') {
  const x = (...args) => execFileSync('xdotool', args, { encoding: 'utf8', timeout: 20000 }).trim();
  const win = x('search', '--sync', '--onlyvisible', '--name', title).split('\n')[0];
  x('windowfocus', '--sync', win);
  return (...args) => {
    const out = x(args[0], '--window', win, ...args.slice(1));
    // A dialog that closes on a key's press never sees its release, and the X server then
    // repeats the key into the app's window for as long as it thinks it held (seen: Escape 25
    // times a second closing the next form the test opened). Release it where focus is now.
    if (args[0] === 'key') x('keyup', args[args.length - 1]);
    return out;
  };
}

/** Types the full path into the save dialog and saves: the way a user chooses where it goes. */
export function saveThroughDialog(path) {
  const send = saveDialog();
  send('key', '--clearmodifiers', 'ctrl+a');
  send('type', '--delay', '20', path);
  send('key', 'Return');
}

/** Chooses a file in the native open dialog titled `title`: the location field (Ctrl+L), the
 * full path, Enter — the way a user picks a file by its path. The dialog takes keys only once
 * its file list is ready, a moment after it maps, and on a busy machine that moment can be
 * longer than the wait: while the dialog is still open after Enter, the path is typed again
 * (replacing what the field holds), with longer waits, as a user would. */
export function openThroughDialog(title, path) {
  const send = saveDialog(title);
  const open = () => {
    try {
      return execFileSync('xdotool', ['search', '--onlyvisible', '--name', title], { encoding: 'utf8', timeout: 20000 }).trim() !== '';
    } catch {
      return false; // xdotool search exits 1 when no window matches
    }
  };
  for (let attempt = 1; attempt <= 3; attempt++) {
    execFileSync('sleep', [String(attempt)]);
    send('key', '--clearmodifiers', 'ctrl+l');
    send('key', '--clearmodifiers', 'ctrl+a');
    send('type', '--delay', '20', path);
    // The location field completes what was typed; Enter before it has settled is taken by
    // the completion, not by the dialog.
    execFileSync('sleep', [String(attempt)]);
    send('key', 'Return');
    for (let i = 0; i < 25 && open(); i++) execFileSync('sleep', ['0.2']);
    if (!open()) return;
    process.stderr.write(`# the dialog "${title}" was still open after attempt ${attempt}: the path is typed again\n`);
  }
  assert.fail(`the dialog "${title}" did not take the path ${path}`);
}

export function waitForFile(path, ms = 20000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (existsSync(path) && statSync(path).size > 1000) return;
    execFileSync('sleep', ['0.2']);
  }
  assert.fail(`no exported file at ${path}`);
}

/** Checks an exported PDF with the reader's tools; returns its text. */
export function checkPdf(path) {
  const check = execFileSync('qpdf', ['--check', path], { encoding: 'utf8' });
  assert.match(check, /No syntax or stream encoding errors/);
  const fonts = execFileSync('pdffonts', [path], { encoding: 'utf8' });
  assert.match(fonts, /DejaVuSans\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  assert.equal(statSync(path).mode & 0o077, 0, 'the PDF is readable by its owner only');
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).split(/\s+/).join(' ');
}

/** The text of each page of a PDF, page by page (`pdftotext -f N -l N`), spaces normalised. */
export function pdfPages(path) {
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
  assert.ok(pages > 0, info);
  return Array.from({ length: pages }, (_, i) =>
    execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-layout', path, '-'], { encoding: 'utf8' })
      .split(/\s+/)
      .join(' '),
  );
}
