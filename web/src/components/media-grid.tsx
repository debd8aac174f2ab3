// A post's attachments: 1 to 4 in a grid, each over its blurhash while it loads; hidden behind the blurhash with a
// "Sensitive content" button when the post is sensitive or has a content warning; a click opens the viewer.
import { decode, isBlurhashValid } from 'blurhash';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { MediaEntity } from '../lib/entities';
import { t } from '../lib/i18n';
import { focusPosition } from '../lib/media-rules';
import { Icon } from './common';
import { MediaViewer } from './media-viewer';

interface MetaPart {
  width?: number;
  height?: number;
  aspect?: number;
}
/** The parts of Mastodon's `meta` the grid reads. */
export interface MediaMeta {
  original?: MetaPart;
  small?: MetaPart;
  focus?: { x?: number; y?: number };
}

export const metaOf = (m: MediaEntity): MediaMeta => (m.meta && typeof m.meta === 'object' ? (m.meta as MediaMeta) : {});

function aspectOf(m: MediaEntity): number | null {
  const meta = metaOf(m);
  const part = meta.small ?? meta.original;
  const a = part?.aspect ?? (part?.width && part?.height ? part.width / part.height : null);
  return a && Number.isFinite(a) ? a : null;
}

/** The blurhash drawn into a 32x32 canvas that CSS stretches: the colours of the picture before it arrives. */
export function Blurhash(props: { hash: string | null }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas || !props.hash || !isBlurhashValid(props.hash).result) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(32, 32);
    image.data.set(decode(props.hash, 32, 32));
    ctx.putImageData(image, 0, 0);
  }, [props.hash]);
  return <canvas ref={ref} class="blurhash" width={32} height={32} aria-hidden="true" tabIndex={-1} />;
}

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

function Tile(props: { m: MediaEntity; hidden: boolean; onOpen: () => void }) {
  const { m } = props;
  const [loaded, setLoaded] = useState(false);
  const position = focusPosition(metaOf(m).focus);
  const style = position ? { objectPosition: position } : undefined;
  const desc = m.description?.trim() || '';
  let body = null;
  if (!props.hidden && m.url) {
    if (m.type === 'image') {
      body = (
        <button type="button" class="media-open" onClick={props.onOpen}>
          <img
            src={m.preview_url ?? m.url}
            alt={desc || t('noAltText')}
            loading="lazy"
            style={style}
            class={loaded ? 'loaded' : ''}
            onLoad={() => setLoaded(true)}
          />
        </button>
      );
    } else if (m.type === 'gifv') {
      // A gifv is a silent looping MP4; it only moves by itself for people who have not asked for less motion.
      const still = reducedMotion();
      body = (
        <button type="button" class="media-open" onClick={props.onOpen} aria-label={desc || t('gifNoAlt')}>
          <video
            src={m.url}
            poster={m.preview_url ?? undefined}
            autoplay={!still}
            muted
            loop
            playsInline
            style={style}
            class="loaded"
            aria-hidden="true"
            tabIndex={-1}
          />
          <span class="media-badge" aria-hidden="true">
            GIF
          </span>
        </button>
      );
    } else if (m.type === 'video') {
      body = (
        // biome-ignore lint/a11y/useMediaCaption: uploads carry no captions track; the description names it
        <video src={m.url} poster={m.preview_url ?? undefined} controls preload="none" playsInline class="loaded" aria-label={desc || t('video')} />
      );
    } else if (m.type === 'audio') {
      // biome-ignore lint/a11y/useMediaCaption: uploads carry no captions track; the description names it
      body = <audio src={m.url} controls preload="none" aria-label={desc || t('audio')} />;
    } else {
      body = (
        <a class="media-file" href={m.url} target="_blank" rel="noopener">
          {desc || t('openOriginal')}
        </a>
      );
    }
  }
  return (
    <div class={`media-tile media-${m.type}`}>
      <Blurhash hash={m.blurhash} />
      {body}
    </div>
  );
}

export function MediaGrid(props: { media: MediaEntity[]; sensitive: boolean }) {
  const media = props.media.slice(0, 4);
  const [shown, setShown] = useState(!props.sensitive);
  useEffect(() => setShown(!props.sensitive), [props.sensitive]);
  const [viewing, setViewing] = useState<number | null>(null);
  const n = media.length;
  if (n === 0) return null;
  const single = n === 1 ? aspectOf(media[0]!) : null;
  // One attachment keeps its shape (within reason); 2 to 4 share a 16:9 box, as in Mastodon.
  const style = single ? { aspectRatio: String(Math.min(2, Math.max(0.75, single))) } : undefined;
  return (
    <div class={`media-grid media-${n}${shown ? '' : ' media-covered'}`} style={style}>
      {media.map((m, i) => (
        <Tile key={m.id} m={m} hidden={!shown} onOpen={() => setViewing(i)} />
      ))}
      {!shown && (
        <button type="button" class="media-reveal" onClick={() => setShown(true)}>
          <strong>{t('sensitiveContent')}</strong>
          <span>{t('sensitiveShow')}</span>
        </button>
      )}
      {shown && props.sensitive && (
        <button type="button" class="media-hide" aria-label={t('hideMedia')} title={t('hideMedia')} onClick={() => setShown(false)}>
          <Icon name="eyeOff" />
        </button>
      )}
      {viewing !== null && <MediaViewer media={media} start={viewing} onClose={() => setViewing(null)} />}
    </div>
  );
}
