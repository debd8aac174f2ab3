#!/usr/bin/env node
// Builds the web app when web/dist is missing or older than its sources; run by `npm install`
// (prepare) and `npm start` (prestart), so nobody has to remember a build step.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const stamp = join(webDir, 'dist', '.built');
const force = process.argv.includes('--force');

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let max = info.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

const sources = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => join(webDir, p)).filter(existsSync);
const sourceTime = Math.max(...sources.map(newest));
const builtTime = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;

if (force || builtTime < sourceTime) {
  const { build } = await import('vite');
  await build({ configFile: join(webDir, 'vite.config.ts'), logLevel: process.env.CI ? 'warn' : 'info' });
  writeFileSync(stamp, new Date().toISOString());
} else if (!process.argv.includes('--quiet')) {
  console.log('web app is up to date (web/dist)');
}
