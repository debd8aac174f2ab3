import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { isMediaKey, type MediaStorage } from './storage.js';

const TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  mp4: 'video/mp4',
};

export function contentTypeOfKey(key: string): string {
  return TYPES[key.slice(key.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}

/** Media files under `root` (DATA_DIR/media by default). */
export function createLocalStorage(root: string): MediaStorage {
  const pathOf = (key: string) => {
    if (!isMediaKey(key)) throw new Error(`not a media key: ${key}`);
    return join(root, key);
  };
  const statOf = async (key: string) => {
    try {
      return { size: (await stat(pathOf(key))).size, contentType: contentTypeOfKey(key) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  };
  return {
    kind: 'local',
    async put(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      // Written beside, then renamed: a reader never sees half a file, a crash leaves no half-written one.
      const partial = `${path}.${process.pid}.${Date.now()}.partial`;
      await writeFile(partial, body);
      await rename(partial, path);
    },
    async get(key) {
      try {
        return await readFile(pathOf(key));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
    async stream(key, range) {
      const path = pathOf(key);
      const found = await statOf(key);
      if (!found) return null;
      if (!range) return { body: createReadStream(path), ...found };
      return { body: createReadStream(path, { start: range.start, end: range.end }), size: range.end - range.start + 1, contentType: found.contentType };
    },
    stat: statOf,
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async *list() {
      let entries: string[];
      try {
        entries = await readdir(root, { recursive: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw e;
      }
      for (const entry of entries) {
        const key = relative(root, join(root, entry)).split(sep).join('/');
        if (isMediaKey(key)) yield key;
      }
    },
    async close() {},
  };
}
