import { AsyncLocalStorage } from 'node:async_hooks';
import { configureSync, type LogLevel, type LogRecord, resetSync } from '@logtape/logtape';
import type { Logger } from '../logger.js';

// Fedify logs through LogTape (@logtape/logtape, its own dependency): routed here into the process's pino logger,
// under `area: 'fedify'` with LogTape's category, so they reach the same place as Tribune's own, at its level.
// LogTape's configuration is global to the process; the logger of the context that started last receives them.

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warning: 'warn',
  error: 'error',
  fatal: 'fatal',
};
const LOGTAPE_LEVEL: Record<string, LogLevel | null> = { trace: 'trace', debug: 'debug', info: 'info', warn: 'warning', error: 'error', fatal: 'fatal' };

// Fedify puts private keys (CryptoKey, JWK), signatures and whole activities in some records' properties: key
// material and what people write (as src/logger.ts keeps out of logs) are redacted.
const SECRET = /private|secret|password|token|signature|authorization|cookie|^d$|^key$|jwk|^content|^summary|^_misskey_content/i;
const MAX_DEPTH = 4;

/** A property made fit for a log line: no key material, no request bodies or headers, bounded depth. */
export function logSafe(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'string' && value.length > 2000 ? `${value.slice(0, 2000)}…` : value;
  if (value instanceof URL) return value.href;
  if (value instanceof Error) return value;
  if (typeof Request !== 'undefined' && value instanceof Request) return { method: value.method, url: value.url };
  if (typeof Response !== 'undefined' && value instanceof Response) return { status: value.status, url: value.url };
  if (typeof CryptoKey !== 'undefined' && value instanceof CryptoKey)
    return value.type === 'public' ? { type: 'public', algorithm: value.algorithm.name } : '[redacted]';
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => logSafe(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET.test(k) ? '[redacted]' : logSafe(v, depth + 1);
  return out;
}

function render(record: LogRecord): string {
  return record.message
    .map((part, i) => {
      if (i % 2 === 0) return String(part);
      const safe = logSafe(part);
      return typeof safe === 'string' ? safe : safe instanceof Error ? safe.message : JSON.stringify(safe);
    })
    .join('');
}

const targets: Logger[] = [];

function sink(record: LogRecord): void {
  const logger = targets[targets.length - 1];
  if (!logger) return;
  const level = PINO_LEVEL[record.level];
  if (!logger.isLevelEnabled(level)) return;
  const { error, err, ...rest } = record.properties;
  const fields: Record<string, unknown> = { area: 'fedify', category: record.category.join('.'), ...(logSafe(rest) as object) };
  const e = error ?? err;
  if (e !== undefined) fields.err = e instanceof Error ? e : logSafe(e);
  logger[level](fields, render(record));
}

/** Sends Fedify's logs to `logger` until the returned function is called. */
export function routeFedifyLogs(logger: Logger): () => void {
  targets.push(logger);
  if (targets.length === 1) {
    const lowestLevel = LOGTAPE_LEVEL[logger.level] ?? null;
    configureSync({
      reset: true,
      // Fedify adds per-request properties through LogTape's implicit contexts, which need it.
      contextLocalStorage: new AsyncLocalStorage(),
      sinks: { pino: sink },
      loggers: [
        { category: ['fedify'], sinks: ['pino'], lowestLevel },
        // A line per request is the request log's job (LOG_REQUESTS); Fedify's only below info.
        { category: ['fedify', 'federation', 'http'], lowestLevel: lowestLevel === 'trace' || lowestLevel === 'debug' ? lowestLevel : 'warning' },
        // LogTape's own notices (it warns about an unconfigured category to the console otherwise).
        { category: ['logtape', 'meta'], sinks: ['pino'], lowestLevel: 'warning' },
      ],
    });
  }
  return () => {
    const i = targets.lastIndexOf(logger);
    if (i >= 0) targets.splice(i, 1);
    if (targets.length === 0) resetSync();
  };
}
