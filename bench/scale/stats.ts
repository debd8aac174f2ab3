// Pure helpers of `npm run bench:scale`: percentiles of measured samples and the choice of the extra followers that
// give the community its one very-followed account.

/** The p-th percentile (0-100) of the samples, nearest-rank; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)] as number;
}

/** How many followers the most-followed account gets: 50,000, or half the community when it is smaller. */
export function bigAccountFollowers(accounts: number): number {
  return Math.min(50_000, Math.floor(accounts / 2));
}

/**
 * Picks `needed` new followers for the account at index `target` among `accounts`, skipping the target and those
 * already following it, in a random order drawn from `rand` (deterministic for a seeded PRNG). Returns indexes.
 */
export function pickNewFollowers(accounts: number, target: number, already: ReadonlySet<number>, needed: number, rand: () => number): number[] {
  const pool: number[] = [];
  for (let i = 0; i < accounts; i++) if (i !== target && !already.has(i)) pool.push(i);
  const n = Math.max(0, Math.min(needed, pool.length));
  // Partial Fisher-Yates: only the first n places are shuffled.
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (pool.length - i));
    const t = pool[i] as number;
    pool[i] = pool[j] as number;
    pool[j] = t;
  }
  return pool.slice(0, n);
}
