// The full-screen viewer: a native modal dialog (the page behind is inert, so focus stays inside), Escape closes,
// the arrow keys and a swipe move between attachments, the alt text is shown under the picture, and focus goes
// back to the thumbnail that opened it.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { MediaEntity } from '../lib/entities';
import { t } from '../lib/i18n';
import { Icon } from './common';

export function MediaViewer(props: { media: MediaEntity[]; start: number; onClose: () => void }) {
  const { media } = props;
  const [i, setI] = useState(props.start);
  const ref = useRef<HTMLDialogElement>(null);
  const swipe = useRef<{ x: number; y: number } | null>(null);
  const total = media.length;
  const m = media[i]!;
  const go = (d: number) => setI((n) => (n + d + total) % total);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const before = document.activeElement as HTMLElement | null;
    if (!el.open) el.showModal();
    el.querySelector<HTMLElement>('.viewer-close')?.focus();
    return () => before?.focus?.();
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (total < 2 || (e.target as HTMLElement).closest('video, audio')) return;
    if (e.key === 'ArrowRight') go(1);
    else if (e.key === 'ArrowLeft') go(-1);
    else return;
    e.preventDefault();
  };

  const onPointerDown = (e: PointerEvent) => {
    if (e.pointerType !== 'mouse') swipe.current = { x: e.clientX, y: e.clientY };
  };
  const onPointerUp = (e: PointerEvent) => {
    const start = swipe.current;
    swipe.current = null;
    if (!start) return;
    const dx = e.clientX - start.x;
    const dy = e.clientY - start.y;
    if (Math.abs(dx) > 50 && Math.abs(dx) > Math.abs(dy) && total > 1) go(dx < 0 ? 1 : -1);
    else if (dy > 100 && Math.abs(dy) > Math.abs(dx)) props.onClose();
  };

  const desc = m.description?.trim() || '';
  const url = m.url ?? undefined;
  let view = null;
  if (m.type === 'image') view = <img src={url} alt={desc || t('noAltText')} />;
  else if (m.type === 'gifv')
    view = <video src={url} poster={m.preview_url ?? undefined} autoplay muted loop playsInline controls aria-label={desc || t('gifNoAlt')} />;
  // biome-ignore lint/a11y/useMediaCaption: uploads carry no captions track; the description names it
  else if (m.type === 'video') view = <video src={url} poster={m.preview_url ?? undefined} autoplay controls playsInline aria-label={desc || t('video')} />;
  // biome-ignore lint/a11y/useMediaCaption: uploads carry no captions track; the description names it
  else if (m.type === 'audio') view = <audio src={url} autoplay controls aria-label={desc || t('audio')} />;

  return (
    <dialog
      ref={ref}
      class="viewer"
      aria-label={t('viewerTitle', { n: i + 1, total })}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
      onKeyDown={onKeyDown}
      onClick={(e) => {
        const target = e.target as HTMLElement;
        if (target === ref.current || target.classList.contains('viewer-stage')) props.onClose();
      }}
    >
      <div class="viewer-bar">
        <span class="viewer-count" aria-hidden={total < 2}>
          {total > 1 ? `${i + 1} / ${total}` : ''}
        </span>
        {url && (
          <a class="viewer-original" href={url} target="_blank" rel="noopener">
            {t('openOriginal')}
          </a>
        )}
        <button type="button" class="viewer-close" aria-label={t('close')} title={t('close')} onClick={props.onClose}>
          <Icon name="close" size={24} />
        </button>
      </div>
      <div class="viewer-stage" onPointerDown={onPointerDown} onPointerUp={onPointerUp} onPointerCancel={() => (swipe.current = null)}>
        {view}
      </div>
      {total > 1 && (
        <>
          <button type="button" class="viewer-nav viewer-prev" aria-label={t('previousMedia')} onClick={() => go(-1)}>
            <Icon name="chevronLeft" size={28} />
          </button>
          <button type="button" class="viewer-nav viewer-next" aria-label={t('nextMedia')} onClick={() => go(1)}>
            <Icon name="chevronRight" size={28} />
          </button>
        </>
      )}
      <div class="viewer-alt" aria-live="polite">
        {desc ? (
          <p>
            <span class="alt-label">{t('altLabel')}</span> {desc}
          </p>
        ) : (
          <p class="viewer-no-alt">{t('noAltText')}</p>
        )}
      </div>
    </dialog>
  );
}
