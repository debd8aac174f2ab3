import { join } from 'node:path';
import type { Config } from '../../config/config.js';
import { createLocalStorage } from './local.js';
import { createS3Storage } from './s3.js';
import type { MediaStorage } from './storage.js';

/** The storage MEDIA_STORAGE names: local files under DATA_DIR/media (default) or an S3-compatible bucket. */
export async function createMediaStorage(config: Config): Promise<MediaStorage> {
  if (config.media.storage === 's3') {
    // config.media.s3 is there: loadConfig refuses MEDIA_STORAGE=s3 without S3_BUCKET.
    const s3 = config.media.s3!;
    return createS3Storage(s3);
  }
  return createLocalStorage(join(config.dataDir, 'media'));
}
