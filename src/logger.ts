import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Fields that must never reach a log, wherever a careless `logger.x({ ... })` puts them: secrets (passwords,
 * tokens, keys, cookies) and what people write (post text and warnings, private or not; not `status`, which is the
 * HTTP status in request lines). Censored at any depth up to two objects
 * down. Request lines carry none of them anyway (src/middleware/request-log.ts): this is the second lock.
 */
const SECRET_FIELDS = [
  'password',
  'password_confirmation',
  'current_password',
  'token',
  'access_token',
  'refresh_token',
  'client_secret',
  'authorization',
  'cookie',
  'secret',
  'secretKey',
  'text',
  'spoiler_text',
  'content',
];
const REDACT = SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);

export function createLogger(level: string): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime, redact: { paths: REDACT, censor: '[redacted]' } });
}
