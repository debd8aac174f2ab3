import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { contentTypeOfKey } from '../media/storage/local.js';
import { isMediaKey, type MediaStorage } from '../media/storage/storage.js';
import type { ArchiveWriter } from './archive-writer.js';
import { formatBytes } from './format.js';

// The archive keeps media as `media/<path>`, the layout of DATA_DIR/media: profile images (`accounts/...`, always
// files on this host) beside the uploads' content-addressed keys (`original/ab/cd/<sha256>.jpg`), which come from
// whichever storage holds them. So an archive of a local instance restores into a bucket and the other way round.

const REPORT_EVERY_FILES = 500;
const REPORT_EVERY_BYTES = 256 * 1024 ** 2;

function progressCounter(progress: (line: string) => void, verb: string) {
  let files = 0;
  let bytes = 0;
  let nextFiles = REPORT_EVERY_FILES;
  let nextBytes = REPORT_EVERY_BYTES;
  return {
    add(size: number) {
      files++;
      bytes += size;
      if (files >= nextFiles || bytes >= nextBytes) {
        progress(`  media: ${files.toLocaleString('en')} file(s), ${formatBytes(bytes)} ${verb}...`);
        nextFiles = files + REPORT_EVERY_FILES;
        nextBytes = bytes + REPORT_EVERY_BYTES;
      }
    },
    get files() {
      return files;
    },
    get bytes() {
      return bytes;
    },
  };
}

/** Files under `dir` as paths relative to it with `/` separators (the half-written `.partial` files left out). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.partial'))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/**
 * Adds every media file to the archive: the files of DATA_DIR/media that are not storage keys, then every key of
 * `storage` (walked with list(), read with stream()). Without a storage, DATA_DIR/media is taken whole.
 */
export async function packMedia(
  writer: ArchiveWriter,
  dataDir: string,
  storage: MediaStorage | undefined,
  progress: (line: string) => void,
): Promise<{ files: number; bytes: number }> {
  const dir = join(dataDir, 'media');
  const count = progressCounter(progress, 'archived');
  for (const path of filesUnder(dir)) {
    if (storage && isMediaKey(path)) continue;
    const size = statSync(join(dir, path)).size;
    await writer.addFile(`media/${path}`, join(dir, path));
    count.add(size);
  }
  if (storage) {
    // A few objects are opened ahead of the one being written: a bucket's round trip per file would otherwise
    // dominate a backup of many small files.
    const ahead: Array<{ key: string; file: Promise<StoredFile | null> }> = [];
    const writeNext = async () => {
      const { key, file } = ahead.shift()!;
      const opened = await file;
      // Deleted since it was listed (its post was deleted while the backup ran): nothing to keep.
      if (!opened) return;
      await writer.addStream(`media/${key}`, opened.size, opened.body);
      count.add(opened.size);
    };
    try {
      for await (const key of storage.list()) {
        const file = storage.stream(key);
        file.catch(() => {}); // awaited in turn by writeNext; this only keeps it from counting as unhandled
        ahead.push({ key, file });
        if (ahead.length >= LOOKAHEAD) await writeNext();
      }
      while (ahead.length > 0) await writeNext();
    } finally {
      // After a failure, the connections already opened are closed.
      for (const { file } of ahead)
        file.then(
          (f) => f?.body.destroy(),
          () => {},
        );
    }
  }
  return { files: count.files, bytes: count.bytes };
}

type StoredFile = NonNullable<Awaited<ReturnType<MediaStorage['stream']>>>;
const LOOKAHEAD = 4;

/**
 * Puts the storage keys found under `dir` (the archive's media, already moved to DATA_DIR/media) into `storage`
 * when it is not that directory (a bucket), removing each local copy once it is stored; profile images stay.
 * Returns how many files were uploaded and how many keys the bucket held that the archive did not.
 */
export async function uploadMedia(
  dir: string,
  storage: MediaStorage,
  progress: (line: string) => void,
  concurrency = 4,
): Promise<{ uploaded: number; foreign: number }> {
  const keys = filesUnder(dir).filter(isMediaKey);
  const inArchive = new Set(keys);
  let foreign = 0;
  for await (const key of storage.list()) if (!inArchive.has(key)) foreign++;
  const count = progressCounter(progress, 'stored');
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++]!;
      const body = await readFile(join(dir, key));
      await storage.put(key, body, contentTypeOfKey(key));
      await rm(join(dir, key));
      count.add(body.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, keys.length) }, worker));
  // The emptied original/, small/... directories go too: what is left in DATA_DIR/media is what is served from disk.
  for (const top of new Set(keys.map((k) => k.slice(0, k.indexOf('/'))))) {
    if (filesUnder(join(dir, top)).length === 0) await rm(join(dir, top), { recursive: true, force: true });
  }
  return { uploaded: count.files, foreign };
}
