import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { BackupConfig } from '../config/config.js';
import { createS3Target } from './s3-target.js';
import { BACKUP_NAME, type BackupTarget, isTargetName, parseS3Url } from './target.js';

/** BACKUP_TARGET as a target; `dataDir` holds the staging directory of uploads to a bucket. */
export async function openTarget(target: string, s3: BackupConfig['s3'], dataDir: string): Promise<BackupTarget> {
  const url = parseS3Url(target);
  if (url) {
    const staging = join(dataDir, '.backup-staging');
    mkdirSync(staging, { recursive: true, mode: 0o700 });
    return createS3Target({ ...s3, bucket: url.bucket, prefix: url.key && !url.key.endsWith('/') ? `${url.key}/` : url.key, staging });
  }
  return createDirTarget(resolve(target));
}

export function createDirTarget(dir: string): BackupTarget {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pathOf = (name: string) => {
    if (!isTargetName(name)) throw new Error(`not a backup name: ${name}`);
    return join(dir, name);
  };
  return {
    where: `${dir}/`,
    staging: dir,
    async store(name, path) {
      if (resolve(path) !== pathOf(name)) renameSync(path, pathOf(name));
    },
    async list(pattern = BACKUP_NAME) {
      return readdirSync(dir)
        .filter((n) => pattern.test(n))
        .sort()
        .map((name) => ({ name, bytes: statSync(join(dir, name)).size }));
    },
    async open(name) {
      const path = pathOf(name);
      if (!existsSync(path)) throw new Error(`${path}: no such backup`);
      return createReadStream(path);
    },
    async remove(name) {
      rmSync(pathOf(name), { force: true });
    },
    close() {},
  };
}

/** A backup file named by its path: its directory as the target (for `tribune restore DIR/FILE`). */
export function fileTarget(path: string): { target: BackupTarget; name: string } {
  const full = resolve(path);
  const target = createDirTarget(dirname(full));
  const name = basename(full);
  return { target: { ...target, open: async () => createReadStream(full) }, name };
}
