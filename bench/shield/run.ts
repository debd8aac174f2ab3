// `npm run bench:shield`: Tribune's shield under attack, shield off and on, in one run (see docs/operations.md).
// Starts Tribune, measures its capacity C for uncached anonymous pages, then runs legitimate open-loop traffic
// at L = 0.2 C alone and beside each attack. All traffic stays on 127.0.0.0/8; every loop is bounded in time.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadConfig } from '../../src/config/config.js';
import { createContext } from '../../src/context.js';
import { createLocalAccount } from '../../src/domain/accounts/accounts.service.js';
import { issueToken } from '../../src/domain/auth/tokens.js';
import { createLogger } from '../../src/logger.js';
import { SOLVER_SOURCE } from '../../src/shield/challenge-page.js';
import { createSpentSeeds, deriveKey, issueChallenge, verifyChallenge } from '../../src/shield/pow.js';
import type { AttackJob, AttackReport } from './attacker.js';
import { cpuSeconds, type Outcome, openLoop, percentile, request, resetAgents, type Spec } from './load.js';

const SECONDS = Number(process.env.BENCH_SHIELD_SECONDS ?? 12);
const ATTACK_AT_MS = 2000;
const USERS = 24;
const SECRET = 'bench-shield-secret-'.padEnd(64, 's');
const solve = new Function(`${SOLVER_SOURCE}; return tribuneSolve;`)() as (seed: string, d: number) => string;

// Browsers solve in a thread of their own, as a phone would: the load generator's clock must not stop meanwhile.
const solverThread = new Worker(
  `const { parentPort } = require('node:worker_threads');\n${SOLVER_SOURCE}\nparentPort.on('message', (m) => parentPort.postMessage({ id: m.id, counter: tribuneSolve(m.seed, m.difficulty) }));`,
  { eval: true },
);
solverThread.unref();
const solving = new Map<number, (counter: string) => void>();
let solveIds = 0;
solverThread.on('message', (m: { id: number; counter: string }) => {
  solving.get(m.id)?.(m.counter);
  solving.delete(m.id);
});
function solveInThread(seed: string, difficulty: number): Promise<string> {
  const id = ++solveIds;
  return new Promise((resolve) => {
    solving.set(id, resolve);
    solverThread.postMessage({ id, seed, difficulty });
  });
}
const log = (m: string) => console.error(m);

interface Server {
  port: number;
  pid: number;
  proc: ChildProcess;
  stop(): Promise<void>;
}

async function startTribune(dataDir: string, shield: 'on' | 'off'): Promise<Server> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'bench/shield/serve.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, SECRET_KEY: SECRET, LOG_LEVEL: 'silent', SHIELD: shield, HOST: '127.0.0.1', REDIS_URL: '' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Tribune did not start within 60 s')), 60_000);
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.once('exit', (code) => reject(new Error(`Tribune exited with ${code}`)));
  });
  return {
    port,
    pid: proc.pid!,
    proc,
    stop: () =>
      new Promise<void>((resolve) => {
        const kill = setTimeout(() => proc.kill('SIGKILL'), 5000);
        proc.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        proc.stdin!.end();
      }),
  };
}

interface Community {
  users: Array<{ id: string; username: string; token: string }>;
}

async function seed(dataDir: string): Promise<Community> {
  const config = loadConfig({ DATA_DIR: dataDir, SECRET_KEY: SECRET, LOG_LEVEL: 'silent' });
  const ctx = await createContext(config, { logger: createLogger('silent') });
  const users: Community['users'] = [];
  for (let i = 1; i <= USERS; i++) {
    const username = `user${i}`;
    const { id } = await createLocalAccount(ctx, { username, email: `${username}@bench.test`, password: 'correct horse battery staple', allowReserved: true });
    const { token } = await issueToken(ctx, null, id, 'read write follow push');
    users.push({ id, username, token });
  }
  await ctx.close();
  return { users };
}

const json = (token?: string): Record<string, string> => ({ accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) });

/** Closed loop, `workers` at a time, for `ms`: answers per second that came back 200. */
async function capacity(port: number, pages: string[], ms: number, workers: number): Promise<number> {
  const end = Date.now() + ms;
  let ok = 0;
  const start = Date.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (Date.now() < end) {
        const page = pages[Math.floor(Math.random() * pages.length)]!;
        const r = await request(port, { path: page, from: `127.9.0.${w + 1}`, headers: { accept: 'text/html' } }, 5000);
        if (r.status === 200) ok++;
      }
    }),
  );
  return ok / ((Date.now() - start) / 1000);
}

