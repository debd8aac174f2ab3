import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createContext } from '../../src/context.js';
import { createLocalAccount } from '../../src/domain/accounts/accounts.service.js';
import { issueToken } from '../../src/domain/auth/tokens.js';
import { createLogger } from '../../src/logger.js';
import { TestStream } from '../e2e/stream-client.js';
import { eventually } from '../helpers/server.js';

// `tribune serve --workers 2` on one SQLite file and no Redis, run as a real process: two HTTP processes share the
// port, the events a post makes in one reach streams held by the other, the shield counts one budget for both,
// a killed process is started again, and SIGTERM stops them all.

const bin = join(import.meta.dirname, '../../bin/tribune.js');
const SECRET = 'workers-test-secret-'.padEnd(64, 'x');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Which process made an ID (src/db/ids.ts: the low 16 bits are an HMAC of the millisecond plus node x 1,024, plus a sequence). */
function nodeOfId(id: string): number {
  const n = BigInt(id);
  const ms = Number(n >> 16n);
  const low = Number(n & 0xffffn);
  const h = createHmac('sha256', SECRET).update(String(ms)).digest().readUInt16BE(0);
  return Math.floor(((low - h) & 0xffff) / 1024);
}

describe('tribune serve --workers 2', { timeout: 180_000 }, () => {
  let dir: string;
  let port: number;
  let url: string;
  let child: ChildProcess;
  let output = '';
  let token: string;
  const env = () => ({ PATH: process.env.PATH, DATA_DIR: dir, SECRET_KEY: SECRET, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tribune-workers-'));
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // The account and its token are made before the server starts, straight in the database the server will use.
    const config = loadConfig(env(), { passwordCost: { memoryCost: 1024, timeCost: 1 } });
    const ctx = await createContext(config, { logger: createLogger('silent') });
    const { id } = await createLocalAccount(ctx, { username: 'poster', email: 'poster@workers.test', password: 'workers password 1', allowReserved: true });
    token = (await issueToken(ctx, null, id, 'read write')).token;
    await ctx.close();

    child = spawn(process.execPath, [bin, 'serve', '--workers', '2'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => {
      output += d;
    });
    child.stderr!.on('data', (d) => {
      output += d;
    });
    await eventually(() => expect(output).toContain('serving with 2 processes'), 120_000);
  }, 180_000);

  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  // A new connection each time, so the cluster hands each request to the next process.
  const request = (path: string, init: RequestInit = {}) =>
    fetch(url + path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}`, connection: 'close' } });

  it('serves from both processes, and a post made in one reaches the streams held by the other', async () => {
    const streams = await Promise.all(
      [0, 1, 2, 3].map(() => TestStream.open(`${url.replace(/^http/, 'ws')}/api/v1/streaming?access_token=${token}&stream=public`)),
    );
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await request('/api/v1/statuses', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: `hello from the cluster, number ${i}`, visibility: 'public' }),
      });
      expect(res.status).toBe(200);
      ids.push(((await res.json()) as { id: string }).id);
    }
    // Both processes made posts (each stamps its slot into the IDs it makes)...
    expect(new Set(ids.map(nodeOfId))).toEqual(new Set([0, 1]));
    // ...and every stream, whichever process holds it, saw every one.
    for (const s of streams) {
      for (const id of ids) await s.next((m) => m.event === 'update' && JSON.parse(m.payload ?? '{}').id === id);
      await s.close();
    }
  });

  it('counts one rate-limit budget for both processes', async () => {
    const remaining: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await request('/api/v1/timelines/public?local=true');
      expect(res.status).toBe(200);
      remaining.push(Number(res.headers.get('x-ratelimit-remaining')));
    }
    // Alternate processes, one counter: it falls by one each time.
    for (let i = 1; i < remaining.length; i++) expect(remaining[i]).toBe(remaining[i - 1]! - 1);
  });

  it('starts a killed process again, and stops every process on SIGTERM', async () => {
    const workers = execFileSync('pgrep', ['-P', String(child.pid), '-f', 'tribune.js'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number);
    expect(workers).toHaveLength(2);
    process.kill(workers[0]!, 'SIGKILL');
    await eventually(() => expect(output).toMatch(/ended \(SIGKILL\); starting it again/), 30_000);
    await eventually(async () => {
      const now = execFileSync('pgrep', ['-P', String(child.pid), '-f', 'tribune.js'], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .map(Number);
      expect(now).toHaveLength(2);
      expect(now).not.toContain(workers[0]);
    }, 60_000);
    // The new process serves too: six requests in a row all answer.
    await eventually(async () => {
      for (let i = 0; i < 6; i++) expect((await request('/health')).status).toBe(200);
    }, 60_000);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(() => execFileSync('pgrep', ['-f', dir])).toThrow();
  });
});

describe('tribune serve --workers 2 whose processes cannot start', { timeout: 400_000 }, () => {
  it('gives up after five quick deaths in a row and exits with code 1, so a supervisor sees the failure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribune-workers-fail-'));
    const port = await freePort();
    try {
      // Media storage on a bucket nobody serves: every HTTP process checks it as it starts, and dies.
      const child = spawn(process.execPath, [bin, 'serve', '--workers', '2'], {
        env: {
          PATH: process.env.PATH,
          DATA_DIR: dir,
          SECRET_KEY: SECRET,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          MEDIA_STORAGE: 's3',
          S3_BUCKET: 'nowhere',
          S3_ENDPOINT: 'http://127.0.0.1:9',
          S3_ACCESS_KEY_ID: 'x',
          S3_SECRET_ACCESS_KEY: 'x',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout!.on('data', (d) => (output += d));
      child.stderr!.on('data', (d) => (output += d));
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      expect(output).toMatch(/keeps dying at start/);
      expect(code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
