import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';

// Open-loop HTTP load from chosen source addresses on 127.0.0.0/8: requests leave on schedule whatever
// the server's answers, and each one is bounded by a timeout.

export interface Spec {
  method?: string;
  path: string;
  from: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Outcome {
  from: string;
  status: number; // 0 = timeout or connection error
  ms: number;
  at: number;
  headers: http.IncomingHttpHeaders;
  body?: string;
}

const agents = new Map<string, http.Agent>();
function agentFor(from: string): http.Agent {
  let a = agents.get(from);
  if (!a) {
    a = new http.Agent({ keepAlive: true, maxSockets: 4, localAddress: from } as http.AgentOptions);
    agents.set(from, a);
  }
  return a;
}

export function resetAgents(): void {
  for (const a of agents.values()) a.destroy();
  agents.clear();
}

export function request(port: number, spec: Spec, timeoutMs: number, keepBody = false): Promise<Outcome> {
  const start = performance.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (status: number, headers: http.IncomingHttpHeaders = {}, body?: string) => {
      if (done) return;
      done = true;
      resolve({ from: spec.from, status, ms: performance.now() - start, at: Date.now(), headers, body });
    };
    const headers: Record<string, string> = { ...(spec.headers ?? {}) };
    if (spec.body !== undefined) headers['content-length'] = String(Buffer.byteLength(spec.body));
    const req = http.request({ host: '127.0.0.1', port, method: spec.method ?? 'GET', path: spec.path, headers, agent: agentFor(spec.from) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        if (keepBody) chunks.push(c);
      });
      res.on('end', () => finish(res.statusCode ?? 0, res.headers, keepBody ? Buffer.concat(chunks).toString() : undefined));
      res.on('error', () => finish(0));
    });
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      finish(0);
    });
    req.on('error', () => finish(0));
    if (spec.body !== undefined) req.write(spec.body);
    req.end();
  });
}

export interface OpenLoopOptions {
  rate: number; // requests per second
  durationMs: number;
  timeoutMs: number;
  /** Requests allowed in flight; past it the generator skips (counted) rather than grow without bound. */
  maxInFlight: number;
  next(i: number): Spec | Promise<Spec>;
  /** Returns the outcome to record (a browser may solve a challenge and retry). */
  send?(port: number, spec: Spec, timeoutMs: number): Promise<Outcome>;
}

export interface LoadResult {
  outcomes: Outcome[];
  skipped: number;
  sent: number;
}

export async function openLoop(port: number, o: OpenLoopOptions): Promise<LoadResult> {
  const outcomes: Outcome[] = [];
  const pending: Array<Promise<void>> = [];
  let inFlight = 0;
  let skipped = 0;
  let sent = 0;
  const start = performance.now();
  let due = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = performance.now() - start;
      if (elapsed >= o.durationMs) {
        clearInterval(tick);
        resolve();
        return;
      }
      const target = (elapsed / 1000) * o.rate;
      while (due < target) {
        due++;
        if (inFlight >= o.maxInFlight) {
          skipped++;
          continue;
        }
        inFlight++;
        sent++;
        const i = sent;
        pending.push(
          (async () => {
            const spec = await o.next(i);
            const out = await (o.send ?? request)(port, spec, o.timeoutMs);
            outcomes.push(out);
            inFlight--;
          })(),
        );
      }
    }, 5);
  });
  await Promise.all(pending);
  return { outcomes, skipped, sent };
}

/** Slow-header sockets: each sends a request line and then one header line per interval, never finishing. */
export function slowHeaders(
  port: number,
  sources: string[],
  count: number,
  durationMs: number,
): Promise<{ opened: number; refused: number; cutByServer: number; medianCutMs: number | null }> {
  return new Promise((resolve) => {
    let opened = 0;
    let refused = 0;
    const cuts: number[] = [];
    const sockets: net.Socket[] = [];
    const started = Date.now();
    for (let i = 0; i < count; i++) {
      const s = net.connect({ host: '127.0.0.1', port, localAddress: sources[i % sources.length] });
      sockets.push(s);
      let connectedAt = 0;
      s.on('connect', () => {
        opened++;
        connectedAt = Date.now();
        s.write('GET / HTTP/1.1\r\nHost: bench\r\n');
      });
      const timer = setInterval(() => {
        if (!s.destroyed) s.write(`X-Slow-${Math.random().toString(36).slice(2, 6)}: 1\r\n`);
      }, 1000);
      s.on('error', () => {});
      s.on('close', () => {
        clearInterval(timer);
        if (connectedAt) cuts.push(Date.now() - connectedAt);
        else refused++;
      });
      s.on('data', () => {});
    }
    setTimeout(
      () => {
        const cutByServer = cuts.length;
        const sorted = [...cuts].sort((a, b) => a - b);
        for (const s of sockets) s.destroy();
        resolve({ opened, refused, cutByServer, medianCutMs: sorted.length ? sorted[Math.floor(sorted.length / 2)]! : null });
      },
      durationMs - (Date.now() - started),
    );
  });
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Server CPU seconds (user + system) of a process, from /proc. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
