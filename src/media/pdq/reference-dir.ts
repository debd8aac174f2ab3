import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the PDQ reference images and hashes are (shared/pdq beside the repository, as on the development machine
 * and CI), or null when absent: the tests that need them are skipped then.
 */
export const PDQ_REFERENCE: string | null =
  [join(import.meta.dirname, '../../../../shared/pdq'), '/work/shared/pdq'].find((dir) => existsSync(join(dir, 'SOURCE.md'))) ?? null;

/** The reference images folder (images/pdq/data), or a path that does not exist when the references are absent. */
export const PDQ_IMAGES = join(PDQ_REFERENCE ?? '/nonexistent-pdq-reference', 'images/pdq/data');
