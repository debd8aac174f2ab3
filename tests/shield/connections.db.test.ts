import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionHygiene } from '../../src/shield/connection-hygiene.js';
import { eventually } from '../helpers/server.js';
import { startShieldServer } from './shield-server.js';

function open(port: number, localAddress: string): Promise<{ socket: net.Socket; closed: () => boolean }> {
  return new Promise((resolve, reject) => {
    let closed = false;
    const socket = net.connect({ host: '127.0.0.1', port, localAddress }, () => resolve({ socket, closed: () => closed }));
    socket.on('close', () => {
      closed = true;
    });
    socket.on('error', () => {});
    socket.once('error', reject);
  });
}

function get(port: number, localAddress: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress }, () => socket.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    let data = '';
    socket.on('data', (d) => {
      data += d.toString();
    });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

describe('connection hygiene', () => {
  let t: Awaited<ReturnType<typeof startShieldServer>>;
  let port: number;
  const sockets: net.Socket[] = [];
  beforeAll(async () => {
    t = await startShieldServer({ maxSocketsPerAddress: 3, headersTimeoutMs: 400, policies: { streaming: { address: [{ points: 2, duration: 3600 }] } } });
    port = t.server.port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await t?.close();
  });

  it('closes the sockets of one address past the cap and keeps serving other addresses', async () => {
    const held = await Promise.all([1, 2, 3].map(() => open(port, '127.0.0.5')));
    sockets.push(...held.map((h) => h.socket));
    const extra = await open(port, '127.0.0.5');
    sockets.push(extra.socket);
    await eventually(() => expect(extra.closed()).toBe(true));
    expect(held.some((h) => h.closed())).toBe(false);
    expect(await get(port, '127.0.0.6')).toMatch(/^HTTP\/1\.1 200/);
    const metrics = await t.get('/metrics');
    expect(metrics.text).toMatch(/decision="blocked",policy="sockets"\} [1-9]/);
  });

  it('cuts a socket whose headers never finish, without touching a quick one', async () => {
    const slow = await open(port, '127.0.0.7');
    sockets.push(slow.socket);
    slow.socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
    await eventually(() => expect(slow.closed()).toBe(true), 10_000);
    expect(await get(port, '127.0.0.7')).toMatch(/^HTTP\/1\.1 200/);
  });

  it('limits WebSocket upgrades by address, though they never reach the app', async () => {
    const upgrade = () =>
      new Promise<string>((resolve) => {
        const socket = net.connect({ host: '127.0.0.1', port, localAddress: '127.0.0.8' }, () =>
          socket.write(
            'GET /api/v1/streaming HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
          ),
        );
        let data = '';
        socket.on('data', (d) => {
          data += d.toString();
        });
        socket.on('close', () => resolve(data.split('\r\n')[0] ?? ''));
        socket.on('error', () => {});
      });
    // Five in turn against two an hour: however slowly the machine opens them, the last three are refused.
    const lines: string[] = [];
    for (let i = 0; i < 5; i++) lines.push(await upgrade());
    expect(lines.filter((l) => l.startsWith('HTTP/1.1 429')).length).toBe(3);
    expect(lines.filter((l) => !l.startsWith('HTTP/1.1 429')).length).toBe(2);
    const metrics = await t.get('/metrics');
    expect(metrics.text).toMatch(/decision="limited",policy="streaming"\} [1-9]/);
  });

  it('sets timeouts for an exposed server instead of Node defaults', () => {
    const server = http.createServer();
    const defaults = { headers: server.headersTimeout, request: server.requestTimeout };
    connectionHygiene(server, t.ctx);
    expect(server.headersTimeout).toBe(400);
    expect(server.headersTimeout).toBeLessThan(defaults.headers);
    expect(server.requestTimeout).toBeLessThan(defaults.request);
    expect(server.keepAliveTimeout).toBe(t.shield.options.keepAliveTimeoutMs);
    server.close();
  });
});
