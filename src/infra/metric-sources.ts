import { Counter, Gauge, type Registry } from 'prom-client';
import type { AppContext } from '../context.js';
import type { Database } from '../db/create-db.js';
import { countOpenCases } from '../ops/ops.store.js';
import { DECISIONS } from '../shield/metrics.js';
import { POLICY_NAMES } from '../shield/options.js';

// Series read from the process's state when Prometheus scrapes: queues, streams, the shield, the database pool.
// Each collect() is bounded: a source that does not answer in time leaves its series out of that scrape.

const COLLECT_LIMIT_MS = 2_000;

async function bounded<T>(p: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), COLLECT_LIMIT_MS)))]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

export function registerMetricSources(ctx: AppContext, poolStats: Database['poolStats']): void {
  const registers: [Registry] = [ctx.metrics.registry];
  ctx.moderation.onScreened = (outcome, seconds) => ctx.metrics.screening.observe({ outcome }, seconds);

  new Gauge({
    name: 'tribune_jobs',
    help: 'Background jobs by state (waiting, active, delayed; failed: kept by Redis, or since start in-process).',
    labelNames: ['state'],
    registers,
    async collect() {
      const s = await bounded(ctx.jobs.stats());
      this.reset();
      if (s) for (const [state, n] of Object.entries(s)) this.set({ state }, n);
    },
  });

  new Gauge({
    name: 'tribune_moderation_queue_size',
    help: 'Open moderation cases by source (screening, report, hash).',
    labelNames: ['source'],
    registers,
    async collect() {
      const open = await bounded(countOpenCases(ctx.db));
      this.reset();
      if (!open) return;
      for (const source of ['screening', 'report', 'hash']) this.set({ source }, open[source] ?? 0);
    },
  });

  new Gauge({
    name: 'tribune_streaming_connections',
    help: 'Open streaming connections (WebSocket and server-sent events) in this process.',
    registers,
    collect() {
      let n = 0;
      for (const v of ctx.streamSlots.values()) n += v;
      this.set(n);
    },
  });

  if (poolStats) {
    new Gauge({
      name: 'tribune_db_pool_connections',
      help: 'PostgreSQL pool: connections open (total), idle, the pool size (max), and queries waiting for a connection.',
      labelNames: ['state'],
      registers,
      collect() {
        for (const [state, n] of Object.entries(poolStats())) this.set({ state }, n);
      },
    });
  }

  registerShieldSeries(ctx, registers);
}

/** The shield's own counters (src/shield/metrics.ts) and state, under the names its dashboards and tests know. */
function registerShieldSeries(ctx: AppContext, registers: [Registry]): void {
  const s = ctx.shield;
  new Counter({
    name: 'tribune_shield_decisions_total',
    help: 'Requests by shield decision and policy.',
    labelNames: ['decision', 'policy'],
    registers,
    collect() {
      this.reset();
      // Every (decision, policy) pair is listed, zeros included, so dashboards see series from the start.
      for (const decision of DECISIONS) for (const policy of POLICY_NAMES) this.inc({ decision, policy }, 0);
      for (const r of s.metrics.counters()) this.inc({ decision: r.decision, policy: r.policy }, r.count);
    },
  });
  const gauge = (name: string, help: string, value: () => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(value());
      },
    });
  gauge('tribune_shield_enabled', 'The shield is on (SHIELD=on).', () => (s.enabled ? 1 : 0));
  gauge('tribune_shield_under_attack', 'Under-attack mode is active.', () => (s.enabled && s.attack.active ? 1 : 0));
  gauge('tribune_shield_event_loop_delay_ms', "p99 event-loop delay over the shield's last sample.", () => s.attack.load.delayMs);
  gauge('tribune_shield_event_loop_utilisation', "Event-loop utilisation over the shield's last sample.", () => s.attack.load.utilisation);
  gauge('tribune_shield_cache_entries', 'Pages held by the micro-cache.', () => s.cache.size);
  gauge('tribune_shield_anonymous_renders_in_flight', 'Uncached anonymous renders running now.', () => s.anonInFlight);
  gauge('tribune_server_mode', 'Server mode: 0 normal, 1 read-only, 2 maintenance.', () =>
    s.mode.mode === 'maintenance' ? 2 : s.mode.mode === 'read-only' ? 1 : 0,
  );
  gauge('tribune_shutting_down', 'The process received SIGTERM and is draining.', () => (ctx.lifecycle.draining ? 1 : 0));
}
