import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { ClassifierConfig } from '../moderation/classifier/types.js';
import type { ShieldOverrides } from '../shield/options.js';
import type { RawEnv } from './env.js';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  // A replica for reads that tolerate a little lag (public and hashtag timelines, trends); PostgreSQL connections per process.
  READ_DATABASE_URL: z.string().optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  PUBLIC_URL: z.string().url().optional(),
  REGISTRATIONS: z.enum(['open', 'approval', 'closed']).default('open'),
  MAX_POST_CHARS: z.coerce.number().int().min(1).max(100_000).default(1000),
  SECRET_KEY: z.string().min(32).optional(),
  REDIS_URL: z.string().optional(),
  TRUSTED_PROXIES: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_REQUESTS: z.enum(['on', 'off']).default('on'),
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  SHUTDOWN_TIMEOUT_S: z.coerce.number().int().min(1).max(600).default(25),
  INSTANCE_TITLE: z.string().default('Tribune'),
  INSTANCE_DESCRIPTION: z.string().default('A community-hosted social network.'),
  CONTACT_EMAIL: z.string().default(''),
  MODERATION_REVIEW_THRESHOLD: z.coerce.number().min(0).max(1).optional(),
  MODERATION_REFUSE_THRESHOLD: z.coerce.number().min(0).max(1).optional(),
  // Per-category overrides as JSON: {"violence":{"review":0.5,"refuse":0.9},"glorification":{"review":0.6}}
  MODERATION_THRESHOLDS: z
    .string()
    .transform((v, c) => {
      try {
        return z
          .record(z.string(), z.object({ review: z.number().min(0).max(1).optional(), refuse: z.number().min(0).max(1).optional() }).strict())
          .parse(JSON.parse(v));
      } catch {
        c.addIssue({ code: 'custom', message: 'must be JSON like {"violence":{"review":0.5,"refuse":0.9}}' });
        return z.NEVER;
      }
    })
    .optional(),
  // The screening classifier: shipped (default), onnx:/path/to/model.onnx, or an http(s):// service URL.
  MODERATION_CLASSIFIER: z
    .string()
    .regex(/^(shipped|onnx:.+|https?:\/\/.+)$/, 'must be shipped, onnx:<path> or an http(s) URL')
    .default('shipped'),
  STRIKES_TO_SUSPEND: z.coerce.number().int().min(1).default(5),
  ACCOUNT_DELETION_GRACE_DAYS: z.coerce.number().min(0).max(3650).default(30),
  SHIELD: z.enum(['on', 'off']).default('on'),
  SHIELD_LIMIT_SCALE: z.coerce.number().min(0.01).max(1000).optional(),
  SHIELD_POW_DIFFICULTY: z.coerce.number().int().min(4).max(28).optional(),
  SHIELD_ATTACK_DELAY_MS: z.coerce.number().min(10).max(10_000).optional(),
  SHIELD_MAX_SOCKETS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).optional(),
  HOME_CACHE_MB: z.coerce.number().min(0).max(100_000).default(64),
  FANOUT_ON_READ_FOLLOWERS: z.coerce.number().int().min(0).default(10_000),
  FANOUT_CHUNK: z.coerce.number().int().min(1).max(10_000).default(500),
  // HTTP processes `tribune serve` runs on one port (src/cluster); TRIBUNE_WORKER_SLOT is set by it for each one.
  WORKERS: z.coerce.number().int().min(1).max(256).default(1),
  // Whether this process runs background jobs; off (web only) needs REDIS_URL and a `tribune worker` elsewhere.
  JOBS: z.enum(['on', 'off']).default('on'),
  TRIBUNE_WORKER_SLOT: z.coerce.number().int().min(0).max(63).optional(),
  // Hash-list matching of uploads (src/media/hash-lists): Meta's recommended PDQ match distance and quality floor.
  PDQ_MATCH_DISTANCE: z.coerce.number().int().min(0).max(63).default(31),
  PDQ_QUALITY_THRESHOLD: z.coerce.number().int().min(0).max(100).default(49),
  // Translation (src/domain/translation): a LibreTranslate-compatible service; none configured, none offered.
  TRANSLATION_URL: z.string().url().optional(),
  TRANSLATION_API_KEY: z.string().max(500).optional(),
  // on: TRANSLATION_URL may point at this host or a private network (a LibreTranslate beside Tribune).
  TRANSLATION_PRIVATE: z.enum(['on', 'off']).default('off'),
  // Media (src/media): where files live, and what an upload may be. Limits follow Mastodon's defaults.
  MEDIA_STORAGE: z.enum(['local', 's3']).default('local'),
  MEDIA_PUBLIC_URL: z.string().url().optional(),
  S3_BUCKET: z.string().optional(),
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z.enum(['on', 'off']).default('on'),
  MEDIA_IMAGE_LIMIT_MB: z.coerce.number().min(0.01).max(1024).default(16),
  MEDIA_IMAGE_MATRIX_LIMIT: z.coerce.number().int().min(1).default(33_177_600),
  MEDIA_IMAGE_STORED_PIXELS: z.coerce.number().int().min(1).default(8_294_400),
  MEDIA_VIDEO_LIMIT_MB: z.coerce.number().min(0.01).max(10_240).default(99),
  MEDIA_VIDEO_MATRIX_LIMIT: z.coerce.number().int().min(1).default(8_294_400),
  MEDIA_VIDEO_FRAME_RATE_LIMIT: z.coerce.number().min(1).max(1000).default(120),
  MEDIA_VIDEO_MAX_SECONDS: z.coerce.number().min(1).max(86_400).default(600),
  FFMPEG_PATH: z.string().optional(),
  FFPROBE_PATH: z.string().optional(),
  // Scheduled off-site backups (src/backup/schedule.ts): a directory or s3://bucket/prefix, how often, to whom (age).
  BACKUP_TARGET: z.string().optional(),
  BACKUP_EVERY: z
    .string()
    .regex(/^\d+(s|m|h|d)$/, 'must be a number and a unit, like 30m, 1h or 1d')
    .optional(),
  BACKUP_RECIPIENT: z.string().optional(),
  // WAL shipping on SQLite (src/backup/wal-shipping.ts): how often the new log frames go to BACKUP_TARGET ('off': never),
  // and the log size past which the shipper checkpoints it into the database file and empties it.
  BACKUP_WAL_EVERY: z
    .string()
    .regex(/^(\d+(s|m|h)|off)$/, 'must be a number and a unit, like 10s or 1m, or off')
    .default('10s'),
  BACKUP_WAL_MAX_MB: z.coerce.number().min(1).max(100_000).default(64),
  BACKUP_IDENTITY: z.string().optional(),
  BACKUP_KEEP_HOURLY: z.coerce.number().int().min(0).max(10_000).default(24),
  BACKUP_KEEP_DAILY: z.coerce.number().int().min(0).max(100_000).default(30),
  // Federation may fetch from and deliver to private and loopback addresses (Hollo's name; tests on loopback only).
  ALLOW_PRIVATE_ADDRESS: z.enum(['true', 'false']).default('false'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  /** Where reads that tolerate lag go (READ_DATABASE_URL, a replica); unset: the database itself. */
  readDatabaseUrl?: string;
  /** PostgreSQL connections per process, for each of the database and the replica (DB_POOL_MAX). */
  dbPoolMax: number;
  publicUrl: string;
  /** Host part of publicUrl, used in acct handles and URIs. */
  domain: string;
  registrations: 'open' | 'approval' | 'closed';
  maxPostChars: number;
  secretKey: string;
  redisUrl?: string;
  trustedProxies: string[];
  logLevel: string;
  /** One `info` line per request (LOG_REQUESTS). */
  logRequests: boolean;
  /** The basic-auth password that lets Prometheus on another host read /metrics (METRICS_TOKEN). */
  metricsToken?: string;
  /** How long SIGTERM waits for requests and jobs in flight before closing anyway (SHUTDOWN_TIMEOUT_S). */
  shutdownTimeoutMs: number;
  /** Days between a person deleting their account and its purge, during which signing in cancels it (ACCOUNT_DELETION_GRACE_DAYS, 30 as Mastodon). */
  accountDeletionGraceDays: number;
  instanceTitle: string;
  instanceDescription: string;
  contactEmail: string;
  /** The title, description and contact e-mail from the environment, before any setting an admin made. */
  instanceDefaults?: { title: string; description: string; contactEmail: string };
  moderation: {
    reviewThreshold?: number;
    refuseThreshold?: number;
    strikesToSuspend: number;
    /** Per-category thresholds, overriding the two global ones for that category. */
    thresholds?: Record<string, { review?: number; refuse?: number }>;
    /** Which classifier screens posts (see src/moderation/classifier/types.ts). */
    classifier?: ClassifierConfig;
  };
  shieldEnabled: boolean;
  /** Shield tunables (src/shield/options.ts); tests pass tiny limits here. */
  shield: ShieldOverrides;
  /** Memory for rendered home-timeline pages, in bytes (0: no cache). */
  homeCacheBytes: number;
  /**
   * Home-timeline fan-out: authors with more followers than `onReadFollowers` are merged into their followers' homes
   * at read time; the others' posts are written into each home by jobs of `chunk` followers each.
   */
  fanout: { onReadFollowers: number; chunk: number };
  /** HTTP processes `tribune serve` runs (WORKERS, or --workers). */
  workers: number;
  /** Whether this process runs queued jobs (JOBS); off only with Redis, where `tribune worker` processes run them. */
  runJobs: boolean;
  /** Set in each process `tribune serve --workers N` forks: its slot 0..N-1 (its ID node); unset otherwise. */
  workerSlot?: number;
  /** argon2id cost; the default is OWASP's baseline, tests lower it. */
  passwordCost?: { memoryCost: number; timeCost: number };
  /**
   * Link previews: the deadline of one fetch (redirects and body), and whether loopback addresses may be fetched
   * (tests serve pages from 127.0.0.1; never for a real server).
   */
  previewCards: { timeoutMs: number; allowLoopback: boolean };
  /**
   * Post translation through a LibreTranslate-compatible service (TRANSLATION_URL, TRANSLATION_API_KEY); `url` unset:
   * no translation offered. Requests pass the link-card address guard; `allowLoopback` is for tests' stand-in server.
   */
  translation: { url?: string; apiKey?: string; timeoutMs: number; allowLoopback: boolean; allowPrivate?: boolean };
  /** Uploads matched against hash lists: PDQ distance that counts as a match, and the quality a hash must exceed. */
  hashMatch: {
    /** Largest Hamming distance between PDQ hashes that counts as a match (Meta recommends 31). */
    maxDistance: number;
    /** PDQ hashes of this quality or lower are too unreliable to match on (Meta recommends 49). */
    qualityThreshold: number;
  };
  media: MediaConfig;
  backup: BackupConfig;
  /**
   * ActivityPub (src/federation): whether remote documents may be fetched from, and activities delivered to,
   * private and loopback addresses (ALLOW_PRIVATE_ADDRESS=true: tests with two servers on loopback, never in production).
   */
  federation: { allowPrivateAddress: boolean };
}

