import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEIC_READABLE } from '../../src/media/image/detect.js';
import type { TestServer, TestUser } from '../helpers/server.js';
import { bmp, heic, noisePng, PDF, pngBomb, SVG, scene, truncatedJpeg } from './fixtures.js';
import { mediaRows, STORAGE_BACKENDS, startMediaServerOn, storedKeys, uploadForm } from './media-server.js';

// Each bad file gets a 422 naming the problem, and leaves no file in storage and no row behind.
// On each storage backend: "nothing is stored" is checked in the bucket as well as in local files.
describe.each(STORAGE_BACKENDS)('refused uploads, on $name', (backend) => {
  let t: TestServer;
  let alice: TestUser;
  beforeAll(async () => {
    // A 200 KB limit, so that "too large" needs no big file.
    t = await startMediaServerOn(backend, { imageLimitBytes: 200 * 1024 });
    alice = await t.createUser('alice');
  });
  afterAll(() => t?.close());

  const refused = async (bytes: Uint8Array, name: string, type: string, error: RegExp) => {
    const keys = await storedKeys(t);
    const rows = await mediaRows(t);
    for (const path of ['/api/v2/media', '/api/v1/media']) {
      const res = await t.request('POST', path, { token: alice.token, multipart: uploadForm(bytes, name, type) });
      expect(res.status, `${name} on ${path}: ${res.text}`).toBe(422);
      expect(res.body.error).toMatch(error);
      expect(res.body.field ?? 'file').toBe('file');
    }
    expect(await storedKeys(t)).toEqual(keys);
    expect(await mediaRows(t)).toEqual(rows);
  };

  it('refuses a decompression bomb from its header, before decoding it', async () => {
    await refused(await pngBomb(), 'bomb.png', 'image/png', /file is too large \(50000x50000 pixels; the limit is 33,177,600 pixels\)/);
  });

  it('refuses a truncated JPEG', async () => {
    await refused(await truncatedJpeg(), 'half.jpg', 'image/jpeg', /file could not be read as an image \(.*premature end/i);
  });

  it('refuses a file whose bytes are not its declared type', async () => {
    await refused(PDF, 'holiday.jpg', 'image/jpeg', /file was sent as image\/jpeg but its content is application\/pdf/);
    await refused(Buffer.from('just some text, not a picture at all\n'.repeat(10)), 'notes.jpg', 'image/jpeg', /file is not in a supported format/);
  });

  it('refuses unsupported formats: BMP, and SVG (as Mastodon does)', async () => {
    await refused(bmp(), 'old.bmp', 'image/bmp', /file type image\/bmp is not supported/);
    await refused(SVG, 'logo.svg', 'image/svg+xml', /file is not in a supported format/);
  });

  // The npm build of sharp reads AVIF but not HEIC (no HEVC decoder): a HEIC photo gets words saying so.
  it.skipIf(HEIC_READABLE)('refuses a HEIC image, naming the format, where sharp cannot read it; the instance document leaves it out', async () => {
    const heicError = /file is a HEIC image, which this server cannot read \(its image library has no HEVC decoder\); send it as JPEG, PNG, WebP or AVIF/;
    await refused(await heic(), 'IMG_0001.HEIC', 'image/heic', heicError);
    await refused(await heic('mif1'), 'IMG_0002.HEIF', 'image/heif', heicError);
    await refused(await heic(), 'IMG_0003.HEIC', 'application/octet-stream', heicError);
    const types = (await t.get('/api/v2/instance')).body.configuration.media_attachments.supported_mime_types;
    expect(types).not.toContain('image/heic');
    expect(types).not.toContain('image/heif');
  });

  it('refuses a file over the size limit', async () => {
    const big = await noisePng(300);
    expect(big.length).toBeGreaterThan(200 * 1024);
    await refused(big, 'big.png', 'image/png', /file is too large \([\d.]+ MB; the limit is 0\.2 MB\)/);
  });

  it('refuses an empty file and a request with no file, naming the field', async () => {
    await refused(new Uint8Array(0), 'empty.png', 'image/png', /file can't be blank/);
    const none = await t.request('POST', '/api/v2/media', { token: alice.token, json: { description: 'no file' } });
    expect(none.status).toBe(422);
    expect(none.body.error).toMatch(/^Validation failed: file /);
  });

  it('names the accepted types and the configured limits in the instance document', async () => {
    for (const path of ['/api/v1/instance', '/api/v2/instance']) {
      const media = (await t.get(path)).body.configuration.media_attachments;
      expect(media).toMatchObject({ description_limit: 1500, image_size_limit: 200 * 1024, image_matrix_limit: 33_177_600, video_frame_rate_limit: 120 });
      expect(media.supported_mime_types).toEqual(expect.arrayContaining(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'video/mp4']));
      expect(media.supported_mime_types).not.toContain('image/svg+xml');
    }
  });

  it('accepts a file sent with no type or a generic one, reading the type from the bytes', async () => {
    const png = await scene(2, 200, 150);
    for (const type of ['', 'application/octet-stream']) {
      const res = await t.request('POST', '/api/v2/media', { token: alice.token, multipart: uploadForm(png, 'x', type) });
      expect(res.status, res.text).toBe(200);
    }
  });
});
