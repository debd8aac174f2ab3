// The attack traffic of `npm run bench:shield`, in a process of its own so the legitimate clients keep theirs.
// The job comes as JSON on stdin; the report goes to stdout as one JSON line.
import { openLoop, resetAgents, type Spec, slowHeaders } from './load.js';

export interface AttackJob {
  port: number;
  kind: 'flood' | 'bust' | 'few' | 'slow' | 'brute';
  rate: number;
  durationMs: number;
  /** Path maker data. */
  pages: string[];
  sources: string[];
  csrf?: { nonce: string; token: string };
  victim?: string;
}

export interface AttackReport {
  sent: number;
  skipped: number;
  statuses: Record<string, number>;
  /** Milliseconds from the start to the first refusal (429, 503) per source, median over sources that got one. */
  firstRefusalMs: number | null;
  slow?: { opened: number; refused: number; cutByServer: number; medianCutMs: number | null };
}

let job!: AttackJob;
const pick = <T>(a: T[]) => a[Math.floor(Math.random() * a.length)]!;

async function readJob(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  job = JSON.parse(Buffer.concat(chunks).toString()) as AttackJob;
}

async function run(): Promise<AttackReport> {
  if (job.kind === 'slow') {
    const slow = await slowHeaders(job.port, job.sources, job.rate, job.durationMs);
    return { sent: slow.opened, skipped: 0, statuses: {}, firstRefusalMs: null, slow };
  }
  const started = Date.now();
  const next = (): Spec => {
    const from = pick(job.sources);
    switch (job.kind) {
      case 'bust':
        return { path: `/api/v1/timelines/public?limit=20&_=${Math.random().toString(36).slice(2)}`, from, headers: { accept: 'application/json' } };
      case 'brute':
        return {
          method: 'POST',
          path: '/oauth/sign_in',
          from,
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `tribune_csrf=${job.csrf!.nonce}`, accept: 'text/html' },
          body: new URLSearchParams({
            login: job.victim!,
            password: Math.random().toString(36),
            authenticity_token: job.csrf!.token,
            return_to: '/oauth/authorize',
          }).toString(),
        };
      default: {
        // A page the cache has never seen: a profile with a fresh max_id (a parameter the route honours).
        const page = pick(job.pages).replace(/max_id=\d+/, `max_id=${Math.floor(Math.random() * 9e15)}`);
        return { path: page, from, headers: { accept: 'text/html,application/xhtml+xml' } };
      }
    }
  };
  const res = await openLoop(job.port, { rate: job.rate, durationMs: job.durationMs, timeoutMs: 2000, maxInFlight: 400, next });
  const statuses: Record<string, number> = {};
  for (const o of res.outcomes) {
    const k = o.status === 503 && o.headers['x-tribune-challenge'] ? 'challenge' : String(o.status);
    statuses[k] = (statuses[k] ?? 0) + 1;
  }
  // The slowest of the few sources to be refused: "a lone flooding address limited within 2 s".
  let firstRefusalMs: number | null = null;
  if (job.kind === 'few') {
    const first = new Map<string, number>();
    for (const o of res.outcomes) {
      if (o.status !== 429) continue;
      const t = o.at - o.ms - started;
      first.set(o.from, Math.min(first.get(o.from) ?? Number.POSITIVE_INFINITY, t));
    }
    if (first.size === job.sources.length) firstRefusalMs = Math.max(...first.values());
  }
  resetAgents();
  return { sent: res.sent, skipped: res.skipped, statuses, firstRefusalMs };
}

readJob()
  .then(run)
  .then(
    (r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`, () => process.exit(0));
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
