// Benchmark experiment (`--experiment=instance-usage-cache`), loaded into the server with `node --import`: the user
// and post counts behind GET /api/v1/instance (src/domain/instance/instance.store.ts) are answered from a
// one-minute memo, as a cache in instanceUsage() would do. It measures the ceiling that endpoint would be
// without scanning every user on every request, without touching src/.
import SQLite from 'better-sqlite3';

const TTL_MS = 60_000;
const USAGE = [/^select count\(\*\) as "n" from "users" as "u"/, /^select sum\("statuses_count"\) as "n" from "accounts"/];
const memo = new Map();
// The statement may come back from a statement cache (the stmt-cache experiment): wrap it once.
const wrapped = new WeakSet();
const prepare = SQLite.prototype.prepare;
SQLite.prototype.prepare = function usagePrepare(sql) {
  const stmt = prepare.call(this, sql);
  if (wrapped.has(stmt) || !USAGE.some((re) => re.test(sql))) return stmt;
  wrapped.add(stmt);
  const all = stmt.all.bind(stmt);
  // Keyed by the SQL alone: the "active since" parameter moves every millisecond.
  stmt.all = (...args) => {
    const hit = memo.get(sql);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.rows;
    const rows = all(...args);
    memo.set(sql, { at: Date.now(), rows });
    return rows;
  };
  return stmt;
};
