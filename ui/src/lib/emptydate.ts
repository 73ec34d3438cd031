// An empty date field must look empty. WebKitGTK draws an empty <input type="date"> with a
// greyed date in it, which reads as filled in (issue 19). CSS alone can't tell an empty date
// input from a filled one, so every date input carries `data-empty` while it has no value, and
// app.css hides the drawn date then (until the field has focus, when the format shows where to
// type). The mark follows every way a value changes: typing (input and change events), the app
// setting it (the `value` property, which Svelte's bindings use), a new field appearing, and a
// form reset.

function mark(el: Element): void {
  if (el instanceof HTMLInputElement && el.type === 'date') el.toggleAttribute('data-empty', el.value === '');
}

function markAll(root: ParentNode): void {
  root.querySelectorAll('input[type="date"]').forEach(mark);
}

let installed = false;

export function watchEmptyDates(doc: Document = document): void {
  if (installed) return;
  installed = true;
  const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
  if (native?.get && native.set) {
    const { get, set } = native;
    Object.defineProperty(HTMLInputElement.prototype, 'value', {
      configurable: true,
      enumerable: native.enumerable,
      get(this: HTMLInputElement) {
        return get.call(this);
      },
      set(this: HTMLInputElement, v: string) {
        set.call(this, v);
        mark(this);
      },
    });
  }
  const onEvent = (e: Event) => {
    if (e.target instanceof Element) mark(e.target);
  };
  doc.addEventListener('input', onEvent, true);
  doc.addEventListener('change', onEvent, true);
  doc.addEventListener(
    'reset',
    (e) => {
      const form = e.target;
      if (form instanceof HTMLFormElement) setTimeout(() => markAll(form));
    },
    true,
  );
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n instanceof Element) {
          mark(n);
          markAll(n);
        }
      }
    }
  }).observe(doc.documentElement, { childList: true, subtree: true });
  markAll(doc);
}
