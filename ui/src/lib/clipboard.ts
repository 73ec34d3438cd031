// Copies out of the app (issue 8: "clipboard copies of sensitive fields are cleared after
// 30 s"). On Linux (WebKitGTK) every copy and cut goes through the app: the selected text is
// handed to `copy_text`, which puts it on the clipboard and clears it after 30 seconds and at
// every lock, if nothing else was copied meanwhile (src-tauri/src/clipboard.rs). Elsewhere the
// webview copies as usual (not cleared; see docs/THREAT-MODEL.md).

import { copyText } from './api';

const managed = /Linux/.test(navigator.userAgent) && !/Android/.test(navigator.userAgent);

type Editable = HTMLInputElement | HTMLTextAreaElement;

function editable(el: Element | null): Editable | null {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el : null;
}

/** The text a copy would take: the selection in a field, or the selected text on the page.
 * Never a password field's (WebKit refuses those itself). */
function selection(): { text: string; field: Editable | null } {
  const field = editable(document.activeElement);
  if (field) {
    if (field instanceof HTMLInputElement && field.type === 'password') return { text: '', field: null };
    const { selectionStart: a, selectionEnd: b } = field;
    return { text: a !== null && b !== null && b > a ? field.value.slice(a, b) : '', field };
  }
  return { text: document.getSelection()?.toString() ?? '', field: null };
}

/** Routes copy and cut through the app; `report` gets a short Swedish line to announce. */
export function startClipboardGuard(report: (message: string) => void): () => void {
  if (!managed) return () => {};
  const handler = (event: ClipboardEvent) => {
    const { text, field } = selection();
    if (text === '') return;
    event.preventDefault();
    if (event.type === 'cut' && field && !field.readOnly && !field.disabled) {
      const { selectionStart: a, selectionEnd: b } = field;
      if (a !== null && b !== null) {
        field.setRangeText('', a, b, 'end');
        field.dispatchEvent(new Event('input', { bubbles: true }));
      }
    }
    copyText(text)
      .then(() => report('Kopierat. Urklippet töms om 30 sekunder och när Tryggplan låses.'))
      .catch(() => report('Det gick inte att kopiera. Försök igen.'));
  };
  document.addEventListener('copy', handler);
  document.addEventListener('cut', handler);
  return () => {
    document.removeEventListener('copy', handler);
    document.removeEventListener('cut', handler);
  };
}
