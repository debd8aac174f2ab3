import {
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus registry (prom-client) and the instruments code observes directly. Series that are
 * read from state at scrape time (queues, streams, shield, pool) are registered by src/infra/metric-sources.ts
 * once the context is whole. One registry per context, so tests running several servers in one process never
 * share counters.
 */
export interface Metrics {
  registry: Registry;
  /** Every HTTP request by method, route pattern (never a raw path) and status class. */
  http: Histogram<'method' | 'route' | 'status'>;
  /** Every SQL statement by kind (select, insert, update, delete, other). */
  dbQuery: Histogram<'kind'>;
  /** The classifier's screening of one post (text, warning, descriptions, poll) by outcome. */
  screening: Histogram<'outcome'>;
  /** Jobs whose handler threw, by job name. */
  jobFailures: Counter<'job'>;
}

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(): Metrics {
  const registry = new Registry();
  // Process CPU, memory, handles, GC, and nodejs_eventloop_lag_* (event-loop lag, with p50/p90/p99).
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  return {
    registry,
    http: new Histogram({
      name: 'tribune_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status (rate: sum(rate(..._count[5m])) by (route)).',
      labelNames: ['method', 'route', 'status'],
      buckets: SECONDS,
      registers: [registry],
    }),
    dbQuery: new Histogram({
      name: 'tribune_db_query_duration_seconds',
      help: 'Answered SQL statements by kind, from sending to the answer (waiting for a pooled connection included).',
      labelNames: ['kind'],
      buckets: SECONDS,
      registers: [registry],
    }),
    screening: new Histogram({
      name: 'tribune_moderation_screening_duration_seconds',
      help: "The classifier's screening of one post, by outcome (published, pending, refused).",
      labelNames: ['outcome'],
      buckets: SECONDS,
      registers: [registry],
    }),
    jobFailures: new Counter({
      name: 'tribune_job_failures_total',
      help: 'Jobs whose handler threw, by job name.',
      labelNames: ['job'],
      registers: [registry],
    }),
  };
}

const KINDS: Record<string, string> = { SelectQueryNode: 'select', InsertQueryNode: 'insert', UpdateQueryNode: 'update', DeleteQueryNode: 'delete' };
const untouched = new OperationNodeTransformer();

/**
 * A Kysely plugin that times every statement (transactions included: they share the plugins). Only answered
 * statements are timed (a failed one never reaches transformResult; its start is in a WeakMap, so nothing leaks).
 */
export function queryTimer(metrics: Metrics): KyselyPlugin {
  const started = new WeakMap<object, { at: number; kind: string }>();
  return {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      started.set(args.queryId, { at: performance.now(), kind: KINDS[args.node.kind] ?? 'other' });
      return untouched.transformNode(args.node);
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const s = started.get(args.queryId);
      if (s) {
        started.delete(args.queryId);
        metrics.dbQuery.observe({ kind: s.kind }, (performance.now() - s.at) / 1000);
      }
      return args.result;
    },
  };
}
