import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BenchServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (the OS picks one, we release it for the child). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/**
 * Starts the real server (`node bin/tribune.js serve`) as a child process on 127.0.0.1 over dataDir, with the
 * shield off (the benchmark measures the application, not its rate limits), and waits for /health.
 */
export async function startBenchServer(opts: {
  dataDir: string;
  publicUrl: string;
  log?: (m: string) => void;
  timeoutMs?: number;
  /** Modules loaded into the server with `node --import` (bench/core/experiments/). */
  imports?: string[];
}): Promise<BenchServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: opts.dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    SHIELD: 'off',
    LOG_LEVEL: 'warn',
    PUBLIC_URL: opts.publicUrl,
  };
  // Never point the benchmark at a configured production database, Redis or secret.
  for (const key of ['DATABASE_URL', 'REDIS_URL', 'SECRET_KEY', 'NODE_OPTIONS']) delete env[key];
  const imports = (opts.imports ?? []).flatMap((m) => ['--import', m]);
  const child = spawn(process.execPath, [...imports, resolve(ROOT, 'bin', 'tribune.js'), 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', (chunk: Buffer) => {
    keep(chunk);
    // Warnings and errors from the server are worth seeing during a run (LOG_LEVEL=warn).
    opts.log?.(`[server] ${chunk.toString().trimEnd().slice(0, 2000)}`);
  });
  let stopping = false;
  const exited = new Promise<number | null>((ok) =>
    child.once('exit', (code, signal) => {
      if (!stopping) opts.log?.(`[server] exited unexpectedly (code ${code}, signal ${signal}):\n${output.slice(-3000)}`);
      ok(code);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let up = false;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) {
        up = true;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!up) {
    stopping = true;
    await stopChild(child, exited);
    throw new Error(`The server did not start on ${url}:\n${output}`);
  }
  return {
    url,
    pid: child.pid ?? 0,
    stop: () => {
      stopping = true;
      return stopChild(child, exited);
    },
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/**
 * A process's CPU time so far (user + system, all threads) in ms, from /proc; null where there is no /proc.
 * On a shared machine, CPU per request is steadier than requests per second.
 */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 14th and 15th fields.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS : null;
  } catch {
    return null;
  }
}

// USER_HZ is 100 on every Linux that Node supports.
const CLOCK_TICKS = 100;
