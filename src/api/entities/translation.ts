import type { StatusTranslation } from '../../domain/translation/translation.service.js';

/** Mastodon's Translation: https://docs.joinmastodon.org/entities/Translation/ (media descriptions are not translated). */
export function serializeTranslation(t: StatusTranslation) {
  const options = t.row.poll_options ? (JSON.parse(t.row.poll_options) as string[]) : null;
  return {
    content: t.row.content,
    spoiler_text: t.row.spoiler_text,
    poll: t.pollId && options ? { id: t.pollId, options: options.map((title) => ({ title })) } : null,
    media_attachments: [],
    detected_source_language: t.row.detected_source_language,
    language: t.row.language,
    provider: t.row.provider,
  };
}
