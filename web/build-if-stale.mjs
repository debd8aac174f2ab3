#!/usr/bin/env node
// Builds the web app when web/dist is missing or older than its sources; run by `npm install`
// (prepare) and `npm start` (prestart), so nobody has to remember a build step. Test suites running
// in parallel may call it at once: a lock file lets one build while the others wait for it.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const stamp = join(webDir, 'dist', '.built');
const lock = join(webDir, '.build.lock');
const force = process.argv.includes('--force');
const quiet = process.argv.includes('--quiet');

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let max = info.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

function stale() {
  const sources = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => join(webDir, p)).filter(existsSync);
  const sourceTime = Math.max(...sources.map(newest));
  return !existsSync(stamp) || statSync(stamp).mtimeMs < sourceTime;
}

function takeLock() {
  try {
    closeSync(openSync(lock, 'wx'));
    return true;
  } catch {
    // A lock left by a build that died more than two minutes ago is taken over.
    try {
      if (Date.now() - statSync(lock).mtimeMs > 120_000) {
        rmSync(lock, { force: true });
        return takeLock();
      }
    } catch {}
    return false;
  }
}

async function main() {
  if (!force && !stale()) {
    if (!quiet) console.log('web app is up to date (web/dist)');
    return;
  }
  const deadline = Date.now() + 120_000;
  while (!takeLock()) {
    if (Date.now() > deadline) throw new Error(`web build: gave up waiting for ${lock}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  try {
    // Another process may have built it while this one waited.
    if (!force && !stale()) return;
    const { build } = await import('vite');
    await build({ configFile: join(webDir, 'vite.config.ts'), logLevel: process.env.CI || quiet ? 'warn' : 'info' });
    mkdirSync(join(webDir, 'dist'), { recursive: true });
    writeFileSync(stamp, new Date().toISOString());
  } finally {
    rmSync(lock, { force: true });
  }
}

await main();
