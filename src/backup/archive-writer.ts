import { createReadStream, createWriteStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack as tarPack } from 'tar-stream';

/**
 * A .tar.gz written entry by entry as it goes: files from disk and streams of known size (media read from a bucket)
 * go straight into the archive, with no staged copy.
 */
export interface ArchiveWriter {
  /** A file on disk, under `name` in the archive. */
  addFile(name: string, path: string, mode?: number): Promise<void>;
  /** `size` bytes read from `body`, under `name`. */
  addStream(name: string, size: number, body: Readable, mode?: number): Promise<void>;
  /** Writes the end of the archive and waits until it is on disk. */
  finish(): Promise<void>;
  /** Stops writing after a failure (the caller removes the file). */
  abort(err: Error): Promise<void>;
}

/** Opens `file` (refused if it exists) with mode 0600. */
export function createArchiveWriter(file: string): ArchiveWriter {
  const pack = tarPack();
  const written = pipeline(pack, createGzip(), createWriteStream(file, { mode: 0o600, flags: 'wx' }));
  // A failure of the file (disk full) surfaces in the entry being added, not as an unhandled rejection.
  let failed: Error | null = null;
  written.catch((err: Error) => {
    failed = err;
  });
  const addStream = (name: string, size: number, body: Readable, mode = 0o644) =>
    new Promise<void>((resolve, reject) => {
      if (failed) return reject(failed);
      const entry = pack.entry({ name, size, mode, mtime: new Date(), type: 'file' }, (err) => (err ? reject(err) : resolve()));
      body.once('error', (err) => {
        entry.destroy(err);
        reject(err);
      });
      written.catch(reject);
      body.pipe(entry);
    });
  return {
    addStream,
    addFile: (name, path, mode) => addStream(name, statSync(path).size, createReadStream(path), mode),
    async finish() {
      pack.finalize();
      await written;
    },
    async abort(err) {
      pack.destroy(err);
      await written.catch(() => {});
    },
  };
}
