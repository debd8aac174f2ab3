import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { createContext } from '../../src/context.js';
import { createLocalAccount } from '../../src/domain/accounts/accounts.service.js';
import { issueToken } from '../../src/domain/auth/tokens.js';
import { createLogger } from '../../src/logger.js';

// `tribune serve` as a child process on a SQLite DATA_DIR of its own, for tests of what only a real process shows:
// signals, exit codes, its log output.

const bin = join(import.meta.dirname, '../../bin/tribune.js');
export const SECRET = 'ops-test-secret-'.padEnd(64, 'x');

export interface ServeProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything written on stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null if killed by a signal) and how long after the call it came. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'tribune-ops-'));
}

/** Accounts with full-scope tokens, written before any server runs (same DATA_DIR and secret). */
export async function seedUsers(dataDir: string, usernames: string[]): Promise<Array<{ id: string; username: string; token: string }>> {
  const config = loadConfig({}, { dataDir, secretKey: SECRET, logLevel: 'silent', passwordCost: { memoryCost: 1024, timeCost: 1 } });
  const ctx = await createContext(config, { logger: createLogger('silent') });
  try {
    const out = [];
    for (const username of usernames) {
      const { id } = await createLocalAccount(ctx, { username, email: `${username}@example.test`, password: 'correct horse battery', approved: true });
      const { token } = await issueToken(ctx, null, id, 'read write follow push');
      out.push({ id, username, token });
    }
    return out;
  } finally {
    await ctx.close();
  }
}

export async function startServeProcess(dataDir: string, env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, SECRET_KEY: SECRET, PORT: '0', HOST: '127.0.0.1', SHIELD: 'off', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 180 s:\n${out}`)), 180_000);
    const look = () => {
      const m = /Tribune is serving at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', look);
    exit.then(({ code }) => reject(new Error(`server exited with ${code} before serving:\n${out}`)));
  });
  return { url, port: Number(new URL(url).port), child, output: () => out, exited: () => exit };
}
