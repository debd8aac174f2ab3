import { join } from 'node:path';
import type { Config } from '../../config/config.js';
import { createLocalStorage } from './local.js';
import { type MediaStorage, mediaUrlBase } from './storage.js';

/** The storage MEDIA_STORAGE names: local files under DATA_DIR/media (default) or an S3-compatible bucket. */
export async function createMediaStorage(config: Config): Promise<MediaStorage> {
  if (config.media.storage === 's3') throw new Error('MEDIA_STORAGE=s3 is not available yet: use MEDIA_STORAGE=local');
  return createLocalStorage(join(config.dataDir, 'media'), () => mediaUrlBase(config));
}
