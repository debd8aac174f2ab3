import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { videoTools } from '../../src/media/video/binaries.js';
import type { TestServer, TestUser } from '../helpers/server.js';

// Files for the web app's media tests: pictures that look like something in the screenshots, a noisy one big
// enough for upload progress to show under a throttled connection, and a short video.

/** A PNG drawn from SVG: a sky of `hue`, a sun and hills. */
export function picture(hue: number, label: string, width = 800, height = 600): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="hsl(${hue},70%,70%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},70%,40%)"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${width * 0.72}" cy="${height * 0.3}" r="${height * 0.12}" fill="hsl(${(hue + 180) % 360},90%,75%)"/>
    <path d="M0 ${height * 0.75} Q ${width * 0.3} ${height * 0.5} ${width * 0.6} ${height * 0.72} T ${width} ${height * 0.65} V ${height} H 0 Z" fill="hsl(${(hue + 90) % 360},45%,30%)"/>
    <text x="24" y="${height - 24}" font-family="sans-serif" font-size="${height / 10}" fill="#fff">${label}</text>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A PNG of random pixels: it does not compress, so `side`² × 3 bytes go over the wire. */
export function noise(side: number): Promise<Buffer> {
  const raw = Buffer.alloc(side * side * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  return sharp(raw, { raw: { width: side, height: side, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

/** A 2-second 320x240 MP4 made with the ffmpeg the server uses. */
export function shortVideo(): Buffer {
  const { ffmpeg } = videoTools();
  const dir = mkdtempSync(join(tmpdir(), 'tribune-web-video-'));
  try {
    const out = join(dir, 'clip.mp4');
    execFileSync(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=15:duration=2', '-pix_fmt', 'yuv420p', '-y', out]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A one-second animated GIF (the server turns it into a silent looping MP4, a `gifv`). */
export function animatedGif(): Buffer {
  const { ffmpeg } = videoTools();
  const dir = mkdtempSync(join(tmpdir(), 'tribune-web-gif-'));
  try {
    const out = join(dir, 'loop.gif');
    execFileSync(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=8:duration=1', '-y', out]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Uploads through the API as another client would, waiting until the server has processed it: its id. */
export async function uploadByApi(t: TestServer, user: TestUser, file: Buffer, name: string, type: string, description?: string): Promise<string> {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(file)], { type }), name);
  if (description) form.set('description', description);
  const res = await t.request('POST', '/api/v2/media', { token: user.token, multipart: form });
  if (res.status !== 200 && res.status !== 202) throw new Error(`upload ${name}: ${res.status} ${res.text}`);
  for (let i = 0; i < 100; i++) {
    const got = await t.get(`/api/v1/media/${res.body.id}`, { token: user.token });
    if (got.status === 200) return res.body.id;
    if (got.status !== 206) throw new Error(`processing ${name}: ${got.status} ${got.text}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`processing ${name} did not finish`);
}
