import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processCpuMs } from '../core/server.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Tribune {
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs `node bin/tribune.js <args>` as a child with exactly the given environment on top of PATH and HOME (never
 * the caller's DATABASE_URL, REDIS_URL or secret), and resolves once `ready` says so.
 */
export async function startTribune(
  args: string[],
  env: Record<string, string>,
  ready: (output: string) => Promise<boolean>,
  log: (m: string) => void,
): Promise<Tribune> {
  const child: ChildProcess = spawn(process.execPath, [resolve(ROOT, 'bin', 'tribune.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', SHIELD: 'off', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', (chunk: Buffer) => {
    keep(chunk);
    log(`[tribune ${args[0]}] ${chunk.toString().trimEnd().slice(0, 1000)}`);
  });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 120_000;
  while (!(await ready(output))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`tribune ${args.join(' ')} did not start:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { pid: child.pid ?? 0, output: () => output, stop };
}

/** A readiness check: /health answers 200 at url. */
export const healthy = (url: string) => async () => {
  try {
    return (await fetch(`${url}/health`)).ok;
  } catch {
    return false;
  }
};

/** CPU time (ms) of these processes and all their descendants, from /proc; null where there is no /proc. */
export function treeCpuMs(pids: number[]): number | null {
  let total = 0;
  const seen = new Set<number>();
  const visit = (pid: number): boolean => {
    if (seen.has(pid)) return true;
    seen.add(pid);
    const own = processCpuMs(pid);
    if (own === null) return false;
    total += own;
    let children: number[] = [];
    try {
      children = readdirSync(`/proc/${pid}/task`).flatMap((t) =>
        readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
      );
    } catch {
      // gone meanwhile
    }
    for (const c of children) visit(c);
    return true;
  };
  for (const p of pids) if (!visit(p)) return null;
  return total;
}