/** Where media files are stored and what an upload may be (MEDIA_* and S3_* variables). */
export interface MediaConfig {
  storage: 'local' | 's3';
  /** Where clients fetch files from when a bucket or CDN serves them; unset: Tribune serves /system/media/. */
  publicUrl?: string;
  s3?: { bucket: string; endpoint?: string; region: string; accessKeyId?: string; secretAccessKey?: string; forcePathStyle: boolean };
  imageLimitBytes: number;
  /** Largest image accepted, in pixels (width x height); bigger is refused before decoding (decompression bombs). */
  imageMatrixLimit: number;
  /** The stored original is shrunk to at most this many pixels. */
  imageStoredPixels: number;
  videoLimitBytes: number;
  videoMatrixLimit: number;
  videoFrameRateLimit: number;
  videoMaxSeconds: number;
  /** FFMPEG_PATH / FFPROBE_PATH; unset: Debian's /usr/bin/ffmpeg when installed, else the npm package's binary. */
  ffmpegPath?: string;
  ffprobePath?: string;
}

/** Scheduled, encrypted off-site backups (BACKUP_* variables; the S3 connection from the S3_* ones). */
export interface BackupConfig {
  /** A directory, or `s3://bucket/prefix`. */
  target?: string;
  /** Unset: no scheduled backups. */
  everyMs?: number;
  /** age recipients (`age1...`) the backups are encrypted to. */
  recipients: string[];
  /** BACKUP_IDENTITY: an identity (`AGE-SECRET-KEY-1...`) or the path of an identity file; read by restore only. */
  identity?: string;
  /** Newest backup of each hour kept for this many hours, of each day for this many days. */
  keepHourly: number;
  keepDaily: number;
  /** WAL shipping on SQLite with a target: ship every this many ms (undefined: off), empty the log past `walMaxBytes`. */
  walEveryMs?: number;
  walMaxBytes?: number;
  s3: { endpoint?: string; region: string; accessKeyId?: string; secretAccessKey?: string; forcePathStyle: boolean };
}

