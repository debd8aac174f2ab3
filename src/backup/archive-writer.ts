import { createReadStream, createWriteStream, statSync } from 'node:fs';
import type { Duplex, Readable } from 'node:stream';
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

/** Opens `file` (refused if it exists) with mode 0600; `through` (encryption) is applied to the .tar.gz on its way there. */
export function createArchiveWriter(file: string, through?: Duplex): ArchiveWriter {
  const pack = tarPack();
  const out = createWriteStream(file, { mode: 0o600, flags: 'wx' });
  const written = through ? pipeline(pack, createGzip(), through, out) : pipeline(pack, createGzip(), out);
  // A failure of the file (disk full) rejects the entry being added, not an unhandled promise.
  let failed: Error | null = null;
  const waiting = new Set<(err: Error) => void>();
  written.catch((err: Error) => {
    failed = err;
    for (const reject of waiting) reject(err);
  });
  const addStream = (name: string, size: number, body: Readable, mode = 0o644) =>
    new Promise<void>((resolve, reject) => {
      if (failed) {
        body.destroy();
        return reject(failed);
      }
      const fail = (err: Error) => {
        waiting.delete(fail);
        body.destroy();
        reject(err);
      };
      waiting.add(fail);
      const entry = pack.entry({ name, size, mode, mtime: new Date(), type: 'file' }, (err) => {
        if (err) return fail(err);
        waiting.delete(fail);
        resolve();
      });
      entry.on('error', fail);
      // The entry can no longer be completed: the archive is given up (the pipeline reports it, no stray error).
      body.on('error', (err) => {
        fail(err);
        pack.destroy(err);
      });
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
