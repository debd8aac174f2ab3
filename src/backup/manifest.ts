import { readFileSync } from 'node:fs';
import { z } from 'zod';

// The archive: manifest.json, db/<table>.jsonl (one JSON object per row, dialect-neutral values),
// media/... (the layout of DATA_DIR/media: profile images under accounts/, uploads under their storage keys, whichever
// storage held them) and secret.key. Bump FORMAT_VERSION on any incompatible change.
export const FORMAT = 'tribune-backup';
export const FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const SECRET_FILE = 'secret.key';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const manifestSchema = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.number().int(),
  tribuneVersion: z.string(),
  createdAt: z.string(),
  dialect: z.enum(['sqlite', 'pg']),
  migrations: z.array(z.string()),
  tables: z.array(
    z.object({
      name: z.string(),
      file: z.string(),
      rows: z.number().int().min(0),
      sha256,
      columns: z.array(z.string()),
    }),
  ),
  // `storage`: where the uploads came from (absent in archives written before S3 storage): any archive restores
  // into either kind.
  media: z.object({ files: z.number().int().min(0), bytes: z.number().int().min(0), storage: z.enum(['local', 's3']).optional() }),
  secret: z.object({ file: z.string(), sha256 }).nullable(),
});

export type Manifest = z.infer<typeof manifestSchema>;

/** This code's version, from package.json. */
export function tribuneVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Tables in an order where each comes after the tables it references (ties and cycles by name). */
export function dependencyOrder<T extends { name: string; references: string[] }>(tables: T[]): T[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: T[] = [];
  const visit = (t: T) => {
    if (done.has(t.name) || visiting.has(t.name)) return;
    visiting.add(t.name);
    for (const ref of [...t.references].sort()) {
      const r = byName.get(ref);
      if (r) visit(r);
    }
    visiting.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(t);
  return out;
}
