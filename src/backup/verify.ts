import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import { decryptingStream } from './encryption.js';
import { MANIFEST_FILE, type Manifest, manifestSchema } from './manifest.js';

/** A backup that does not read back as written. */
export class VerifyError extends Error {}

/**
 * Reads a backup back as a stream (decrypting it with `identities` when given), and checks every table file and the
 * secret against the manifest's sha256 and the media against its count and size. Nothing is written to disk.
 */
export async function verifyBackup(source: Readable, identities?: string[]): Promise<Manifest> {
  const plain = identities?.length ? await decryptingStream(source, identities) : source;
  const hashes = new Map<string, string>();
  let manifestText = '';
  let mediaFiles = 0;
  let mediaBytes = 0;
  const extract = tarExtract();
  extract.on('entry', (header, stream, next) => {
    const hash = createHash('sha256');
    const isManifest = header.name === MANIFEST_FILE;
    stream.on('data', (chunk) => {
      if (!Buffer.isBuffer(chunk)) return;
      hash.update(chunk);
      if (isManifest) manifestText += chunk.toString('utf8');
    });
    stream.on('end', () => {
      hashes.set(header.name, hash.digest('hex'));
      if (header.name.startsWith('media/') && header.type === 'file') {
        mediaFiles++;
        mediaBytes += header.size ?? 0;
      }
      next();
    });
    stream.resume();
  });
  await pipeline(plain, createGunzip(), extract);
  if (!manifestText) throw new VerifyError(`the backup has no ${MANIFEST_FILE}`);
  const parsed = manifestSchema.safeParse(JSON.parse(manifestText));
  if (!parsed.success) throw new VerifyError(`${MANIFEST_FILE} is malformed`);
  const manifest = parsed.data;
  for (const f of [...manifest.tables, ...(manifest.secret ? [manifest.secret] : [])]) {
    const got = hashes.get(f.file);
    if (got === undefined) throw new VerifyError(`${f.file} is missing`);
    if (got !== f.sha256) throw new VerifyError(`${f.file} does not match its checksum`);
  }
  if (mediaFiles !== manifest.media.files || mediaBytes !== manifest.media.bytes)
    throw new VerifyError(`the media are ${mediaFiles} file(s) of ${mediaBytes} bytes, the manifest says ${manifest.media.files} of ${manifest.media.bytes}`);
  return manifest;
}