function attack(job: AttackJob): Promise<AttackReport> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'bench/shield/attacker.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
    p.stdin!.end(JSON.stringify(job));
    let out = '';
    p.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    p.once('exit', (code) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as AttackReport);
      } catch {
        reject(new Error(`the attacker exited with ${code} and no report`));
      }
    });
  });
}

/** Distinct addresses spread over 127.0.0.0/8 (avoiding 127.0.0.x and the legitimate clients' ranges). */
function spreadAddresses(n: number): string[] {
  const set = new Set<string>();
  while (set.size < n) set.add(`127.${10 + Math.floor(Math.random() * 240)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 253)}`);
  return [...set];
}

interface PhaseResult {
  attack: string;
  shield: 'on' | 'off';
  legit: { n: number; success: number; p50: number; p99: number };
  cpu: number;
  escalateMs: number | null;
  report?: AttackReport;
  legitChallenges: number;
  /** Legitimate failures by status (0 = timeout or connection error). */
  fails: Record<string, number>;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'tribune-bench-shield-'));
  try {
    log(`Seeding ${USERS} accounts in ${dataDir} ...`);
    const community = await seed(dataDir);

    // Posts, through the API like any client (skipped quietly if the statuses API refuses).
    let srv = await startTribune(dataDir, 'off');
    let posted = 0;
    for (let i = 0; i < 240; i++) {
      const u = community.users[i % USERS]!;
      const r = await request(
        srv.port,
        {
          method: 'POST',
          path: '/api/v1/statuses',
          from: '127.0.0.1',
          headers: { ...json(u.token), 'content-type': 'application/json' },
          body: JSON.stringify({ status: `Post ${i} by ${u.username} #bench`, visibility: 'public' }),
        },
        10_000,
      );
      if (r.status === 200) posted++;
    }
    // The uncached anonymous page: a server-rendered profile, else an account's posts in the API.
    const profile = await request(srv.port, { path: '/@user1', from: '127.0.0.1', headers: { accept: 'text/html' } }, 10_000);
    const pageKind = profile.status === 200 ? 'profile page /@user (HTML)' : 'account posts /api/v1/accounts/:id/statuses (JSON)';
    const pageOf = (i: number, variant: string) =>
      profile.status === 200 ? `/@user${1 + (i % USERS)}${variant}` : `/api/v1/accounts/${community.users[i % USERS]!.id}/statuses${variant}`;
    const uncachedPages = Array.from({ length: 2000 }, (_, i) => pageOf(i, `?max_id=${9_000_000_000_000_000_000 - i}`));
    log(`Posted ${posted} posts. Uncached anonymous page: ${pageKind}.`);

    // Capacity C: closed loop on uncached pages, shield off.
    await capacity(srv.port, uncachedPages, 1500, 8);
    const C = await capacity(srv.port, uncachedPages, 5000, 16);
    const L = Math.max(5, 0.2 * C);
    log(`Capacity C = ${C.toFixed(0)} uncached anonymous pages/s; legitimate load L = ${L.toFixed(0)} req/s; floods at 50 L = ${(50 * L).toFixed(0)} req/s.`);
    await srv.stop();
    resetAgents();

    const popularPages = Array.from({ length: 8 }, (_, i) => pageOf(i, ''));
    const anonAddrs = Array.from({ length: 16 }, (_, i) => `127.1.0.${i + 1}`);
    const userAddrs = Array.from({ length: 8 }, (_, i) => `127.1.1.${i + 1}`);
    const csrfNonce = 'benchbenchbenchbench';
    const csrf = { nonce: csrfNonce, token: createHmac('sha256', SECRET).update(`csrf:${csrfNonce}`).digest('base64url') };

    const jar = new Map<string, string>();
    const allPhases = ['none', 'a', 'b', 'c', 'd', 'e'] as const;
    // BENCH_SHIELD_ONLY=a,c runs some attacks only (with the legitimate-alone baseline).
    const only = process.env.BENCH_SHIELD_ONLY?.split(',').map((x) => x.trim());
    const phases = allPhases.filter((p) => !only || p === 'none' || only.includes(p));
    const names: Record<(typeof allPhases)[number], string> = {
      none: 'legitimate alone',
      a: '(a) flood 50L, 4096 addrs',
      b: '(b) cache-busting 50L',
      c: '(c) 50L from 4 addrs',
      d: '(d) 2000 slow-header sockets',
      e: '(e) sign-in brute force',
    };
    const results: PhaseResult[] = [];
    for (const phase of phases) {
      for (const shield of ['off', 'on'] as const) {
        srv = await startTribune(dataDir, shield);
        const port = srv.port;
        // Browsers keep their clearance cookie per address (across phases too, like regular visitors) and solve
        // a challenge when they get one.
        let legitChallenges = 0;
        const send = async (p: number, spec: Spec, timeoutMs: number): Promise<Outcome> => {
          const isPage = spec.headers?.accept?.includes('text/html');
          const cookie = jar.get(spec.from);
          const first = await request(p, { ...spec, headers: { ...spec.headers, ...(cookie ? { cookie } : {}) } }, timeoutMs, isPage);
          if (!(isPage && first.status === 503 && first.headers['x-tribune-challenge'])) return first;
          const token = /name="challenge" value="([^"]+)"/.exec(first.body ?? '')?.[1];
          const m = /tribuneSolve\(("[^"]+"), (\d+)\)/.exec(first.body ?? '');
          if (!token || !m) return first;
          legitChallenges++;
          const counter = await solveInThread(JSON.parse(m[1]!), Number(m[2]));
          const answer = await request(
            p,
            {
              method: 'POST',
              path: '/_shield/clearance',
              from: spec.from,
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({ challenge: token, counter }).toString(),
            },
            timeoutMs,
          );
          const set = String(answer.headers['set-cookie'] ?? '');
          const c = /tribune_clearance=[^;]+/.exec(set)?.[0];
          if (c) jar.set(spec.from, c);
          const again = await request(p, { ...spec, headers: { ...spec.headers, ...(c ? { cookie: c } : {}) } }, timeoutMs);
          return { ...again, ms: first.ms + answer.ms + again.ms };
        };
        const kinds: string[] = [];
        const next = (i: number): Spec => {
          const r = Math.random();
          const u = community.users[i % USERS]!;
          if (r < 0.3) {
            kinds[i] = 'anon-api';
            return {
              path: i % 2 ? '/api/v1/timelines/public?limit=20' : `/api/v1/accounts/${community.users[i % 8]!.id}/statuses`,
              from: anonAddrs[i % anonAddrs.length]!,
              headers: json(),
            };
          }
          if (r < 0.5) {
            kinds[i] = 'anon-page';
            return {
              path: popularPages[i % popularPages.length]!,
              from: anonAddrs[i % anonAddrs.length]!,
              headers: { accept: 'text/html,application/xhtml+xml' },
            };
          }
          if (r < 0.85) {
            kinds[i] = 'user-read';
            return {
              path: i % 2 ? '/api/v1/timelines/home' : '/api/v1/accounts/verify_credentials',
              from: userAddrs[i % userAddrs.length]!,
              headers: json(u.token),
            };
          }
          kinds[i] = 'write';
          return {
            method: 'POST',
            path: '/api/v1/statuses',
            from: userAddrs[i % userAddrs.length]!,
            headers: { ...json(u.token), 'content-type': 'application/json' },
            body: JSON.stringify({ status: `Legit ${i}`, visibility: 'public' }),
          };
        };
        // Warm the cache and the JIT a little, then measure.
        await openLoop(port, { rate: L, durationMs: 1000, timeoutMs: 5000, maxInFlight: 2000, next, send });
        const durationMs = SECONDS * 1000;
        const cpu0 = cpuSeconds(srv.pid);
        let cpuAtAttack = cpu0;
        const started = Date.now();
        let escalateMs: number | null = null;
        let polling = true;
        const poller = (async () => {
          while (polling) {
            await new Promise((r) => setTimeout(r, 100));
            const since = Date.now() - started - ATTACK_AT_MS;
            if (phase === 'none' || since < 0 || escalateMs !== null) continue;
            const s = await request(port, { path: '/status', from: '127.0.0.1', headers: json() }, 2000, true);
            try {
              if (JSON.parse(s.body ?? '{}').under_attack) escalateMs = since;
            } catch {
              // a busy server: next poll
            }
          }
        })();
        let report: AttackReport | undefined;
        const attackRun =
          phase === 'none'
            ? Promise.resolve()
            : new Promise<void>((r) => setTimeout(r, ATTACK_AT_MS)).then(async () => {
                cpuAtAttack = cpuSeconds(srv.pid);
                const base = { port, durationMs: durationMs - ATTACK_AT_MS, pages: uncachedPages, rate: 50 * L };
                const job: AttackJob =
                  phase === 'a'
                    ? { ...base, kind: 'flood', sources: spreadAddresses(4096) }
                    : phase === 'b'
                      ? { ...base, kind: 'bust', sources: spreadAddresses(4096) }
                      : phase === 'c'
                        ? { ...base, kind: 'few', sources: ['127.3.0.1', '127.3.0.2', '127.3.0.3', '127.3.0.4'] }
                        : phase === 'd'
                          ? { ...base, kind: 'slow', rate: 2000, sources: Array.from({ length: 20 }, (_, i) => `127.4.0.${i + 1}`) }
                          : {
                              ...base,
                              kind: 'brute',
                              rate: Math.min(50 * L, 2000),
                              sources: Array.from({ length: 16 }, (_, i) => `127.5.0.${i + 1}`),
                              csrf,
                              victim: 'user1',
                            };
                report = await attack(job);
              });
        const legit = await openLoop(port, { rate: L, durationMs, timeoutMs: 5000, maxInFlight: 5000, next, send });
        await attackRun;
        polling = false;
        await poller;
        const cpu1 = cpuSeconds(srv.pid);
        const windowStart = phase === 'none' ? started : started + ATTACK_AT_MS;
        const measured = legit.outcomes.map((o, idx) => ({ o, idx })).filter(({ o }) => o.at - o.ms >= windowStart);
        const oks = measured.filter(({ o }) => o.status >= 200 && o.status < 400);
        const lat = measured.map(({ o }) => o.ms);
        const fails: Record<string, number> = {};
        for (const { o } of measured) if (!(o.status >= 200 && o.status < 400)) fails[o.status] = (fails[o.status] ?? 0) + 1;
        const cpuWindow = (Date.now() - windowStart) / 1000;
        results.push({
          attack: names[phase],
          shield,
          legit: {
            n: measured.length + legit.skipped,
            success: measured.length ? oks.length / (measured.length + legit.skipped) : 0,
            p50: percentile(lat, 50),
            p99: percentile(lat, 99),
          },
          cpu: ((cpu1 - (phase === 'none' ? cpu0 : cpuAtAttack)) / cpuWindow) * 100,
          escalateMs: phase === 'c' ? (report?.firstRefusalMs ?? null) : escalateMs,
          report,
          legitChallenges,
          fails,
        });
        const last = results[results.length - 1]!;
        const p99Of = (prefix: string) =>
          percentile(
            measured.filter(({ o }) => o.from.startsWith(prefix)).map(({ o }) => o.ms),
            99,
          );
        log(
          `${last.attack.padEnd(30)} shield ${shield.padEnd(3)}  legit ${(last.legit.success * 100).toFixed(1)}% ok of ${last.legit.n}, p50 ${last.legit.p50.toFixed(0)} ms, p99 ${last.legit.p99.toFixed(0)} ms, CPU ${last.cpu.toFixed(0)}% (p99 anonymous ${p99Of('127.1.0.').toFixed(0)} ms, signed-in ${p99Of('127.1.1.').toFixed(0)} ms)` +
            (report
              ? `, attack sent ${report.sent} (skipped ${report.skipped}) ${JSON.stringify(report.statuses)}${report.slow ? ` ${JSON.stringify(report.slow)}` : ''}`
              : ''),
        );
        await srv.stop();
        resetAgents();
      }
    }

    // Proof-of-work cost: the browser's solver against the server's verification, at each difficulty.
    const key = deriveKey(SECRET);
    const pow: Array<{ d: number; solveMs: number; verifyUs: number; ratio: number }> = [];
    for (const d of [16, 17, 18]) {
      const runs = d === 16 ? 20 : d === 17 ? 10 : 6;
      let solveCpu = 0;
      const made = Array.from({ length: runs }, () => issueChallenge(key, '127.0.0.0/24', d, 60));
      const answers: string[] = [];
      for (const m of made) {
        const c0 = process.cpuUsage();
        answers.push(solve(m.claims.seed, d));
        const c = process.cpuUsage(c0);
        solveCpu += (c.user + c.system) / 1000;
      }
      const seen = createSpentSeeds();
      const reps = 2000;
      const c0 = process.cpuUsage();
      for (let r = 0; r < reps; r++) {
        const m = made[r % runs]!;
        verifyChallenge(key, m.token, answers[r % runs]!, '127.0.0.0/24', r < runs ? seen.firstUse : () => true);
      }
      const c = process.cpuUsage(c0);
      const verifyUs = (c.user + c.system) / reps;
      const solveMs = solveCpu / runs;
      pow.push({ d, solveMs, verifyUs, ratio: (solveMs * 1000) / verifyUs });
    }

    // The table.
    const f = (n: number | null, unit = '') => (n === null || Number.isNaN(n) ? '-' : `${n.toFixed(0)}${unit}`);
    console.log(
      `\nTribune shield benchmark (${new Date().toISOString()}), ${SECONDS} s per phase, attacks from ${ATTACK_AT_MS / 1000} s on; 2 cores shared by server and load generator`,
    );
    console.log(
      `Uncached anonymous page: ${pageKind}. Capacity C = ${C.toFixed(0)}/s, legitimate load L = ${L.toFixed(0)}/s (30% anonymous API, 20% anonymous pages, 35% signed-in reads, 15% writes; 24 addresses), floods 50 L = ${(50 * L).toFixed(0)}/s.\n`,
    );
    console.log(
      `${'attack'.padEnd(31)}${'shield'.padEnd(8)}${'legit ok'.padStart(10)}${'p50'.padStart(9)}${'p99'.padStart(9)}${'server CPU'.padStart(12)}${'escalation'.padStart(12)}  attack answers`,
    );
    for (const r of results) {
      const answers = r.report
        ? r.report.slow
          ? `sockets opened ${r.report.slow.opened}, closed before the end ${r.report.slow.cutByServer} (median after ${f(r.report.slow.medianCutMs, ' ms')})`
          : `${r.report.sent} sent (${(r.report.sent / (SECONDS - ATTACK_AT_MS / 1000)).toFixed(0)}/s achieved): ${Object.entries(r.report.statuses)
              .map(([k, v]) => `${k}×${v}`)
              .join(' ')}`
        : '';
      console.log(
        `${r.attack.padEnd(31)}${r.shield.padEnd(8)}${`${(r.legit.success * 100).toFixed(1)}%`.padStart(10)}${f(r.legit.p50, ' ms').padStart(9)}${f(r.legit.p99, ' ms').padStart(9)}${f(r.cpu, '%').padStart(12)}${(r.escalateMs === null ? '-' : `${(r.escalateMs / 1000).toFixed(1)} s`).padStart(12)}  ${answers}`,
      );
    }
    console.log(
      '\nescalation: time from the attack start to under-attack mode (from /status); for (c), to the last of the 4 flooding addresses getting its first 429.',
    );
    console.log('\nProof of work (JavaScript solver vs. server verification, CPU time):');
    for (const p of pow)
      console.log(`  difficulty ${p.d} bits: solve ${p.solveMs.toFixed(1)} ms, verify ${p.verifyUs.toFixed(1)} µs, ratio ${p.ratio.toFixed(0)}×`);
    const on = results.filter((r) => r.shield === 'on' && /^\((a|b|c|d)\)/.test(r.attack));
    const pass = on.every((r) => r.legit.success >= 0.99 && r.legit.p99 <= 500);
    const lone = results.find((r) => r.shield === 'on' && r.attack.startsWith('(c)'))?.escalateMs;
    console.log(
      `\nTargets (shield on): legit >= 99% and p99 <= 500 ms in (a)-(d): ${pass ? 'met' : 'NOT met'}; lone flooding address limited within 2 s: ${lone !== null && lone !== undefined && lone <= 2000 ? 'met' : 'NOT met'}; proof of work >= 1000× verification: ${pow[0]!.ratio >= 1000 ? 'met' : 'NOT met'}.`,
    );
    console.log(`Total run time ${((Date.now() - t0) / 1000).toFixed(0)} s.`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
