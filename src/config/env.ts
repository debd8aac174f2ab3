// The only module that reads process.env: everything else receives a Config.
export type RawEnv = Record<string, string | undefined>;

export const ENV_KEYS = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'DATABASE_URL',
  'PUBLIC_URL',
  'REGISTRATIONS',
  'MAX_POST_CHARS',
  'SECRET_KEY',
  'REDIS_URL',
  'TRUSTED_PROXIES',
  'LOG_LEVEL',
  'LOG_REQUESTS',
  'METRICS_TOKEN',
  'SHUTDOWN_TIMEOUT_S',
  'INSTANCE_TITLE',
  'INSTANCE_DESCRIPTION',
  'CONTACT_EMAIL',
  'MODERATION_REVIEW_THRESHOLD',
  'MODERATION_REFUSE_THRESHOLD',
  'MODERATION_THRESHOLDS',
  'MODERATION_CLASSIFIER',
  'STRIKES_TO_SUSPEND',
  'SHIELD',
  'SHIELD_LIMIT_SCALE',
  'SHIELD_POW_DIFFICULTY',
  'SHIELD_ATTACK_DELAY_MS',
  'SHIELD_MAX_SOCKETS_PER_ADDRESS',
  'HOME_CACHE_MB',
  'FANOUT_ON_READ_FOLLOWERS',
  'FANOUT_CHUNK',
  'PDQ_MATCH_DISTANCE',
  'PDQ_QUALITY_THRESHOLD',
  'TRANSLATION_URL',
  'TRANSLATION_API_KEY',
  'FFMPEG_PATH',
  'FFPROBE_PATH',
] as const;

export function readEnv(source: NodeJS.ProcessEnv = process.env): RawEnv {
  const env: RawEnv = {};
  for (const key of ENV_KEYS) env[key] = source[key];
  return env;
}
