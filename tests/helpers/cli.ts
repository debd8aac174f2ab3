import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The `tribune` command, as a user runs it. */
export const TRIBUNE_BIN = join(import.meta.dirname, '../../bin/tribune.js');

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

/**
 * Runs `tribune <args>` as its own process with only `env` (and PATH) in its environment, logs at `logLevel`
 * (silent unless asked), and answers its exit code and what it printed.
 */
export function runTribune(args: string[], env: Record<string, string>, opts: { cwd?: string; logLevel?: string } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TRIBUNE_BIN, ...args], {
      env: { PATH: process.env.PATH, LOG_LEVEL: opts.logLevel ?? 'silent', ...env },
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
