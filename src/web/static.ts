import { readFile, stat } from 'node:fs/promises';
import { extname, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `vite build` writes the web app (git-ignored; built by `npm install` / `npm start`). */
export const DIST_DIR = resolve(fileURLToPath(new URL('../../web/dist/', import.meta.url)));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export interface StaticFile {
  body: Uint8Array;
  type: string;
  mtimeMs: number;
}

// The built files are small and few: keep them in memory, re-reading one whose mtime changed (a rebuild).
const cache = new Map<string, StaticFile>();

/** A file of the built app by URL path, or null when there is none (never escapes DIST_DIR). */
export async function readDistFile(urlPath: string): Promise<StaticFile | null> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  const full = resolve(DIST_DIR, normalize(`.${sep}${rel}`));
  if (full !== DIST_DIR && !full.startsWith(DIST_DIR + sep)) return null;
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(full);
  } catch {
    return null;
  }
  if (!info.isFile()) return null;
  const hit = cache.get(full);
  if (hit && hit.mtimeMs === info.mtimeMs) return hit;
  const file = { body: new Uint8Array(await readFile(full)), type: TYPES[extname(full).toLowerCase()] ?? 'application/octet-stream', mtimeMs: info.mtimeMs };
  cache.set(full, file);
  return file;
}

/** The app shell (dist/index.html) as text, or null when the app has not been built. */
export async function readShell(): Promise<string | null> {
  const f = await readDistFile('/index.html');
  return f ? new TextDecoder().decode(f.body) : null;
}
