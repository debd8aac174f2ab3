// The composer's attachments: uploads with progress, "Processing…" while the server works, the server's refusal on
// the thumbnail, alt text in a dialog (saved with PUT), and a badge where alt text is missing.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../lib/api';
import type { MediaEntity } from '../lib/entities';
import { t } from '../lib/i18n';
import { admitFiles, kindOfEntity, kindOfMime, type MediaKind, type MediaLimits, type Refusal, type UploadState } from '../lib/media-rules';
import { uploadFile, waitProcessed } from '../lib/upload';
import { errorText, Icon } from './common';
import { Modal } from './modal';

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

function Thumb(props: { d: Draft }) {
  const { d } = props;
  // A refused file may not be a picture at all: a sign rather than a broken image.
  if (d.state === 'failed')
    return (
      <span class="compose-thumb-blank thumb-failed" aria-hidden="true">
        <Icon name="alert" size={28} />
      </span>
    );
  if (!d.preview) return <span class="compose-thumb-blank" aria-hidden="true" />;
  // A local video shows its first frame; the server's poster replaces it once processed.
  if (d.kind === 'video' && d.preview.startsWith('blob:'))
    return <video class="compose-thumb" src={d.preview} muted preload="metadata" aria-hidden="true" tabIndex={-1} />;
  if (d.kind === 'audio') return <span class="compose-thumb-blank" aria-hidden="true" />;
  return <img class="compose-thumb" src={d.preview} alt="" />;
}

function Status(props: { d: Draft }) {
  const { d } = props;
  if (d.state === 'uploading') {
    const pct = Math.round(d.progress * 100);
    return (
      <span class="upload-status">
        <progress max={100} value={pct} aria-label={t('uploadingFile', { file: d.name })} />
        <span class="muted small">{t('uploadingPct', { n: pct })}</span>
      </span>
    );
  }
  if (d.state === 'processing') {
    const done = d.processed === undefined ? null : Math.round(d.processed * 100);
    return (
      <span class="upload-status">
        {done === null ? (
          <progress aria-label={t('processingFile', { file: d.name })} />
        ) : (
          <progress max={100} value={done} aria-label={t('processingFile', { file: d.name })} />
        )}
        <span class="muted small">{done === null ? t('processing') : t('processingPct', { n: done })}</span>
      </span>
    );
  }
  if (d.state === 'failed')
    return (
      <span class="form-error upload-error" role="alert">
        {t('uploadFailed', { file: d.name })} {d.error}
      </span>
    );
  return null;
}

/** The thumbnails of the composer's attachments, with their state and buttons. */
export function AttachmentList(props: { att: Attachments; limits: MediaLimits | null; idPrefix: string }) {
  const { att } = props;
  const current = att.drafts.find((d) => d.key === att.editing) ?? null;
  if (att.drafts.length === 0 && att.notices.length === 0) return null;
  return (
    <>
      {att.notices.length > 0 && (
        <ul class="form-error media-notices" role="alert">
          {att.notices.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {att.drafts.length > 0 && (
        <ul class="compose-media" aria-label={t('attachments')}>
          {att.drafts.map((d, i) => {
            const noAlt = d.description.trim() === '' && d.kind !== 'audio';
            const canDescribe = d.state !== 'failed' && !d.existing;
            return (
              <li key={d.key} class={`compose-media-item state-${d.state}`}>
                <span class="compose-thumb-box">
                  <Thumb d={d} />
                  {noAlt && d.state !== 'failed' && (
                    <span class="alt-missing" title={t('altMissing')}>
                      {t('altMissingBadge')}
                    </span>
                  )}
                </span>
                <div class="compose-media-fields">
                  <span class="sr-only">{t('attachmentN', { n: i + 1, file: d.name })}</span>
                  <Status d={d} />
                  {d.state !== 'failed' && <span class={`small alt-preview${noAlt ? ' muted' : ''}`}>{noAlt ? t('altMissing') : d.description}</span>}
                  <span class="compose-media-buttons">
                    {canDescribe && (
                      <button
                        type="button"
                        class="btn-small"
                        onClick={() => att.setEditing(d.key)}
                        aria-label={`${noAlt ? t('addAlt') : t('editAlt')}, ${d.name}`}
                      >
                        {noAlt ? t('addAlt') : t('editAlt')}
                      </button>
                    )}
                    {d.state === 'failed' && d.retriable && d.file && (
                      <button type="button" class="btn-small" onClick={() => att.retry(d.key)} aria-label={`${t('retry')}, ${d.name}`}>
                        {t('retry')}
                      </button>
                    )}
                    <button type="button" class="btn-small" onClick={() => att.remove(d.key)} aria-label={`${t('removeMedia')}, ${d.name}`}>
                      {t('removeMedia')}
                    </button>
                  </span>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {current && (
        <AltTextDialog
          draft={current}
          limit={props.limits?.descriptionLimit ?? 1500}
          id={`${props.idPrefix}-alt`}
          onSave={(text) => att.describe(current.key, text)}
          onClose={() => {
            att.setEditing(null);
            // Opened from the reminder, which goes once all have alt text: the focus goes on to Post.
            requestAnimationFrame(() => {
              if (!document.activeElement || document.activeElement === document.body) document.getElementById(`${props.idPrefix}-post`)?.focus();
            });
          }}
        />
      )}
    </>
  );
}

/** Alt text for one attachment: the picture beside a text box, saved with PUT /api/v1/media/:id. */
function AltTextDialog(props: { draft: Draft; limit: number; id: string; onSave: (text: string) => Promise<void>; onClose: () => void }) {
  const [text, setText] = useState(props.draft.description);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const left = props.limit - [...text].length;
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await props.onSave(text.trim());
      props.onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal title={t('altTitle')} onClose={props.onClose}>
      <div class="alt-editor">
        <span class="alt-editor-preview">
          <Thumb d={props.draft} />
        </span>
        <label for={props.id}>{t('altText')}</label>
        <textarea
          id={props.id}
          class="input"
          rows={5}
          maxLength={props.limit}
          value={text}
          data-autofocus=""
          aria-describedby={`${props.id}-hint ${props.id}-count`}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <p id={`${props.id}-hint`} class="muted small">
          {t('altHint')}
        </p>
        <p id={`${props.id}-count`} class={`counter small${left < 50 ? ' near' : ''}`}>
          {t('charsLeft', { n: left })}
        </p>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <div class="form-actions">
          <button type="button" class="btn" onClick={props.onClose}>
            {t('cancel')}
          </button>
          <button type="button" class="btn btn-primary" disabled={saving} onClick={save}>
            {t('save')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
