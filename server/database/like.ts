/** `value` as a LIKE pattern that matches it literally (with the default escape character). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
