/** Small DOM helpers for component tests. */
export function textOf(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export function type(root: HTMLElement, selector: string, value: string): void {
  const input = root.querySelector<HTMLInputElement>(selector);
  if (!input) throw new Error(`no input ${selector}`);
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

export function buttonNamed(root: HTMLElement, name: string): HTMLButtonElement {
  const button = Array.from(root.querySelectorAll('button')).find((b) => textOf(b) === name);
  if (!button) throw new Error(`no button ${name}`);
  return button;
}

/** Each body row's cells as a table shows them, without the labels of the stacked layout. */
export function tableRows(root: HTMLElement): string[][] {
  return Array.from(root.querySelectorAll('tbody tr')).map((row) =>
    Array.from(row.querySelectorAll('td')).map((cell) => {
      const copy = cell.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.data-table__label').forEach((label) => label.remove());
      return textOf(copy);
    }),
  );
}
