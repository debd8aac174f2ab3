import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { type FuzzRequest, type Outcome, pool, prototypeSnapshot, send, takePollution } from './fuzz-client.js';
import { type Fixtures, seedFixtures } from './fuzz-fixtures.js';
import { arbitraries, fixedInputs, type Identity, randomInputArb, templateInputArb } from './fuzz-inputs.js';
import { fillPath, type RouteSpec, routesOf, validValues } from './fuzz-routes.js';
import { templates } from './fuzz-templates.js';

// Every route of the route table, anonymous, as a user and as an admin, with malformed inputs: no answer may be a
// 5xx, no request may touch a built-in prototype, and the server must still work afterwards.
// Deterministic: FUZZ_SEED picks the inputs. FUZZ_RUNS (random inputs per route and identity, default 2) scales the
// run up, and from 10 sends every variant of the fixed corpus to every route. A longer soak (a few minutes):
//   npm run fuzz:soak    (FUZZ_RUNS=50 npx vitest run --project sqlite tests/hardening/fuzz.db.test.ts)
const SEED = Number(process.env.FUZZ_SEED ?? 20_250_611);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2);
const CONCURRENCY = 8;
// FUZZ_LOG=<file> writes one line per request (identity, method, route, input kind, status, path, input, body).
const LOG_FILE = process.env.FUZZ_LOG;
const IDENTITIES: Identity[] = ['anonymous', 'user', 'admin'];

interface Failure {
  req: FuzzRequest;
  outcome: Outcome;
  /** The error the server logged for this request id, when it logged one. */
  cause?: string;
}

/** A 32-bit seed per route and identity: adding a route does not change the inputs of the others. */
function seedFor(key: string): number {
  let h = SEED >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h | 0;
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err).slice(0, 200);
  const where = err.stack
    ?.split('\n')
    .slice(1)
    .find((l) => l.includes('/src/') && !l.includes('node_modules'))
    ?.trim()
    .replace(/^at .*?\(?\/.*?\/(src\/.*?)\)?$/, '$1');
  return `${err.name}: ${err.message.slice(0, 200)}${where ? ` (${where})` : ''}`;
}

