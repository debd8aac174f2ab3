import type { CompiledQuery, Kysely } from 'kysely';
import type { DB } from './schema.js';

/**
 * A query for a hot path, built and compiled once per database handle and then run with new parameters. Building and
 * compiling a Kysely query costs more than SQLite takes to run a primary-key lookup, and these run on every request.
 * `build` receives placeholder strings for its arguments and must pass each one to the query as a plain value.
 */
export function compiledQuery<A extends string[], R>(build: (db: Kysely<DB>, ...args: A) => { compile(): CompiledQuery<R> }) {
  const templates = new WeakMap<Kysely<DB>, { compiled: CompiledQuery<R>; slots: number[] }>();
  return async (db: Kysely<DB>, ...args: A): Promise<R[]> => {
    let t = templates.get(db);
    if (!t) {
      const placeholders = args.map((_, i) => `\u0000arg${i}\u0000`) as A;
      const compiled = build(db, ...placeholders).compile();
      const slots = compiled.parameters.map((p) => placeholders.indexOf(p as string));
      if (placeholders.some((_, i) => !slots.includes(i))) throw new Error('compiledQuery: every argument must be a parameter of the query');
      t = { compiled, slots };
      templates.set(db, t);
    }
    const { compiled, slots } = t;
    const parameters = slots.map((slot, i) => (slot >= 0 ? args[slot] : compiled.parameters[i]));
    return (await db.executeQuery<R>({ ...compiled, parameters })).rows;
  };
}