export class ConfigError extends Error {}

/** Fills defaults and validates; creates DATA_DIR and a persistent secret if none is given. */
export function loadConfig(env: RawEnv, overrides: Partial<Config> = {}): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid configuration: ${issue?.path.join('.')}: ${issue?.message}. Fix the environment variable and start again.`);
  }
  const e = parsed.data;
  const media = mediaConfig(e);
  if (e.JOBS === 'off' && !e.REDIS_URL && !overrides.redisUrl)
    throw new ConfigError(
      'Invalid configuration: JOBS=off needs REDIS_URL (without Redis, jobs run in the process that queued them). Set REDIS_URL or remove JOBS.',
    );
  const dataDir = resolve(overrides.dataDir ?? e.DATA_DIR);
  const port = overrides.port ?? e.PORT;
  const host = overrides.host ?? e.HOST;
  const publicUrl = (overrides.publicUrl ?? e.PUBLIC_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, '');
  const databaseUrl = overrides.databaseUrl ?? e.DATABASE_URL ?? `sqlite:${join(dataDir, 'tribune.sqlite')}`;
  if (databaseUrl.startsWith('sqlite:')) mkdirSync(dataDir, { recursive: true });
  const config: Config = {
    port,
    host,
    dataDir,
    databaseUrl,
    readDatabaseUrl: e.READ_DATABASE_URL,
    dbPoolMax: e.DB_POOL_MAX,
    publicUrl,
    domain: new URL(publicUrl).host,
    registrations: e.REGISTRATIONS,
    maxPostChars: e.MAX_POST_CHARS,
    homeCacheBytes: overrides.homeCacheBytes ?? Math.round(e.HOME_CACHE_MB * 1024 * 1024),
    fanout: { onReadFollowers: e.FANOUT_ON_READ_FOLLOWERS, chunk: e.FANOUT_CHUNK },
    workers: e.WORKERS,
    runJobs: e.JOBS === 'on',
    workerSlot: e.TRIBUNE_WORKER_SLOT,
    previewCards: { timeoutMs: 5_000, allowLoopback: false },
    translation: {
      url: e.TRANSLATION_URL?.replace(/\/+$/, ''),
      apiKey: e.TRANSLATION_API_KEY,
      timeoutMs: 10_000,
      allowLoopback: false,
      allowPrivate: e.TRANSLATION_PRIVATE === 'on',
    },
    hashMatch: { maxDistance: e.PDQ_MATCH_DISTANCE, qualityThreshold: e.PDQ_QUALITY_THRESHOLD },
    media,
    backup: backupConfig(e),
    federation: { allowPrivateAddress: e.ALLOW_PRIVATE_ADDRESS === 'true' },
    secretKey: overrides.secretKey ?? e.SECRET_KEY ?? persistentSecret(dataDir),
    redisUrl: e.REDIS_URL,
    trustedProxies: e.TRUSTED_PROXIES.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    logLevel: e.LOG_LEVEL,
    logRequests: e.LOG_REQUESTS === 'on',
    metricsToken: e.METRICS_TOKEN,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_S * 1000,
    accountDeletionGraceDays: overrides.accountDeletionGraceDays ?? e.ACCOUNT_DELETION_GRACE_DAYS,
    instanceTitle: e.INSTANCE_TITLE,
    instanceDescription: e.INSTANCE_DESCRIPTION,
    contactEmail: e.CONTACT_EMAIL,
    moderation: {
      reviewThreshold: e.MODERATION_REVIEW_THRESHOLD,
      refuseThreshold: e.MODERATION_REFUSE_THRESHOLD,
      strikesToSuspend: e.STRIKES_TO_SUSPEND,
      thresholds: e.MODERATION_THRESHOLDS,
      classifier: e.MODERATION_CLASSIFIER.startsWith('onnx:')
        ? { kind: 'onnx', modelPath: e.MODERATION_CLASSIFIER.slice(5) }
        : /^https?:/.test(e.MODERATION_CLASSIFIER)
          ? { kind: 'http', url: e.MODERATION_CLASSIFIER }
          : { kind: 'shipped' },
    },
    shieldEnabled: e.SHIELD === 'on',
    shield: {
      limitScale: e.SHIELD_LIMIT_SCALE,
      powDifficulty: e.SHIELD_POW_DIFFICULTY,
      attackDelayMs: e.SHIELD_ATTACK_DELAY_MS,
      maxSocketsPerAddress: e.SHIELD_MAX_SOCKETS_PER_ADDRESS,
      // An upload's body may be as large as the largest file accepted, and its form fields.
      maxMediaBodyBytes: Math.max(media.imageLimitBytes, media.videoLimitBytes) + 1024 * 1024,
    },
    ...overrides,
  };
  // What the environment (or the caller) says: an admin's settings override these at run time, and removing a
  // setting brings them back (src/domain/instance/instance-settings.ts).
  config.instanceDefaults ??= { title: config.instanceTitle, description: config.instanceDescription, contactEmail: config.contactEmail };
  return config;
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

function backupConfig(e: z.infer<typeof schema>): BackupConfig {
  const recipients = (e.BACKUP_RECIPIENT ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  for (const r of recipients)
    if (!/^age1[a-z0-9]{20,}$/.test(r))
      throw new ConfigError(
        `Invalid configuration: BACKUP_RECIPIENT: "${r.slice(0, 12)}..." is not an age recipient (age1...). \`tribune backup keygen\` prints one.`,
      );
  let everyMs: number | undefined;
  if (e.BACKUP_EVERY) {
    const unit = e.BACKUP_EVERY.slice(-1) as keyof typeof UNIT_MS;
    everyMs = Number(e.BACKUP_EVERY.slice(0, -1)) * UNIT_MS[unit];
    if (everyMs < 1000) throw new ConfigError('Invalid configuration: BACKUP_EVERY must be at least 1s.');
    if (!e.BACKUP_TARGET)
      throw new ConfigError('Invalid configuration: BACKUP_EVERY needs BACKUP_TARGET (a directory or s3://bucket/prefix). Set it and start again.');
    if (recipients.length === 0)
      throw new ConfigError(
        'Invalid configuration: scheduled backups are encrypted and BACKUP_RECIPIENT is not set. Run `tribune backup keygen`, keep the identity it prints somewhere safe (not on this host), and set BACKUP_RECIPIENT to the age1... recipient.',
      );
  }
  return {
    target: e.BACKUP_TARGET,
    everyMs,
    recipients,
    identity: e.BACKUP_IDENTITY,
    keepHourly: e.BACKUP_KEEP_HOURLY,
    keepDaily: e.BACKUP_KEEP_DAILY,
    walEveryMs:
      e.BACKUP_WAL_EVERY === 'off' ? undefined : Number(e.BACKUP_WAL_EVERY.slice(0, -1)) * UNIT_MS[e.BACKUP_WAL_EVERY.slice(-1) as keyof typeof UNIT_MS],
    walMaxBytes: Math.round(e.BACKUP_WAL_MAX_MB * 1024 * 1024),
    s3: {
      endpoint: e.S3_ENDPOINT,
      region: e.S3_REGION,
      accessKeyId: e.S3_ACCESS_KEY_ID,
      secretAccessKey: e.S3_SECRET_ACCESS_KEY,
      forcePathStyle: e.S3_FORCE_PATH_STYLE === 'on',
    },
  };
}

