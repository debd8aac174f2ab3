import { sql } from 'kysely';
import type { AppContext } from '../context.js';

/** Each check must answer within this: a hung connection is as down as a refused one. */
const CHECK_LIMIT_MS = 2_000;

export interface Readiness {
  status: 'ready' | 'unavailable';
  /** Every check by name: "ok", or why it failed. */
  checks: Record<string, string>;
  /** What is down, by name (empty when ready). */
  down: string[];
}

async function check(fn: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${CHECK_LIMIT_MS} ms`)), CHECK_LIMIT_MS);
      }),
    ]);
    return 'ok';
  } catch (err) {
    return err instanceof Error ? err.message.split('\n')[0]!.slice(0, 200) || err.name : 'failed';
  } finally {
    clearTimeout(timer);
  }
}

/** GET /ready: the database, Redis (when REDIS_URL is set) and the job queue answer, and no shutdown has begun. */
export async function readiness(ctx: AppContext): Promise<Readiness> {
  const names = ['database', ...(ctx.config.redisUrl ? ['redis'] : []), 'jobs'];
  const results = await Promise.all([
    check(() => sql`select 1`.execute(ctx.db)),
    ...(ctx.config.redisUrl ? [check(() => ctx.jobs.ping())] : []),
    check(() => ctx.jobs.stats()),
  ]);
  const checks: Record<string, string> = Object.fromEntries(names.map((n, i) => [n, results[i]!]));
  if (ctx.lifecycle.draining) checks.server = 'shutting down';
  const down = Object.entries(checks)
    .filter(([, v]) => v !== 'ok')
    .map(([k]) => k);
  return { status: down.length ? 'unavailable' : 'ready', checks, down };
}
