import type { PreviewCardEntity } from '../lib/entities';

function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/**
 * A link preview under a post (Mastodon's PreviewCard): image, provider, title, description, the whole card a
 * link. The image comes straight from the linked site (Tribune does not proxy it yet): no referrer is sent.
 */
export function PreviewCardView(props: { card: PreviewCardEntity }) {
  const { card } = props;
  return (
    <a class={`preview-card${card.image ? ' has-image' : ''}`} href={card.url} target="_blank" rel="noopener nofollow noreferrer" data-external>
      {card.image && (
        <img src={card.image} alt="" loading="lazy" referrerpolicy="no-referrer" width={card.width || undefined} height={card.height || undefined} />
      )}
      <span class="preview-card-text">
        <span class="preview-card-provider muted small">{card.provider_name || hostOf(card.url)}</span>
        <strong class="preview-card-title" lang={card.language ?? undefined}>
          {card.title}
        </strong>
        {card.description && (
          <span class="preview-card-description muted small" lang={card.language ?? undefined}>
            {card.description}
          </span>
        )}
      </span>
    </a>
  );
}
