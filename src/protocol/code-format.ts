/** Shows a security code in two groups of four, the way people read it aloud. */
export function formatCode(code: string): string {
  return `${code.slice(0, 4)} ${code.slice(4)}`;
}
