import { createHash } from 'node:crypto';
import { type Config, loadConfig } from '../../src/config/config.js';
import { type AppContext, createContext, type Services } from '../../src/context.js';
import { createLocalAccount } from '../../src/domain/accounts/accounts.service.js';
import { issueToken } from '../../src/domain/auth/tokens.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { mediaKey } from '../../src/media/storage/storage.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { freshDatabase, type TestDialect, testDialect } from './database.js';

export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded (pairs allow repeated keys like media_ids[]). */
  form?: Record<string, string> | Array<[string, string]>;
  /** Sent as multipart/form-data. */
  multipart?: FormData;
  /** Sent as-is (for malformed-body tests); set content-type in headers. */
  raw?: string;
  headers?: Record<string, string>;
}

export interface TestServer {
  url: string;
  ctx: AppContext;
  dialect: TestDialect;
  server: RunningServer;
  request<T = any>(method: string, path: string, opts?: RequestOptions): Promise<TestResponse<T>>;
  get<T = any>(path: string, opts?: RequestOptions): Promise<TestResponse<T>>;
  post<T = any>(path: string, opts?: RequestOptions): Promise<TestResponse<T>>;
  /** A request as `user` that must answer 200: its body (the error names the request and the answer). */
  ok<T = any>(method: string, path: string, user: TestUser | null, json?: unknown): Promise<T>;
  /** A new post by `user` (200 expected): the Status entity. */
  postStatus<T = any>(user: TestUser, status: string, extra?: Record<string, unknown>): Promise<T>;
  /** An unattached image row of `owner`'s, as the upload endpoint stores one (with no file behind it: tests/media upload real ones): its id. */
  seedMedia(owner: TestUser, opts?: { description?: string | null; withFile?: boolean }): Promise<string>;
  /** Seeds an account with a full-scope token, without going through sign-up. */
  createUser(username: string, opts?: { role?: 'user' | 'moderator' | 'admin'; locked?: boolean; scopes?: string }): Promise<TestUser>;
  close(): Promise<void>;
}

export interface TestUser {
  id: string;
  username: string;
  token: string;
}

/**
 * Starts the real server on a free port with a fresh database of this project's dialect. `opts.logger` replaces
 * the silent logger (a test that reads the logs passes one writing to a buffer); `opts.services` are stand-ins the
 * composition root uses instead of building its own.
 */
export async function startTestServer(overrides: Partial<Config> = {}, opts: { logger?: Logger; services?: Partial<Services> } = {}): Promise<TestServer> {
  const dialect = testDialect();
  const database = await freshDatabase(dialect);
  const config = loadConfig(
    {},
    {
      port: 0,
      host: '127.0.0.1',
      dataDir: database.dataDir,
      databaseUrl: database.url,
      secretKey: 'test-secret-'.padEnd(64, 'x'),
      logLevel: 'silent',
      passwordCost: { memoryCost: 1024, timeCost: 1 },
      // The shield (limits, micro-cache, challenges) is off unless a test turns it on: its own tests do.
      shieldEnabled: false,
      // Posts with links fetch previews in the background, which requests wait for: never long in tests.
      previewCards: { timeoutMs: 1_000, allowLoopback: false },
      ...overrides,
    },
  );
  const ctx = await createContext(config, { logger: opts.logger ?? createLogger('silent'), overrides: opts.services });
  const server = await startServer(ctx, { port: 0, host: '127.0.0.1' });
  if (!overrides.publicUrl) {
    ctx.config.publicUrl = server.url;
    ctx.config.domain = new URL(server.url).host;
  }

  const request = async <T>(method: string, path: string, opts: RequestOptions = {}): Promise<TestResponse<T>> => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: BodyInit | undefined;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(opts.form as Record<string, string>).toString();
    } else if (opts.multipart) {
      body = opts.multipart;
    } else if (opts.raw !== undefined) {
      body = opts.raw;
    }
    const res = await fetch(server.url + path, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    // Background work (fan-out, notifications) finishes before the test looks at the result.
    await ctx.jobs.drain();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: leave the text.
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  };

  const ok = async <T>(method: string, path: string, user: TestUser | null, json?: unknown): Promise<T> => {
    const r = await request<T>(method, path, { token: user?.token, json });
    if (r.status !== 200) throw new Error(`${method} ${path} answered ${r.status}: ${r.text.slice(0, 500)}`);
    return r.body;
  };

  return {
    url: server.url,
    ctx,
    dialect,
    server,
    request,
    get: (path, opts) => request('GET', path, opts),
    post: (path, opts) => request('POST', path, opts),
    ok,
    postStatus: (user, status, extra = {}) => ok('POST', '/api/v1/statuses', user, { status, ...extra }),
    async seedMedia(owner, opts = {}) {
      const id = ctx.ids.next();
      const withFile = opts.withFile ?? true;
      await ctx.db
        .insertInto('media_attachments')
        .values({
          id,
          account_id: owner.id,
          status_id: null,
          type: 'image',
          file_path: withFile ? mediaKey('original', createHash('sha256').update(id).digest('hex'), 'png') : null,
          preview_path: null,
          content_type: 'image/png',
          description: opts.description === undefined ? 'a cat' : opts.description,
          blurhash: null,
          meta: withFile ? '{"original":{"width":10,"height":10}}' : null,
          created_at: new Date().toISOString(),
        })
        .execute();
      return id;
    },
    async createUser(username, opts = {}) {
      const { id } = await createLocalAccount(ctx, {
        username,
        email: `${username}@example.test`,
        password: 'correct horse battery',
        role: opts.role,
        allowReserved: true,
      });
      if (opts.locked) await ctx.db.updateTable('accounts').set({ locked: 1 }).where('id', '=', id).execute();
      const scopes = opts.scopes ?? (opts.role && opts.role !== 'user' ? 'read write follow push admin:read admin:write' : 'read write follow push');
      const { token } = await issueToken(ctx, null, id, scopes);
      return { id, username, token };
    },
    async close() {
      await server.close();
      await ctx.close();
      await database.drop();
    },
  };
}

/**
 * Polls until `check` stops throwing (for things that arrive asynchronously, like streamed events). The wait is
 * long because a loaded 2-core CI machine can take seconds; it only bounds how long a failure takes to show.
 */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() - start > timeoutMs) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
