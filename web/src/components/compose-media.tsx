// The composer's attachments as drawn: thumbnails with upload progress, "Processing…" while the server works, the
// server's refusal on the thumbnail, alt text in a dialog, and a badge where alt text is missing (state: compose-attachments.ts).
import { useState } from 'preact/hooks';
import { t } from '../lib/i18n';
import type { MediaLimits } from '../lib/media-rules';
import { errorText, Icon } from './common';
import type { Attachments, Draft } from './compose-attachments';
import { Modal } from './modal';

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
