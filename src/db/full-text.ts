import { type Expression, type SqlBool, sql } from 'kysely';
import type { Dialect } from './create-db.js';
import { ACCENTED, UNACCENTED } from './migrations/0202-statuses-search-folded.js';

/**
 * Full-text matching of posts, one dialect each: SQLite's FTS5 table statuses_fts (external content,
 * rowid = status id, diacritics removed), PostgreSQL's generated statuses.search_folded ('simple' config over
 * the text with Latin diacritics folded).
 * `statusAlias` is the alias of the statuses table in the caller's query. Returns null when the query has no words.
 */
export function statusTextMatch(dialect: Dialect, statusAlias: string, query: string): Expression<SqlBool> | null {
  const words = query
    .normalize('NFKC')
    .split(/[\s"]+/u)
    .map((w) => w.trim())
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, 16);
  if (words.length === 0) return null;
  if (dialect === 'sqlite') {
    // Each word as a quoted FTS5 string (no operators from user input), all required.
    const match = words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' AND ');
    return sql<SqlBool>`${sql.ref(`${statusAlias}.id`)} IN (SELECT rowid FROM statuses_fts WHERE statuses_fts MATCH ${match})`;
  }
  // The same folding as the generated column (migration 0202), applied to the query.
  return sql<SqlBool>`${sql.ref(`${statusAlias}.search_folded`)} @@ plainto_tsquery('simple', translate(${words.join(' ')}, ${sql.lit(ACCENTED)}, ${sql.lit(UNACCENTED)}))`;
}

/** Escapes LIKE wildcards so user input matches literally (used with ESCAPE '\'). */
export function likePrefix(value: string): string {
  return `${value.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/** `column LIKE prefix%`, case-insensitively, on both dialects. */
export function startsWithInsensitive(column: string, value: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${sql.ref(column)}) LIKE ${likePrefix(value.toLowerCase())} ESCAPE '\\'`;
}