function mediaConfig(e: z.infer<typeof schema>): MediaConfig {
  if (e.MEDIA_STORAGE === 's3' && !e.S3_BUCKET)
    throw new ConfigError('Invalid configuration: MEDIA_STORAGE=s3 needs S3_BUCKET (and S3_ENDPOINT for MinIO or Garage). Set it and start again.');
  const mb = 1024 * 1024;
  return {
    storage: e.MEDIA_STORAGE,
    publicUrl: e.MEDIA_PUBLIC_URL?.replace(/\/+$/, ''),
    s3: e.S3_BUCKET
      ? {
          bucket: e.S3_BUCKET,
          endpoint: e.S3_ENDPOINT,
          region: e.S3_REGION,
          accessKeyId: e.S3_ACCESS_KEY_ID,
          secretAccessKey: e.S3_SECRET_ACCESS_KEY,
          forcePathStyle: e.S3_FORCE_PATH_STYLE === 'on',
        }
      : undefined,
    imageLimitBytes: Math.round(e.MEDIA_IMAGE_LIMIT_MB * mb),
    imageMatrixLimit: e.MEDIA_IMAGE_MATRIX_LIMIT,
    imageStoredPixels: e.MEDIA_IMAGE_STORED_PIXELS,
    videoLimitBytes: Math.round(e.MEDIA_VIDEO_LIMIT_MB * mb),
    videoMatrixLimit: e.MEDIA_VIDEO_MATRIX_LIMIT,
    videoFrameRateLimit: e.MEDIA_VIDEO_FRAME_RATE_LIMIT,
    videoMaxSeconds: e.MEDIA_VIDEO_MAX_SECONDS,
    ffmpegPath: e.FFMPEG_PATH,
    ffprobePath: e.FFPROBE_PATH,
  };
}

// A secret generated once and kept beside the data, so sessions survive restarts without configuration.
function persistentSecret(dataDir: string): string {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
