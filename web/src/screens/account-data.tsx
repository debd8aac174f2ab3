import { useEffect, useState } from 'preact/hooks';
import { errorText, FormError, SubmitRow } from '../components/common';
import { ApiError, api } from '../lib/api';
import type { ArchiveEntity, ImportEntity } from '../lib/entities';
import { fullDate, t } from '../lib/i18n';
import { navigate } from '../lib/router';
import { setSession } from '../lib/session';
import { toast } from '../lib/ui-state';

// People's own data on the settings page: an archive of the account, imports of Mastodon's CSV files, and
// deleting the account (the archive offered first).

const POLL_MS = 2_000;
const ARCHIVE_EVERY_MS = 7 * 24 * 60 * 60 * 1000;

function sizeText(bytes: number | null): string {
  if (bytes === null) return '';
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Polls `load` while `pending` says the server is still working on it; stops when the screen goes. */
function usePolled<T>(load: () => Promise<T>, pending: (v: T) => boolean): [T | null, () => void] {
  const [value, setValue] = useState<T | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        const v = await load();
        if (stop) return;
        setValue(v);
        if (pending(v)) timer = setTimeout(run, POLL_MS);
      } catch {
        if (!stop) timer = setTimeout(run, POLL_MS * 5);
      }
    };
    run();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [tick]);
  return [value, () => setTick((n) => n + 1)];
}

export function ArchiveSection() {
  const [archives, reload] = usePolled(
    () => api<ArchiveEntity[]>('/api/v1/tribune/archives'),
    (list) => list.some((a) => a.state === 'pending'),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = archives?.[0];
  // One archive every 7 days (the server's rule): the button waits until then and says so.
  const nextAt = latest && latest.state !== 'failed' ? new Date(Date.parse(latest.created_at) + ARCHIVE_EVERY_MS) : null;
  const waiting = nextAt !== null && nextAt.getTime() > Date.now();
  const request = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('/api/v1/tribune/archives', { method: 'POST' });
      reload();
    } catch (e) {
      setError(e instanceof ApiError && e.status === 429 ? e.message : errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="archive-title">
      <h2 id="archive-title">{t('archiveTitle')}</h2>
      <p class="muted small">{t('archiveHint')}</p>
      <div role="status" aria-live="polite">
        {latest?.state === 'pending' && <p>{t('archivePending')}</p>}
        {latest?.state === 'failed' && <p class="form-error">{t('archiveFailed')}</p>}
        {latest?.state === 'ready' && latest.download_url && (
          <p>
            {t('archiveReady', { date: fullDate(latest.finished_at ?? latest.created_at) })}{' '}
            <a class="btn" href={latest.download_url} download>
              {t('archiveDownload')} ({sizeText(latest.size)})
            </a>
          </p>
        )}
      </div>
      <FormError error={error} />
      <button type="button" class="btn btn-primary" disabled={busy || waiting} onClick={request}>
        {t('archiveRequest')}
      </button>
      {waiting && <p class="muted small">{t('archiveNext', { date: fullDate(nextAt.toISOString()) })}</p>}
    </section>
  );
}

const IMPORT_TYPES = ['following', 'blocking', 'muting', 'lists', 'bookmarks'] as const;

export function ImportSection() {
  const [type, setType] = useState<(typeof IMPORT_TYPES)[number]>('following');
  const [mode, setMode] = useState<'merge' | 'overwrite'>('merge');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [imports, reload] = usePolled(
    () => api<ImportEntity[]>('/api/v1/tribune/imports'),
    (list) => list.some((i) => i.state === 'pending'),
  );
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file) {
      setError(t('importChooseFile'));
      return;
    }
    setBusy(true);
    setError(null);
    const form = new FormData();
    form.set('type', type);
    form.set('mode', mode);
    form.set('data', file);
    try {
      await api('/api/v1/tribune/imports', { body: form });
      reload();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const last = imports?.[0];
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="import-title">
      <h2 id="import-title">{t('importTitle')}</h2>
      <p class="muted small">{t('importHint')}</p>
      <label for="import-type">{t('importType')}</label>
      <select id="import-type" class="select" value={type} onChange={(e) => setType(e.currentTarget.value as typeof type)}>
        {IMPORT_TYPES.map((k) => (
          <option key={k} value={k}>
            {t(`import_${k}`)}
          </option>
        ))}
      </select>
      <fieldset>
        <legend>{t('importMode')}</legend>
        <label class="radio">
          <input type="radio" name="import-mode" checked={mode === 'merge'} onChange={() => setMode('merge')} /> {t('importMerge')}
        </label>
        <label class="radio">
          <input type="radio" name="import-mode" checked={mode === 'overwrite'} onChange={() => setMode('overwrite')} /> {t('importOverwrite')}
        </label>
      </fieldset>
      <label for="import-file">{t('importFile')}</label>
      <input id="import-file" type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
      <FormError error={error} />
      <SubmitRow label={t('importSubmit')} disabled={busy} />
      {last && (
        <div role="status" aria-live="polite" class="import-result">
          {last.state === 'pending' ? (
            <p>{t('importPending', { total: last.total })}</p>
          ) : (
            <p>{t('importDone', { type: t(`import_${last.type}`), imported: last.imported, total: last.total, failed: last.failed })}</p>
          )}
          {last.failures.length > 0 && (
            <ul class="small muted">
              {last.failures.slice(0, 20).map((f) => (
                <li key={`${f.line}-${f.value}`}>{t('importFailure', { line: f.line, value: f.value, reason: f.reason })}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}

export function DeleteAccountSection() {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ purge_after: string }>('/api/v1/tribune/account/delete', { body: { password } });
      // Every token of the account is revoked already: forget this one and leave.
      try {
        localStorage.removeItem('tribune.timeline.home');
      } catch {}
      setSession({ token: null, me: null });
      toast(t('deleteDone', { date: fullDate(res.purge_after) }));
      navigate('/', { replace: true });
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <form class="card form danger-zone" onSubmit={submit} aria-labelledby="delete-title">
      <h2 id="delete-title">{t('deleteTitle')}</h2>
      <p>{t('deleteHint')}</p>
      <p class="muted small">
        {t('deleteArchiveFirst')} <a href="#archive-title">{t('archiveTitle')}</a>
      </p>
      <label for="delete-password">{t('deletePassword')}</label>
      <input
        id="delete-password"
        class="input"
        type="password"
        autocomplete="current-password"
        required
        value={password}
        onInput={(e) => setPassword(e.currentTarget.value)}
      />
      <FormError error={error} />
      <div class="form-actions">
        <button type="submit" class="btn btn-danger" disabled={busy || !password}>
          {t('deleteSubmit')}
        </button>
      </div>
    </form>
  );
}
