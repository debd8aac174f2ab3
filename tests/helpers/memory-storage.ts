import { Readable } from 'node:stream';
import type { MediaStorage } from '../../src/media/storage/storage.js';

/** Media storage in a Map: a stand-in a test passes to the composition root or to a media function. */
export function memoryStorage(): MediaStorage & { files: Map<string, { body: Buffer; contentType: string }> } {
  const files = new Map<string, { body: Buffer; contentType: string }>();
  return {
    kind: 'local',
    files,
    async put(key, body, contentType) {
      files.set(key, { body, contentType });
    },
    async get(key) {
      return files.get(key)?.body ?? null;
    },
    async stream(key, range) {
      const f = files.get(key);
      if (!f) return null;
      const body = range ? f.body.subarray(range.start, range.end + 1) : f.body;
      return { body: Readable.from([body]), size: body.length, contentType: f.contentType };
    },
    async stat(key) {
      const f = files.get(key);
      return f ? { size: f.body.length, contentType: f.contentType } : null;
    },
    async delete(key) {
      files.delete(key);
    },
    async *list() {
      yield* files.keys();
    },
    async close() {},
  };
}
