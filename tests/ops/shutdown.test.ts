import { rmSync } from 'node:fs';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { TestStream } from '../e2e/stream-client.js';
import { seedUsers, startServeProcess, tempDataDir } from './serve-process.js';

// SIGTERM to `tribune serve` in the middle of a stream of posts, with a post whose body is still arriving, a
// WebSocket and a server-sent event stream open: every post that was answered 200 is stored and reached its
// follower's home (no fan-out job lost), the half-sent post completes, new connections are refused, the streams
// are told when to reconnect, and the process exits 0 in time (docs/operations.md, "Shutdown").

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** A POST whose headers and first half of the body are sent now, the rest when `finish()` is called. */
async function slowPost(port: number, token: string, text: string) {
  const body = JSON.stringify({ status: text, visibility: 'public' });
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let answer = '';
  socket.on('data', (d) => (answer += d));
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(
    `POST /api/v1/statuses HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
  );
  socket.write(body.slice(0, 10));
  return {
    async finish() {
      socket.write(body.slice(10));
      await ended;
      return answer;
    },
  };
}

function refused(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

describe('tribune serve on SIGTERM', { timeout: 600_000 }, () => {
  it('loses no accepted post or job, finishes what is in flight, refuses new connections and exits 0', async () => {
    const [author, reader] = await seedUsers(dataDir, ['author', 'reader']);
    const first = await startServeProcess(dataDir, { SHUTDOWN_TIMEOUT_S: '20' });
    const api = (path: string, init: RequestInit & { token: string }) =>
      fetch(first.url + path, { ...init, headers: { authorization: `Bearer ${init.token}`, 'content-type': 'application/json', ...init.headers } });
    expect((await api(`/api/v1/accounts/${author!.id}/follow`, { method: 'POST', token: reader!.token })).status).toBe(200);

    const ws = await TestStream.open(`${first.url.replace(/^http/, 'ws')}/api/v1/streaming?access_token=${reader!.token}&stream=user`);
    const wsClosed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    const sse = await fetch(`${first.url}/api/v1/streaming/user`, { headers: { authorization: `Bearer ${reader!.token}` } });
    expect(sse.status).toBe(200);
    const sseText = sse.text();
    const slow = await slowPost(first.port, author!.token, 'the post still arriving at SIGTERM');

    // Four clients post without pause; each stops at its first connection error (the server stopped accepting).
    const answered: Array<{ status: number; id?: string }> = [];
    const errors: string[] = [];
    let n = 0;
    const client = async () => {
      for (;;) {
        try {
          const res = await api('/api/v1/statuses', {
            method: 'POST',
            token: author!.token,
            body: JSON.stringify({ status: `post ${n++}`, visibility: 'public' }),
          });
          const body = (await res.json()) as { id?: string };
          answered.push({ status: res.status, id: body.id });
        } catch (err) {
          errors.push(String((err as Error & { cause?: Error }).cause?.message ?? err));
          return;
        }
      }
    };
    const clients = Promise.all([client(), client(), client(), client()]);
    while (answered.length < 15) await new Promise((r) => setTimeout(r, 20));
    const signalledAt = Date.now();
    first.child.kill('SIGTERM');
    // A loaded process takes its signal a moment later; from then on the port is closed.
    await expect.poll(() => refused(first.port), { timeout: 10_000 }).toBe('ECONNREFUSED');
    const slowAnswer = await slow.finish();
    expect(slowAnswer).toMatch(/^HTTP\/1\.1 200/);
    expect(slowAnswer.toLowerCase()).toContain('connection: close');
    const slowId = /"id":"(\d+)"/.exec(slowAnswer)?.[1];
    expect(slowId).toBeDefined();

    await clients;
    const { code } = await first.exited();
    const tookMs = Date.now() - signalledAt;
    expect(code, first.output()).toBe(0);
    expect(tookMs).toBeLessThan(25_000);
    expect(first.output()).toMatch(/Stopped cleanly in [\d.]+ s \(database closed\)/);
    console.log(`shutdown: ${answered.length + 1} posts answered, SIGTERM to exit ${tookMs} ms; ${first.output().match(/Stopped cleanly in [\d.]+ s/)?.[0]}`);

    // Answers were 200s or nothing at all: no request was cut after being taken.
    expect(answered.every((a) => a.status === 200)).toBe(true);
    expect(errors.length).toBe(4);
    const { code: wsCode, reason } = await wsClosed;
    expect(wsCode).toBe(1012);
    expect(reason).toMatch(/reconnect in 5 s/);
    expect(await sseText).toMatch(/retry: 5000\nevent: tribune\.restart\n/);

    // After a restart: every answered post is there and in the follower's home (its fan-out job ran).
    const accepted = [...answered.map((a) => a.id!), slowId!];
    const second = await startServeProcess(dataDir);
    try {
      const home = new Set<string>();
      let maxId = '';
      for (;;) {
        const res = await fetch(`${second.url}/api/v1/timelines/home?limit=40${maxId ? `&max_id=${maxId}` : ''}`, {
          headers: { authorization: `Bearer ${reader!.token}` },
        });
        const page = (await res.json()) as Array<{ id: string }>;
        if (page.length === 0) break;
        for (const s of page) home.add(s.id);
        maxId = page[page.length - 1]!.id;
      }
      expect(accepted.filter((id) => !home.has(id))).toEqual([]);
      for (const id of accepted.slice(0, 5)) expect((await fetch(`${second.url}/api/v1/statuses/${id}`)).status).toBe(200);
    } finally {
      second.child.kill('SIGTERM');
      expect((await second.exited()).code).toBe(0);
    }
  });
});
