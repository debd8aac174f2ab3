// Benchmark experiment (`--experiment=stmt-cache`), loaded into the server with `node --import`: better-sqlite3
// statements are cached by SQL text, as a prepared-statement cache in src/db/create-db.ts would do. Kysely's
// SQLite driver prepares every query anew; this measures what reusing them would save, without touching src/.
import SQLite from 'better-sqlite3';

const prepare = SQLite.prototype.prepare;
const caches = new WeakMap();
SQLite.prototype.prepare = function cachedPrepare(sql) {
  let cache = caches.get(this);
  if (!cache) {
    cache = new Map();
    caches.set(this, cache);
  }
  const hit = cache.get(sql);
  // A statement still iterating (Kysely's streamQuery) cannot be reused: prepare a fresh one.
  if (hit && !hit.busy) return hit;
  const stmt = prepare.call(this, sql);
  if (cache.size >= 1000) cache.clear();
  cache.set(sql, stmt);
  return stmt;
};
