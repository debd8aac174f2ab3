import type { PolicyName } from './options.js';

// Every decision the shield takes, counted by policy, and the addresses and prefixes it limits most.

export const DECISIONS = ['allowed', 'limited', 'challenged', 'cleared', 'shed', 'cached', 'blocked'] as const;
export type Decision = (typeof DECISIONS)[number];

/**
 * The `policy` label of a counted decision: a rate-limit policy, or a check made beside them (body size,
 * sockets per address, slow headers, sign-in failures).
 */
export type DecisionLabel = PolicyName | 'size' | 'sockets' | 'slow-headers' | 'sign-in';

export interface ShieldMetrics {
  count(decision: Decision, policy: DecisionLabel, n?: number): void;
  /** Remembers a limited client, for the admin view of the top offenders. */
  limitedClient(address: string, prefix: string | null): void;
  counters(): Array<{ decision: Decision; policy: DecisionLabel; count: number }>;
  top(n: number): { addresses: Array<{ key: string; count: number }>; prefixes: Array<{ key: string; count: number }> };
  reset(): void;
}

/** A counter of keys that keeps at most `cap` of them, dropping the smallest half when full. */
class TopCounter {
  private readonly counts = new Map<string, number>();
  constructor(private readonly cap: number) {}
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (this.counts.size > this.cap) {
      const sorted = [...this.counts.entries()].sort((a, b) => b[1] - a[1]);
      this.counts.clear();
      for (const [k, v] of sorted.slice(0, this.cap / 2)) this.counts.set(k, v);
    }
  }
  top(n: number) {
    return [...this.counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([key, count]) => ({ key, count }));
  }
  clear() {
    this.counts.clear();
  }
}

export function createMetrics(): ShieldMetrics {
  const counts = new Map<string, number>();
  const addresses = new TopCounter(10_000);
  const prefixes = new TopCounter(2_000);
  return {
    count(decision, policy, n = 1) {
      const k = `${decision}\u0000${policy}`;
      counts.set(k, (counts.get(k) ?? 0) + n);
    },
    limitedClient(address, prefix) {
      addresses.add(address);
      if (prefix) prefixes.add(prefix);
    },
    counters() {
      return [...counts.entries()].map(([k, count]) => {
        const [decision, policy] = k.split('\u0000') as [Decision, DecisionLabel];
        return { decision, policy, count };
      });
    },
    top(n) {
      return { addresses: addresses.top(n), prefixes: prefixes.top(n) };
    },
    reset() {
      counts.clear();
      addresses.clear();
      prefixes.clear();
    },
  };
}
