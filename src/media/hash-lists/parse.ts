// The plain forms hash-sharing programmes publish lists in: one hash per line with a label after the first comma,
// `<64-hex PDQ>,<label>`, `md5:<hex>,<label>`, `sha256:<hex>,<label>` (`pdq:` may prefix a PDQ hash too);
// `#` starts a comment line; blank lines are skipped.

export const HASH_KINDS = ['pdq', 'md5', 'sha256'] as const;
export type HashKind = (typeof HASH_KINDS)[number];

const HEX_DIGITS: Record<HashKind, number> = { pdq: 64, md5: 32, sha256: 64 };
export const MAX_LABEL_CHARS = 500;

export interface ParsedEntry {
  kind: HashKind;
  /** Lower-case hex. */
  hash: string;
  label: string;
  line: number;
}

export interface BadLine {
  line: number;
  error: string;
}

export function parseHashList(text: string): { entries: ParsedEntry[]; bad: BadLine[] } {
  const entries: ParsedEntry[] = [];
  const bad: BadLine[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const r = parseLine(line);
    if ('error' in r) bad.push({ line: i + 1, error: r.error });
    else entries.push({ ...r, line: i + 1 });
  });
  return { entries, bad };
}

function parseLine(line: string): Omit<ParsedEntry, 'line'> | { error: string } {
  const comma = line.indexOf(',');
  const head = (comma < 0 ? line : line.slice(0, comma)).trim().toLowerCase();
  const label = comma < 0 ? '' : line.slice(comma + 1).trim();
  const colon = head.indexOf(':');
  const prefix = colon < 0 ? 'pdq' : head.slice(0, colon);
  const hex = colon < 0 ? head : head.slice(colon + 1).trim();
  if (!(HASH_KINDS as readonly string[]).includes(prefix)) return { error: `unknown hash kind "${prefix}" (use pdq, md5 or sha256)` };
  const kind = prefix as HashKind;
  const digits = HEX_DIGITS[kind];
  if (!/^[0-9a-f]+$/.test(hex)) return { error: `a ${kind} hash is ${digits} hex digits, got "${hex.slice(0, 80)}"` };
  if (hex.length !== digits) return { error: `a ${kind} hash is ${digits} hex digits, got ${hex.length}` };
  if (label.length > MAX_LABEL_CHARS) return { error: `label longer than ${MAX_LABEL_CHARS} characters` };
  if (/\p{Cc}/u.test(label)) return { error: 'label holds control characters' };
  return { kind, hash: hex, label };
}
