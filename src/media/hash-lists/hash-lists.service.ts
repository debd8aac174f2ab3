import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { writeSetting } from '../../domain/instance/instance.store.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { countBySource, deleteSource, type HashListRow, insertEntries } from './hash-lists.store.js';
import { HASH_KINDS, type HashKind, parseHashList } from './parse.js';

/** A setting moved by every change to the lists: each process rebuilds its index when it sees it move. */
export const HASH_LISTS_VERSION_KEY = 'hash_lists_version';

const SOURCE_NAME = /^[\p{L}\p{N}._:-]{1,64}$/u;

export interface ImportReport {
  source: string;
  /** False when bad lines stopped the import (nothing was written). */
  imported: boolean;
  added: number;
  /** Already in this list, or repeated in the file. */
  duplicates: number;
  refused: number;
  badLines: Array<{ line: number; error: string }>;
}

/** What changing a list needs: the database, and this process's matcher to tell at once (absent in the CLI). */
export interface HashListDeps {
  db: Kysely<DB>;
  hashLists?: { invalidate(): void };
}

export function checkSourceName(source: string): string {
  const s = source.trim();
  if (!SOURCE_NAME.test(s)) throw new ValidationError('Validation failed: source must be 1-64 letters, digits, ".", "_", ":" or "-"', 'source');
  return s;
}

/**
 * Loads a list in one transaction. A bad line refuses the whole file unless `skipBadLines`, so a list is never
 * half loaded by mistake; either way every bad line is reported with its number.
 */
export async function importHashList(deps: HashListDeps, input: { source: string; text: string; skipBadLines?: boolean }): Promise<ImportReport> {
  const source = checkSourceName(input.source);
  const { entries, bad } = parseHashList(input.text);
  const report = { source, badLines: bad, refused: bad.length };
  if (bad.length && !input.skipBadLines) return { ...report, imported: false, added: 0, duplicates: 0 };
  const now = new Date().toISOString();
  const seen = new Set<string>();
  const rows: HashListRow[] = [];
  for (const e of entries) {
    const key = `${e.kind}:${e.hash}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({ source, kind: e.kind, hash: e.hash, label: e.label, created_at: now });
  }
  const added = await inTransaction(deps.db, async (trx) => {
    const n = await insertEntries(trx, rows);
    if (n > 0) await writeSetting(trx, HASH_LISTS_VERSION_KEY, versionStamp(), now);
    return n;
  });
  if (added > 0) deps.hashLists?.invalidate();
  return { ...report, imported: true, added, duplicates: entries.length - added };
}

export async function deleteHashList(deps: HashListDeps, sourceName: string): Promise<number> {
  const source = checkSourceName(sourceName);
  const removed = await inTransaction(deps.db, async (trx) => {
    const n = await deleteSource(trx, source);
    if (n > 0) await writeSetting(trx, HASH_LISTS_VERSION_KEY, versionStamp(), new Date().toISOString());
    return n;
  });
  if (!removed) throw new NotFoundError(`No hash list named "${source}"`);
  deps.hashLists?.invalidate();
  return removed;
}

export interface HashListSummary {
  source: string;
  counts: Record<HashKind, number>;
  total: number;
  lastAddedAt: string;
}

export async function listHashLists(db: Kysely<DB>): Promise<HashListSummary[]> {
  const bySource = new Map<string, HashListSummary>();
  for (const r of await countBySource(db)) {
    const s = bySource.get(r.source) ?? {
      source: r.source,
      counts: Object.fromEntries(HASH_KINDS.map((k) => [k, 0])) as Record<HashKind, number>,
      total: 0,
      lastAddedAt: r.last_added_at,
    };
    s.counts[r.kind] = r.count;
    s.total += r.count;
    if (r.last_added_at > s.lastAddedAt) s.lastAddedAt = r.last_added_at;
    bySource.set(r.source, s);
  }
  return [...bySource.values()];
}

function versionStamp(): string {
  return `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
