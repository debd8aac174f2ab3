import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// /health, /ready and /metrics through HTTP against the real server (docs/operations.md, "Health and metrics").

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
const basic = (password: string) => `Basic ${Buffer.from(`prometheus:${password}`).toString('base64')}`;

/** The value of one sample line of Prometheus text, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('health, readiness and metrics', { timeout: 120_000 }, () => {
  let t: TestServer;
  let alice: TestUser;
  let admin: TestUser;
  let statusId: string;

  beforeAll(async () => {
    t = await startTestServer({ metricsToken: METRICS_TOKEN });
    alice = await t.createUser('alice');
    admin = await t.createUser('boss', { role: 'admin' });
    statusId = (await t.postStatus(alice, 'hello metrics')).id;
    for (let i = 0; i < 3; i++) expect((await t.get(`/api/v1/statuses/${statusId}`, { token: alice.token })).status).toBe(200);
    expect((await t.get('/api/v1/statuses/1234567890', { token: alice.token })).status).toBe(404);
  }, 180_000);
  afterAll(() => t?.close());

  it('answers /health and /ready with what was checked', async () => {
    expect((await t.get('/health')).body).toEqual({ status: 'ok' });
    const ready = await t.get('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { database: 'ok', jobs: 'ok' }, down: [] });
  });

  it('exposes request histograms by route pattern, never by raw id', async () => {
    const m = await t.get('/metrics');
    expect(m.status).toBe(200);
    expect(m.headers.get('content-type')).toMatch(/^text\/plain/);
    const ok = sample(m.text, 'tribune_http_request_duration_seconds_count{method="GET",route="/api/v1/statuses/:id",status="200"}');
    expect(ok).toBeGreaterThanOrEqual(3);
    expect(sample(m.text, 'tribune_http_request_duration_seconds_count{method="GET",route="/api/v1/statuses/:id",status="404"}')).toBe(1);
    expect(sample(m.text, 'tribune_http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/api/v1/statuses",status="200"}')).toBe(1);
    expect(m.text).not.toContain(statusId);
    expect(m.text).not.toContain('1234567890');
  });

  it('exposes the database, screening, queues, streams, shield and event loop series with real values', async () => {
    const m = (await t.get('/metrics')).text;
    expect(sample(m, 'tribune_db_query_duration_seconds_count{kind="select"}')).toBeGreaterThan(5);
    expect(sample(m, 'tribune_db_query_duration_seconds_count{kind="insert"}')).toBeGreaterThan(0);
    expect(sample(m, 'tribune_moderation_screening_duration_seconds_count{outcome="published"}')).toBe(1);
    expect(sample(m, 'tribune_moderation_queue_size{source="screening"}')).toBe(0);
    expect(sample(m, 'tribune_jobs{state="waiting"}')).toBe(0);
    expect(sample(m, 'tribune_jobs{state="failed"}')).toBe(0);
    expect(sample(m, 'tribune_streaming_connections')).toBe(0);
    expect(sample(m, 'tribune_shield_decisions_total{decision="allowed",policy="anon-read"}')).toBe(0);
    expect(sample(m, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(m, 'tribune_shutting_down')).toBe(0);
  });

  it('serves every series the example Grafana dashboard queries', async () => {
    const dashboard = readFileSync(join(import.meta.dirname, '../../docs/grafana-dashboard.json'), 'utf8');
    const used = new Set([...dashboard.matchAll(/\b((?:tribune|nodejs)_[a-z0-9_]+)\{/g)].map((m) => m[1]!));
    expect(used.size).toBeGreaterThan(10);
    const m = (await t.get('/metrics')).text;
    // The pool exists on PostgreSQL servers only (not SQLite, not PGlite).
    // A labelled counter has no sample before its first increment (job failures): its TYPE line is enough.
    const served = (name: string) => new RegExp(`^${name}[ {]`, 'm').test(m) || new RegExp(`^# TYPE ${name.replace(/_(bucket|count|sum)$/, '')} `, 'm').test(m);
    const missing = [...used].filter((name) => name !== 'tribune_db_pool_connections' && !served(name));
    expect(missing).toEqual([]);
  });

  it('counts an open stream while it is open', async () => {
    const ac = new AbortController();
    const res = await fetch(`${t.url}/api/v1/streaming/user`, { headers: { authorization: `Bearer ${alice.token}` }, signal: ac.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read();
    expect(sample((await t.get('/metrics')).text, 'tribune_streaming_connections')).toBe(1);
    ac.abort();
    await expect.poll(async () => sample((await t.get('/metrics')).text, 'tribune_streaming_connections')).toBe(0);
  });

  it('serves /metrics to the host, to METRICS_TOKEN and to staff, and refuses anyone else', async () => {
    const proxied = { 'x-forwarded-for': '203.0.113.9' };
    expect((await t.get('/metrics', { headers: proxied })).status).toBe(403);
    expect((await t.get('/metrics', { headers: { forwarded: 'for=203.0.113.9' } })).status).toBe(403);
    expect((await t.get('/metrics', { headers: { ...proxied, authorization: basic('wrong-token-wrong-token-000') } })).status).toBe(403);
    expect((await t.get('/metrics', { headers: { ...proxied, authorization: basic(METRICS_TOKEN) } })).status).toBe(200);
    expect((await t.get('/metrics', { headers: proxied, token: admin.token })).status).toBe(200);
    expect((await t.get('/metrics', { headers: proxied, token: alice.token })).status).toBe(403);
  });
});

describe('readiness with the database closed', { timeout: 180_000 }, () => {
  it('answers 503 naming the database', async () => {
    const t = await startTestServer();
    try {
      expect((await t.get('/ready')).status).toBe(200);
      await t.ctx.db.destroy();
      // Checked at most once a second: the next check finds the database gone.
      await expect.poll(async () => (await t.get('/ready')).status).toBe(503);
      const ready = await t.get('/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.status).toBe('unavailable');
      expect(ready.body.down).toEqual(['database']);
      expect(ready.body.checks.database).not.toBe('ok');
      expect((await t.get('/health')).status).toBe(200);
      // Anyone else learns what is down, not the driver's words.
      const outside = await t.get('/ready', { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(outside.status).toBe(503);
      expect(outside.body).toEqual({ status: 'unavailable', down: ['database'] });
    } finally {
      await t.close().catch(() => {});
    }
  });
});
