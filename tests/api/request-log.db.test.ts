import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// One structured line per request at `info`, through the server's logger: what an operator reads to see what a
// client calls. Nothing secret may reach it.

interface Line {
  level: number;
  msg: string;
  subsystem?: string;
  method?: string;
  route?: string;
  path?: string;
  status?: number;
  ms?: number;
  requestId?: string;
}

function capturingLogger(): { logger: pino.Logger; lines: Line[]; raw: string[] } {
  const lines: Line[] = [];
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const text of String(chunk).split('\n').filter(Boolean)) {
        raw.push(text);
        lines.push(JSON.parse(text));
      }
      done();
    },
  });
  return { logger: pino({ level: 'info', base: undefined }, sink), lines, raw };
}

const requests = (lines: Line[]) => lines.filter((l) => l.msg === 'request');
const last = (lines: Line[]) => requests(lines).at(-1)!;

describe('request logs', () => {
  let t: TestServer;
  let ada: TestUser;
  const log = capturingLogger();
  beforeAll(async () => {
    t = await startTestServer({}, { logger: log.logger });
    ada = await t.createUser('ada');
  });
  afterAll(() => t?.close());

  it('writes one info line per request with the method, route pattern, status, duration and the request id it returns', async () => {
    const post = await t.postStatus(ada, 'hello');
    const before = requests(log.lines).length;
    const res = await t.get(`/api/v1/statuses/${post.id}`, { token: ada.token });
    expect(res.status).toBe(200);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[\w-]+$/);
    expect(requests(log.lines)).toHaveLength(before + 1);
    expect(last(log.lines)).toEqual({
      level: 30,
      time: expect.any(Number),
      msg: 'request',
      subsystem: 'http',
      method: 'GET',
      route: '/api/v1/statuses/:id',
      status: 200,
      ms: expect.any(Number),
      requestId: id,
    });

    // A request id the client sends is kept, so its own logs and the server's meet.
    const mine = await t.get('/api/v1/instance', { headers: { 'x-request-id': 'client-chosen-42' } });
    expect(mine.headers.get('x-request-id')).toBe('client-chosen-42');
    expect(last(log.lines)).toMatchObject({ route: '/api/v1/instance', requestId: 'client-chosen-42', status: 200 });
  });

  it('logs errors and unknown paths with their status, an unknown path by its path alone', async () => {
    await t.get('/api/v1/statuses/999999', { token: ada.token });
    expect(last(log.lines)).toMatchObject({ method: 'GET', route: '/api/v1/statuses/:id', status: 404 });
    await t.get('/api/v1/accounts/verify_credentials', { token: 'wrong' });
    expect(last(log.lines)).toMatchObject({ route: '/api/v1/accounts/verify_credentials', status: 401 });
    await t.get('/api/v1/not_a_thing?q=1');
    expect(last(log.lines)).toMatchObject({ path: '/api/v1/not_a_thing', status: 404 });
    expect(last(log.lines).route).toBeUndefined();
  });

  it('never writes tokens, passwords, codes or client secrets', async () => {
    const secrets = ['s3cret-token-value', 'hunter2-password', 'the-auth-code', 'client-secret-xyz'];
    await t.get(`/api/v1/timelines/home?access_token=${secrets[0]}`);
    await t.get('/api/v1/timelines/home', { token: secrets[0] });
    await t.post('/oauth/sign_in', { form: { login: 'ada', password: secrets[1]! } });
    await t.post('/oauth/token', { form: { grant_type: 'authorization_code', code: secrets[2]!, client_id: 'x', client_secret: secrets[3]! } });
    await t.get(`/oauth/authorize?client_id=x&code=${secrets[2]}&client_secret=${secrets[3]}`);
    await t.get(`/api/v1/streaming/user?access_token=${secrets[0]}`);
    const all = log.raw.join('\n');
    for (const s of secrets) expect(all).not.toContain(s);
    expect(all).not.toContain(ada.token);
    expect(requests(log.lines).some((l) => l.route === '/oauth/token' && l.status === 401)).toBe(true);
  });
});

describe('request logs turned off', () => {
  const log = capturingLogger();
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ logRequests: false }, { logger: log.logger });
  });
  afterAll(() => t?.close());

  it('writes no request line with LOG_REQUESTS=off, and still returns the request id', async () => {
    const res = await t.get('/api/v1/instance');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(requests(log.lines)).toEqual([]);
  });

  it('reads LOG_REQUESTS from the environment, on by default', async () => {
    const { loadConfig } = await import('../../src/config/config.js');
    const dataDir = '/tmp/tribune-log-requests-config';
    expect(loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'x'.repeat(64) }).logRequests).toBe(true);
    expect(loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'x'.repeat(64), LOG_REQUESTS: 'off' }).logRequests).toBe(false);
    expect(() => loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'x'.repeat(64), LOG_REQUESTS: 'maybe' })).toThrow(/LOG_REQUESTS/);
  });
});
