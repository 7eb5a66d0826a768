// The few DOM builders the element needs: an element with attributes and children, and a labelled
// input with its own error line (aria-describedby, aria-invalid).

type Child = Node | string | false | null | undefined;

/** `<tag attrs>children</tag>`; `true` sets an empty attribute, false/undefined leaves it out. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== false) el.setAttribute(name, value === true ? '' : value);
  }
  el.append(...children.filter((c): c is Node | string => !!c));
  return el;
}

export interface Field {
  wrap: HTMLElement;
  input: HTMLInputElement;
  error: HTMLElement;
}

/** A labelled input named `name`; `before` sits in front of it on its line (a country code). */
export function field(name: string, label: string, attrs: Record<string, string | boolean | undefined>, before?: Node): Field {
  const input = h('input', { id: name, name, part: 'input', 'aria-describedby': `${name}-error`, ...attrs });
  const error = h('p', { id: `${name}-error`, class: 'error', part: 'error' });
  // Typing again clears what was said about the old value.
  input.addEventListener('input', () => setError({ input, error }, ''));
  const line = before ? h('div', { class: 'row' }, before, input) : input;
  return { wrap: h('div', { class: 'field' }, h('label', { for: name, part: 'label' }, label), line, error), input, error };
}

export function setError(f: Pick<Field, 'input' | 'error'>, text: string): void {
  f.error.textContent = text;
  if (text) f.input.setAttribute('aria-invalid', 'true');
  else f.input.removeAttribute('aria-invalid');
}

export const button = (text: string, attrs: Record<string, string | boolean | undefined> = {}): HTMLButtonElement =>
  h('button', { type: 'button', part: 'button', ...attrs }, text);
