import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../lib/api';
import type { MediaEntity } from '../lib/entities';
import { t } from '../lib/i18n';
import { admitFiles, kindOfEntity, kindOfMime, type MediaKind, type MediaLimits, type Refusal, type UploadState } from '../lib/media-rules';
import { uploadFile, waitProcessed } from '../lib/upload';
import { errorText } from './common';

// The state of the composer's attachments: uploads with progress, waiting while the server processes them, refusals,
// and alt text saved with PUT /api/v1/media/:id. compose-media.tsx draws it.

export interface Draft {
  key: string;
  kind: MediaKind;
  name: string;
  /** What the thumbnail shows: a blob: URL of the chosen file, or the server's preview. */
  preview: string | null;
  id: string | null;
  state: UploadState;
  progress: number;
  /** How far the server's processing is (0-1), when it says. */
  processed?: number;
  error: string | null;
  /** A failure that trying again may mend (the connection, the server busy), not a refusal of the file. */
  retriable: boolean;
  description: string;
  /** The description the server has. */
  saved: string;
  file: File | null;
  /** Already in the post being edited: its alt text cannot change through PUT /api/v1/media/:id (a 404, as Mastodon). */
  existing: boolean;
}

let seq = 0;

function fromEntity(m: MediaEntity, i: number): Draft {
  const d = m.description ?? '';
  return {
    key: `m${++seq}`,
    kind: kindOfEntity(m.type),
    // What the buttons name it by: its alt text, else its place.
    name: d.trim().slice(0, 60) || t('existingAttachment', { n: i + 1 }),
    preview: m.preview_url,
    id: m.id,
    state: 'ready',
    progress: 1,
    error: null,
    retriable: false,
    description: d,
    saved: d,
    file: null,
    existing: true,
  };
}

function refusalText(r: Refusal): string {
  if (r.reason === 'type') return t('mediaRefusedType', { file: r.file });
  if (r.reason === 'size') return t('mediaRefusedSize', { file: r.file, mb: r.limitMb });
  if (r.reason === 'count') return t('mediaRefusedCount', { file: r.file, max: r.max });
  return t('mediaRefusedAlone', { file: r.file });
}

/** The attachments of one composer; `initial` are those of a post being edited (kept unless removed). */
export function useAttachments(initial: MediaEntity[], limits: MediaLimits | null) {
  const [drafts, setDrafts] = useState<Draft[]>(() => initial.map(fromEntity));
  const [notices, setNotices] = useState<string[]>([]);
  // The attachment whose alt text dialog is open.
  const [editing, setEditing] = useState<string | null>(null);
  const running = useRef(new Map<string, () => void>());
  const blobs = useRef(new Set<string>());
  const initialIds = useRef(initial.map((m) => m.id));

  useEffect(
    () => () => {
      for (const stop of running.current.values()) stop();
      for (const url of blobs.current) URL.revokeObjectURL(url);
    },
    [],
  );

  const patch = (key: string, p: Partial<Draft>) => setDrafts((list) => list.map((d) => (d.key === key ? { ...d, ...p } : d)));

  const start = (key: string, file: File) => {
    const up = uploadFile(file, (progress) => patch(key, { progress }));
    const ctrl = new AbortController();
    running.current.set(key, () => {
      up.abort();
      ctrl.abort();
    });
    up.done
      .then(async (m) => {
        patch(key, { id: m.id, state: m.url ? 'ready' : 'processing', progress: 1 });
        const ready = m.url ? m : await waitProcessed(m.id, ctrl.signal, (processed) => patch(key, { processed }));
        // A video's thumbnail becomes the server's poster frame once it is made.
        patch(key, { state: 'ready', ...(ready.preview_url && kindOfMime(file.type) !== 'image' ? { preview: ready.preview_url } : {}) });
      })
      .catch((err) => {
        if (ctrl.signal.aborted) return;
        const retriable = !(err instanceof ApiError) || err.status === 0 || err.status === 429 || err.status >= 500;
        patch(key, { state: 'failed', error: errorText(err), retriable });
      })
      .finally(() => running.current.delete(key));
  };

  const add = (files: File[]) => {
    if (!limits || files.length === 0) return;
    const { accepted, refused } = admitFiles(
      drafts.map((d) => d.kind),
      files,
      limits,
    );
    setNotices(refused.map(refusalText));
    const added = accepted.map((file): Draft => {
      const kind = kindOfMime(file.type);
      const preview = URL.createObjectURL(file);
      blobs.current.add(preview);
      return {
        key: `m${++seq}`,
        kind,
        name: file.name,
        preview,
        id: null,
        state: 'uploading',
        progress: 0,
        error: null,
        retriable: false,
        description: '',
        saved: '',
        file,
        existing: false,
      };
    });
    setDrafts((list) => [...list, ...added]);
    for (const d of added) start(d.key, d.file!);
  };

  const remove = (key: string) => {
    const d = drafts.find((x) => x.key === key);
    running.current.get(key)?.();
    setDrafts((list) => list.filter((x) => x.key !== key));
    setNotices([]);
    // An upload nothing uses any more; one already in the edited post goes when the edit is saved.
    if (d?.id && !initialIds.current.includes(d.id)) api(`/api/v1/media/${d.id}`, { method: 'DELETE' }).catch(() => {});
  };

  const retry = (key: string) => {
    const d = drafts.find((x) => x.key === key);
    if (!d?.file) return;
    patch(key, { state: 'uploading', progress: 0, error: null, id: null });
    start(key, d.file);
  };

  /** Saves alt text now when the upload has an id; otherwise `syncDescriptions` sends it before posting. */
  const describe = async (key: string, description: string) => {
    const d = drafts.find((x) => x.key === key);
    if (d?.id && description !== d.saved) await api(`/api/v1/media/${d.id}`, { method: 'PUT', body: { description } });
    patch(key, { description, ...(d?.id ? { saved: description } : {}) });
  };

  const syncDescriptions = async () => {
    for (const d of drafts) {
      if (d.id && d.description !== d.saved) {
        await api(`/api/v1/media/${d.id}`, { method: 'PUT', body: { description: d.description } });
        patch(d.key, { saved: d.description });
      }
    }
  };

  const changed = () => drafts.map((d) => d.id).join() !== initialIds.current.join();

  const clear = () => {
    setDrafts([]);
    setNotices([]);
  };

  return { drafts, notices, editing, setEditing, add, remove, retry, describe, syncDescriptions, changed, clear };
}

export type Attachments = ReturnType<typeof useAttachments>;
