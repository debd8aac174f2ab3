import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3 } from '../../tests/helpers/s3-server.js';
import { createS3Target } from './s3-target.js';

// Backups past S3's 5 GB single-PUT limit go up in parts: here a 12 MiB file with 5 MiB parts (S3's smallest)
// against the local S3 server, through a proxy that records the requests: three parts sent, every byte in place.

const work = mkdtempSync(join(tmpdir(), 'tribune-s3-multipart-'));
let s3: TestS3;
let proxy: Server;
const seen: string[] = [];

beforeAll(async () => {
  s3 = await startS3Server({ bucket: 'multipart' });
  const upstream = new URL(s3.endpoint);
  // Headers go through untouched (Host included), so the signatures still match.
  proxy = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  proxy?.close();
  await s3?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('S3 backup target', () => {
  it('uploads a file larger than one part as a multipart upload, byte for byte', async () => {
    const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const target = createS3Target({ ...s3.media().s3!, endpoint, bucket: 'multipart', prefix: 'site/', staging: work, partSize: 5 * 1024 * 1024 });
    const name = 'tribune-backup-20261204T190000Z.tar.gz.age';
    const body = randomBytes(12 * 1024 * 1024 + 123);
    const file = join(work, name);
    writeFileSync(file, body);
    try {
      await target.store(name, file);
      expect(existsSync(file)).toBe(false);
      const parts = seen.filter((r) => r.startsWith('PUT ') && /[?&]partNumber=\d/.test(r));
      expect(parts).toHaveLength(3);
      expect(seen.some((r) => r.startsWith('POST ') && /[?&]uploads/.test(r))).toBe(true);
      const stored = await s3.object(`site/${name}`, 'multipart');
      expect(stored?.body.equals(body)).toBe(true);
      expect(await target.list()).toEqual([{ name, bytes: body.length }]);
    } finally {
      target.close();
    }
  });
});
