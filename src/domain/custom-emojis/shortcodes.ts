/** A shortcode as Mastodon takes it: 2 to 30 letters, digits or underscores. */
export const SHORTCODE_PATTERN = /^[a-zA-Z0-9_]{2,30}$/;
const IN_TEXT = /:([a-zA-Z0-9_]{2,30}):/g;

/** The `:shortcode:` candidates in some texts (HTML or plain), each once. */
export function shortcodesIn(texts: Iterable<string | null | undefined>): string[] {
  const found = new Set<string>();
  for (const t of texts) if (t) for (const m of t.matchAll(IN_TEXT)) found.add(m[1]!);
  return [...found];
}
