// The window title. Tauri mirrors `document.title` into the native window's title (taskbar,
// window switcher, a shared screen), so it names the screen, never a person: "Tryggplan –
// Ärenden", "Tryggplan – Ärende VNR-2026-0042". A case with protected personal data is only
// "Tryggplan – Ärende": its reference is typed by the user and could identify.

const APP = 'Tryggplan';

/** Sets the title for a screen ("Ärenden"), or the app's name alone. */
export function setTitle(screen: string | null): void {
  const line = screen?.replace(/\s+/g, ' ').trim() ?? '';
  // The shell refuses titles over 80 characters (then it shows "Tryggplan" only).
  document.title = line === '' ? APP : `${APP} – ${line}`.slice(0, 80);
}

/** The title of a case screen: the reference only when no one in the case is protected. */
export function caseTitle(reference: string, isProtected: boolean): string {
  return isProtected ? 'Ärende' : `Ärende ${reference}`;
}
