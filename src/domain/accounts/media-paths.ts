import { join, normalize, sep } from 'node:path';
import type { Infra } from '../../infra/infra.js';

// Profile images live under DATA_DIR/media/accounts/... and are served at /system/accounts/...

export const MEDIA_PREFIX = '/system/';

/** The public URL of a stored file path (relative to DATA_DIR/media). */
export function mediaUrl(ctx: Pick<Infra, 'config'>, relativePath: string): string {
  return `${ctx.config.publicUrl}${MEDIA_PREFIX}${relativePath}`;
}

/** The absolute file for a relative path, or null if it would escape the media directory. */
export function mediaFile(ctx: Pick<Infra, 'config'>, relativePath: string): string | null {
  const root = join(ctx.config.dataDir, 'media');
  const full = normalize(join(root, relativePath));
  return full.startsWith(root + sep) ? full : null;
}

export function missingAvatarUrl(ctx: Pick<Infra, 'config'>): string {
  return `${ctx.config.publicUrl}/avatars/original/missing.png`;
}

export function missingHeaderUrl(ctx: Pick<Infra, 'config'>): string {
  return `${ctx.config.publicUrl}/headers/original/missing.png`;
}
