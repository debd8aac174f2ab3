import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRestAPIClient, type mastodon } from 'masto';
import { type Config, loadConfig, type MediaConfig } from '../../src/config/config.js';
import { startS3Server } from '../helpers/s3-server.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

/**
 * The media configuration from MEDIA_* and S3_* in the environment, so this suite runs against any storage:
 * `MEDIA_STORAGE=s3 S3_BUCKET=... npx vitest run --project sqlite tests/media` runs it against a bucket.
 */
export function mediaConfigFromEnv(): MediaConfig {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(MEDIA|S3)_/.test(k)));
  const dir = mkdtempSync(join(tmpdir(), 'tribune-media-config-'));
  try {
    return loadConfig(env, { dataDir: dir, secretKey: 'x'.repeat(64) }).media;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A test server whose media limits are the environment's with `media` over them (and other settings from `config`). */
export function startMediaServer(media: Partial<MediaConfig> = {}, config: Partial<Config> = {}): Promise<TestServer> {
  return startTestServer({ ...config, media: { ...mediaConfigFromEnv(), ...media } });
}

/** The storage backends the upload suites run on: local files under DATA_DIR, and a bucket on a local S3 server. */
export const STORAGE_BACKENDS = [
  { name: 'local files', s3: false },
  { name: 'an S3 bucket (s3rver)', s3: true },
] as const;

/** startMediaServer on a backend; with S3, on an s3rver of its own that stops with the server. */
export async function startMediaServerOn(backend: { s3: boolean }, media: Partial<MediaConfig> = {}): Promise<TestServer> {
  if (!backend.s3) return startMediaServer(media);
  const s3 = await startS3Server();
  try {
    const t = await startMediaServer({ ...media, ...s3.media() });
    if (t.ctx.config.media.storage !== 's3') throw new Error('the S3 run of the suite is not on S3');
    const close = t.close.bind(t);
    return Object.assign(t, {
      close: async () => {
        await close();
        await s3.stop();
      },
    });
  } catch (err) {
    await s3.stop();
    throw err;
  }
}

export function mastoClient(t: TestServer, user: TestUser): mastodon.rest.Client {
  return createRestAPIClient({ url: t.url, accessToken: user.token, timeout: 30_000 });
}

/** Every key in media storage (to prove a refused upload stored nothing). */
export async function storedKeys(t: TestServer): Promise<string[]> {
  const keys: string[] = [];
  for await (const k of t.ctx.mediaStorage.list()) keys.push(k);
  return keys.sort();
}

export async function mediaRows(t: TestServer) {
  return t.ctx.db.selectFrom('media_attachments').selectAll().orderBy('id').execute();
}

/** A multipart upload of `bytes` as `name` with the declared `type`. */
export function uploadForm(bytes: Uint8Array, name: string, type: string, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(bytes)], { type }), name);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}

/** The path of a served file's URL, for t.get. */
export function pathOf(url: string): string {
  return new URL(url).pathname;
}
