import { useEffect, useState } from 'preact/hooks';
import { errorText, FormError, SubmitRow } from '../components/common';
import { api } from '../lib/api';
import { t } from '../lib/i18n';
import { toast } from '../lib/ui-state';

// Moving here from another account (Mastodon's "Moving from a different account"): the accounts this one says it
// also is. The old account can then move here (/api/v1/tribune/account/move on its server, or Mastodon's settings).

interface Alias {
  id: string;
  uri: string;
  created_at: string;
}

export function AliasesSection() {
  const [aliases, setAliases] = useState<Alias[] | null>(null);
  const [acct, setAcct] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<Alias[]>('/api/v1/tribune/aliases')
      .then(setAliases)
      .catch((err) => setError(errorText(err)));
  }, []);
  const change = async (method: 'POST' | 'DELETE', value: string) => {
    setBusy(true);
    setError(null);
    try {
      setAliases(await api<Alias[]>('/api/v1/tribune/aliases', { method, body: { acct: value } }));
      if (method === 'POST') {
        setAcct('');
        toast(t('aliasAdded'));
      }
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="card form"
      aria-labelledby="aliases-title"
      onSubmit={(e) => {
        e.preventDefault();
        void change('POST', acct.trim());
      }}
    >
      <h2 id="aliases-title">{t('aliasesTitle')}</h2>
      <p class="muted small">{t('aliasesHint')}</p>
      {aliases && aliases.length === 0 && <p class="muted">{t('aliasesNone')}</p>}
      {aliases && aliases.length > 0 && (
        <ul class="link-list" aria-label={t('aliasesTitle')}>
          {aliases.map((a) => (
            <li key={a.id}>
              <span>{a.uri}</span>{' '}
              <button type="button" class="btn btn-small" disabled={busy} onClick={() => void change('DELETE', a.uri)}>
                {t('aliasRemove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <label for="alias-acct">{t('aliasAccount')}</label>
      <input
        id="alias-acct"
        class="input"
        required
        placeholder="name@old.example"
        autocomplete="off"
        value={acct}
        onInput={(e) => setAcct(e.currentTarget.value)}
      />
      <FormError error={error} />
      <SubmitRow label={t('aliasAdd')} disabled={busy} />
    </form>
  );
}