describe('hardening: fuzzing every route', () => {
  let t: TestServer;
  let fx: Fixtures;
  let snapshot: ReturnType<typeof prototypeSnapshot>;
  const failures: Failure[] = [];
  const pollution: Array<{ req: FuzzRequest; found: string[] }> = [];
  const logged = new Map<string, string>();
  let sent = 0;
  const byClass = new Map<string, number>();
  const log: string[] = [];

  beforeAll(async () => {
    t = await startTestServer();
    // app.onError logs an unknown error with the request id before answering 500: keep it to name the cause.
    const logger = t.ctx.logger;
    const error = logger.error.bind(logger);
    logger.error = ((obj: unknown, ...rest: unknown[]) => {
      const o = obj as { err?: unknown; requestId?: string } | undefined;
      if (o && typeof o === 'object' && o.requestId) logged.set(o.requestId, describeError(o.err));
      return (error as (...a: unknown[]) => void)(obj, ...rest);
    }) as typeof logger.error;
    fx = await seedFixtures(t);
    snapshot = prototypeSnapshot();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const openToAnonymous = new Set<string>();

  /** Which routes answer an anonymous request with something other than 401 or 403. */
  async function probeAnonymous(routes: RouteSpec[]) {
    await pool(routes, CONCURRENCY, async (route) => {
      const path = fillPath(
        route,
        route.slots.map((s) => validValues(route, s, fx)[0]!),
      );
      const req: FuzzRequest = {
        method: route.method,
        route: route.path,
        streaming: route.streaming,
        identity: 'anonymous',
        path,
        headers: {},
        kind: 'probe',
        desc: 'no parameters',
      };
      const outcome = await send(t.url, req, undefined);
      record(req, outcome);
      if (outcome.status !== 401 && outcome.status !== 403) openToAnonymous.add(`${route.method} ${route.path}`);
    });
  }

  const tokenOf = (identity: Identity) => (identity === 'user' ? fx.alice.token : identity === 'admin' ? fx.admin.token : undefined);

  function requestsFor(routes: RouteSpec[]): FuzzRequest[] {
    const arbs = arbitraries(fx);
    const known = templates(fx);
    const out: FuzzRequest[] = [];
    for (const [index, route] of routes.entries()) {
      const base = { method: route.method, route: route.path, streaming: route.streaming };
      for (const input of fixedInputs(route, fx, { index, all: RUNS >= 10 })) {
        out.push({ ...base, ...input, identity: input.anonymous ? 'anonymous' : route.primary });
        // Routes open to anonymous requests decode their input for them too (and serve them differently).
        if (!input.anonymous && openToAnonymous.has(`${route.method} ${route.path}`)) out.push({ ...base, ...input, identity: 'anonymous' });
      }
      for (const identity of IDENTITIES) {
        const samples = fc.sample(randomInputArb(route, fx, arbs, identity), { seed: seedFor(`${route.method} ${route.path} ${identity}`), numRuns: RUNS });
        for (const input of samples) out.push({ ...base, ...input, identity });
        const valid = known[`${route.method} ${route.path}`];
        if (!valid) continue;
        // Mutated valid parameters reach the services: most of them as the identity the route is for.
        const arb = templateInputArb(route, fx, arbs, valid);
        const runs = identity === route.primary ? 4 * RUNS : RUNS;
        for (const input of fc.sample(arb, { seed: seedFor(`${route.method} ${route.path} ${identity} template`), numRuns: runs }))
          out.push({ ...base, ...input, identity });
      }
    }
    return out;
  }

  /** Pollution seen after a request finished: caused by it or by one of the requests in flight with it. */
  const suspects: Array<{ found: string[]; candidates: FuzzRequest[] }> = [];
  let skipped = 0;

  async function run(requests: FuzzRequest[], concurrency: number, after?: () => Promise<void>) {
    const inFlight = new Set<FuzzRequest>();
    await pool(requests, concurrency, async (req) => {
      inFlight.add(req);
      const outcome = await send(t.url, req, req.headers.authorization ? undefined : tokenOf(req.identity));
      inFlight.delete(req);
      record(req, outcome);
      const found = takePollution(snapshot);
      if (found.length) suspects.push({ found, candidates: [req, ...inFlight] });
      await after?.();
    });
    await t.ctx.jobs.drain();
    await attributePollution();
  }

  function record(req: FuzzRequest, outcome: Outcome) {
    if (outcome.status === -1) {
      skipped++;
      return;
    }
    sent++;
    const cls = outcome.failure ? 'no answer' : `${String(outcome.status).slice(0, 1)}xx`;
    byClass.set(cls, (byClass.get(cls) ?? 0) + 1);
    if (LOG_FILE)
      log.push(JSON.stringify([req.identity, req.method, req.route, req.kind, outcome.status, req.path.slice(0, 300), req.desc, outcome.body.slice(0, 300)]));
    // Deliberate: a checkout whose web app is not built answers its pages so (CI builds it on npm install).
    if (outcome.status === 503 && outcome.body.includes('The web app has not been built yet')) return;
    if (outcome.failure || outcome.status >= 500) failures.push({ req, outcome, cause: outcome.requestId ? logged.get(outcome.requestId) : undefined });
  }

  /** Sends the suspects of each pollution again, one at a time, to name the request that does it. */
  async function attributePollution() {
    const candidates = [...new Set(suspects.splice(0).flatMap((s) => s.candidates))];
    const before = pollution.length;
    for (const req of candidates) {
      await send(t.url, req, req.headers.authorization ? undefined : tokenOf(req.identity));
      const found = takePollution(snapshot);
      if (found.length) pollution.push({ req, found });
    }
    if (candidates.length && pollution.length === before)
      pollution.push({ req: candidates[0]!, found: ['seen in the concurrent run, not again when its suspects were sent one at a time'] });
  }

  it(
    'answers every route, with malformed inputs, anonymous, as a user and as an admin, without a server error',
    async () => {
      const started = Date.now();
      const routes = routesOf(t.server.app.routes);
      expect(routes.length).toBeGreaterThan(100);
      // Reads and harmless writes first; then what deletes or suspends fixtures; modes that answer 503 to
      // everyone else last, one request at a time, switched back after each.
      await probeAnonymous(routes);
      await run(requestsFor(routes.filter((r) => r.phase === 'safe')), CONCURRENCY);
      await run(requestsFor(routes.filter((r) => r.phase === 'destructive')), CONCURRENCY);
      const shield = t.ctx.shield;
      await run(requestsFor(routes.filter((r) => r.phase === 'global')), 1, async () => {
        await shield.setMode('normal');
        await shield.setAttack('auto');
      });
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (LOG_FILE) writeFileSync(LOG_FILE, `${log.join('\n')}\n`);
      const classes = [...byClass.entries()]
        .sort()
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
      const serverErrors = failures.filter((f) => f.outcome.status >= 500).length;
      const noAnswer = failures.length - serverErrors;
      console.log(
        `fuzz: ${t.dialect}${process.env.DATABASE_URL && t.dialect === 'pg' ? ' (server)' : ''} ${sent} requests, ${serverErrors} server errors${noAnswer ? `, ${noAnswer} without an answer` : ''}${skipped ? `, ${skipped} refused by the client` : ''} (${routes.length} routes, ${openToAnonymous.size} open to anonymous requests; ${classes}; ${seconds} s; FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS})`,
      );
      if (failures.length) {
        const file = join(tmpdir(), `tribune-fuzz-failures-${t.dialect}.json`);
        writeFileSync(
          file,
          JSON.stringify(
            failures.map((f) => ({
              ...f.req,
              body: typeof f.req.body === 'string' ? f.req.body.slice(0, 2000) : f.req.body ? '(bytes or form data)' : undefined,
              outcome: f.outcome,
              cause: f.cause,
            })),
            null,
            1,
          ),
        );
        expect.fail(`${failures.length} requests answered 5xx or not at all (every one: ${file}):\n${report(failures)}`);
      }
    },
    420_000 + RUNS * 30_000,
  );

  it('leaves Object.prototype and the other built-in prototypes untouched', () => {
    const late = takePollution(snapshot);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Grouped by input kind: one pollution bug usually shows on every route that decodes its input.
    const groups = new Map<string, Array<{ req: FuzzRequest; found: string[] }>>();
    for (const p of pollution) groups.set(p.req.kind, [...(groups.get(p.req.kind) ?? []), p]);
    const lines = [...groups.entries()].map(([kind, list]) => {
      const e = list[0]!;
      const routes = [...new Set(list.map((p) => `${p.req.method} ${p.req.route}`))];
      return `  [${kind}] on ${routes.length} routes (${routes.slice(0, 6).join(', ')}${routes.length > 6 ? ', …' : ''})\n     e.g. ${e.req.identity} ${e.req.method} ${e.req.path.slice(0, 200)}  ${e.req.desc}\n     -> ${e.found.join(', ').slice(0, 300)}`;
    });
    if (late.length) lines.push(`  after the run: ${late.join(', ')}`);
    if (lines.length) expect.fail(`requests polluted a built-in prototype (each was put back after the request):\n${lines.join('\n')}`);
  });

  it('still posts, reads back and answers the instance after the run', async () => {
    const json = await t.post('/api/v1/statuses', { token: fx.alice.token, json: { status: 'still here after the fuzzing' } });
    expect(json.status, json.text).toBe(200);
    const form = await t.post('/api/v1/statuses', { token: fx.alice.token, form: { status: 'still here, form-encoded', visibility: 'unlisted' } });
    expect(form.status, form.text).toBe(200);
    for (const [id, text] of [
      [json.body.id, 'still here after the fuzzing'],
      [form.body.id, 'still here, form-encoded'],
    ]) {
      const back = await t.get(`/api/v1/statuses/${id}`, { token: fx.alice.token });
      expect(back.status, back.text).toBe(200);
      expect(back.body.content).toContain(text);
    }
    const instance = await t.get('/api/v1/instance');
    expect(instance.status, instance.text).toBe(200);
    expect(instance.body.uri).toBeTruthy();
  });
});

/** Failures grouped by route, input kind and cause, with one example request each. */
function report(failures: Failure[]): string {
  const groups = new Map<string, Failure[]>();
  for (const f of failures) {
    const what = f.outcome.failure ?? `${f.outcome.status} ${f.cause ?? f.outcome.body.slice(0, 160)}`;
    const key = `${f.req.method} ${f.req.route} [${f.req.kind}] -> ${what.replace(/\d{5,}/g, 'N')}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.entries()]
    .map(([key, list]) => {
      const e = list[0]!;
      const identities = [...new Set(list.map((f) => f.req.identity))].join('/');
      return `  ${list.length}× ${key}\n     e.g. ${identities}: ${e.req.method} ${e.req.path.slice(0, 200)}  ${e.req.desc}\n     body: ${e.outcome.body.slice(0, 200)}`;
    })
    .join('\n');
}
