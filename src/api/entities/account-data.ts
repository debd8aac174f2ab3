import type { ImportRow } from '../../domain/account-data/account-data.store.js';
import type { ArchiveView } from '../../domain/account-data/archive.service.js';
import type { ImportFailure } from '../../domain/account-data/imports.service.js';

// Tribune's own entities (Mastodon's client API has no archives nor imports; its web settings do).

export interface ArchiveEntity {
  id: string;
  state: 'pending' | 'ready' | 'failed';
  size: number | null;
  created_at: string;
  finished_at: string | null;
  /** A link that works for an hour, only for the owner it was given to; null until the archive is ready. */
  download_url: string | null;
}

export interface ImportEntity {
  id: string;
  type: ImportRow['type'];
  mode: ImportRow['mode'];
  state: ImportRow['state'];
  total: number;
  imported: number;
  failed: number;
  failures: ImportFailure[];
  created_at: string;
  finished_at: string | null;
}

export function serializeArchive(a: ArchiveView): ArchiveEntity {
  return { id: a.id, state: a.state, size: a.size, created_at: a.created_at, finished_at: a.finished_at, download_url: a.downloadUrl };
}

export function serializeImport(i: ImportRow): ImportEntity {
  return {
    id: i.id,
    type: i.type,
    mode: i.mode,
    state: i.state,
    total: i.total,
    imported: i.imported,
    failed: i.failed,
    failures: JSON.parse(i.failures) as ImportFailure[],
    created_at: i.created_at,
    finished_at: i.finished_at,
  };
}
