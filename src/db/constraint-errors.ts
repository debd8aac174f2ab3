// What a failed write says about the rows it met, on either database: a unique key already taken, a row it
// refers to gone (deleted meanwhile), or a deadlock with a concurrent transaction (PostgreSQL). Services decide
// on these where they expect them; the API's error handler answers any left over as 409 or 404, never 500.

type DbError = { code?: unknown; message?: unknown } | null | undefined;

export function isUniqueViolation(err: unknown): boolean {
  const e = err as DbError;
  if (!e) return false;
  return (
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e.code === '23505' ||
    /UNIQUE constraint failed|duplicate key value/i.test(String(e.message ?? ''))
  );
}

export function isForeignKeyViolation(err: unknown): boolean {
  const e = err as DbError;
  if (!e) return false;
  return (
    e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' ||
    e.code === '23503' ||
    /FOREIGN KEY constraint failed|violates foreign key constraint/i.test(String(e.message ?? ''))
  );
}

/** PostgreSQL gave up on this transaction for another's sake (deadlock, serialization failure): nothing was written. */
export function isConcurrencyAbort(err: unknown): boolean {
  const e = err as DbError;
  return !!e && (e.code === '40P01' || e.code === '40001');
}
