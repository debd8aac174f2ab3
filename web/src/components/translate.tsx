import { useState } from 'preact/hooks';
import { api } from '../lib/api';
import { emojifyHtml } from '../lib/emojify';
import type { StatusEntity, TranslationEntity } from '../lib/entities';
import { getLang, t } from '../lib/i18n';
import { getMe } from '../lib/session';
import { useUi } from '../lib/ui-state';
import { errorText } from './common';

// A post's text, with "Translate" when the instance translates (configuration.translation.enabled) and the post is
// in another language than the app's: POST /api/v1/statuses/:id/translate, then "Show original" to go back, as in
// Mastodon's web app. Only public and unlisted posts can be translated (the server refuses the others).

const base = (lang: string) => lang.split(/[-_]/)[0]!.toLowerCase();

function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([getLang()], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function StatusText(props: { status: StatusEntity }) {
  const s = props.status;
  const ui = useUi();
  const [translation, setTranslation] = useState<TranslationEntity | null>(null);
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const lang = getLang();
  const translatable =
    ui.translation &&
    !!getMe() &&
    (s.visibility === 'public' || s.visibility === 'unlisted') &&
    !!s.language &&
    base(s.language) !== lang &&
    s.content.trim() !== '';

  const translate = async () => {
    if (translation && translation.language === lang) return setShown(true);
    setBusy(true);
    setError(null);
    try {
      setTranslation(await api<TranslationEntity>(`/api/v1/statuses/${s.id}/translate`, { method: 'POST', body: { lang } }));
      setShown(true);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const showing = shown && translation;
  return (
    <>
      {/* Content is sanitised HTML from the API (the translation too: the server sanitises what the service answers). */}
      <div
        class="status-content"
        lang={showing ? translation.language : (s.language ?? undefined)}
        dangerouslySetInnerHTML={{ __html: emojifyHtml(showing ? translation.content : s.content, s.emojis) }}
      />
      {translatable && (
        <p class="translate-row small">
          {showing && (
            <span class="muted">
              {t('translatedFrom', { lang: languageName(s.language ?? translation.detected_source_language ?? ''), provider: translation.provider })}{' '}
            </span>
          )}
          <button type="button" class="link-button" disabled={busy} onClick={() => (showing ? setShown(false) : translate())}>
            {showing ? t('showOriginal') : busy ? t('translating') : t('translate')}
          </button>
          {error && (
            <span class="form-error" role="alert">
              {' '}
              {error}
            </span>
          )}
        </p>
      )}
    </>
  );
}
