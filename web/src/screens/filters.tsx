import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorBox, errorText, FormError, Loading, PageTitle } from '../components/common';
import { api } from '../lib/api';
import type { FilterContext, FilterEntity, FilterKeywordEntity } from '../lib/entities';
import { t } from '../lib/i18n';
import { toast } from '../lib/ui-state';

// Mastodon's v2 filters: https://docs.joinmastodon.org/methods/filters/
const CONTEXTS = ['home', 'notifications', 'public', 'thread', 'account'] as const satisfies readonly FilterContext[];
// The server's Filter has keywords optional (a post's FilterResult leaves them out); /api/v2/filters always sends them.
type Filter = FilterEntity & { keywords: FilterKeywordEntity[] };
/** A keyword row of the form: one not saved yet has no id. */
type Keyword = Omit<FilterKeywordEntity, 'id'> & { id?: string };
/** Seconds; '' never expires; 'keep' (editing only) leaves the expiry as it is. */
const EXPIRIES = ['', '1800', '3600', '21600', '86400', '604800'] as const;

function FilterForm(props: { filter?: Filter; onSaved: (f: Filter) => void; onCancel?: () => void }) {
  const f = props.filter;
  const idp = `filter-${f?.id ?? 'new'}`;
  const [title, setTitle] = useState(f?.title ?? '');
  const [keywords, setKeywords] = useState<Keyword[]>(f?.keywords ?? [{ keyword: '', whole_word: true }]);
  const [removed, setRemoved] = useState<string[]>([]);
  const [context, setContext] = useState<FilterContext[]>(f?.context ?? ['home']);
  const [action, setAction] = useState(f?.filter_action ?? 'warn');
  const [expires, setExpires] = useState(f ? 'keep' : '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  // The edit form replaces the row whose Edit button had the focus: carry the focus into it.
  useEffect(() => {
    if (f) titleRef.current?.focus();
  }, []);

  const setKeyword = (i: number, k: Partial<Keyword>) => setKeywords((old) => old.map((x, j) => (j === i ? { ...x, ...k } : x)));
  const removeKeyword = (i: number) => {
    const id = keywords[i]?.id;
    if (id) setRemoved((old) => [...old, id]);
    setKeywords((old) => old.filter((_, j) => j !== i));
  };
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const keywords_attributes = [
      ...keywords.filter((k) => k.id || k.keyword.trim()).map((k) => ({ id: k.id, keyword: k.keyword, whole_word: k.whole_word })),
      ...removed.map((id) => ({ id, _destroy: true })),
    ];
    const body = { title, context, filter_action: action, keywords_attributes, ...(expires === 'keep' ? {} : { expires_in: expires }) };
    try {
      props.onSaved(await api<Filter>(f ? `/api/v2/filters/${f.id}` : '/api/v2/filters', { method: f ? 'PUT' : 'POST', body }));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card form filter-form" onSubmit={save} aria-labelledby={`${idp}-heading`}>
      <h2 id={`${idp}-heading`}>{f ? t('editFilter', { title: f.title }) : t('newFilter')}</h2>
      <label for={`${idp}-title`}>{t('filterTitle')}</label>
      <input ref={titleRef} id={`${idp}-title`} class="input" required maxLength={256} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      <fieldset>
        <legend>{t('filterKeywords')}</legend>
        {keywords.map((k, i) => (
          <div key={k.id ?? `new-${i}`} class="filter-keyword">
            <label for={`${idp}-kw-${i}`} class="sr-only">
              {t('filterKeyword', { n: i + 1 })}
            </label>
            <input id={`${idp}-kw-${i}`} class="input" maxLength={512} value={k.keyword} onInput={(e) => setKeyword(i, { keyword: e.currentTarget.value })} />
            <label class="checkbox">
              <input type="checkbox" checked={k.whole_word} onChange={(e) => setKeyword(i, { whole_word: e.currentTarget.checked })} /> {t('wholeWord')}
            </label>
            <button type="button" class="btn" aria-label={t('removeKeyword', { keyword: k.keyword || String(i + 1) })} onClick={() => removeKeyword(i)}>
              {t('filterRemoveKeyword')}
            </button>
          </div>
        ))}
        <button type="button" class="btn" onClick={() => setKeywords((old) => [...old, { keyword: '', whole_word: true }])}>
          {t('addKeyword')}
        </button>
      </fieldset>
      <fieldset>
        <legend>{t('filterContexts')}</legend>
        {CONTEXTS.map((c) => (
          <label key={c} class="checkbox">
            <input
              type="checkbox"
              checked={context.includes(c)}
              onChange={(e) => setContext((old) => (e.currentTarget.checked ? [...old, c] : old.filter((x) => x !== c)))}
            />{' '}
            {t(`filterContext_${c}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('filterAction')}</legend>
        {(['warn', 'hide'] as const).map((a) => (
          <label key={a} class="radio">
            <input type="radio" name={`${idp}-action`} value={a} checked={action === a} onChange={() => setAction(a)} /> {t(`filterAction_${a}`)}
          </label>
        ))}
      </fieldset>
      <label for={`${idp}-expires`}>{t('filterExpires')}</label>
      <select id={`${idp}-expires`} class="select" value={expires} onChange={(e) => setExpires(e.currentTarget.value)}>
        {f && <option value="keep">{f.expires_at ? t('filterExpiresKeep', { time: new Date(f.expires_at).toLocaleString() }) : t('filterNever')}</option>}
        {EXPIRIES.map((s) => (
          <option key={s} value={s}>
            {t(`filterExpiry_${s || 'never'}` as 'filterExpiry_never')}
          </option>
        ))}
      </select>
      <FormError error={error} />
      <div class="form-actions">
        {props.onCancel && (
          <button type="button" class="btn" onClick={props.onCancel}>
            {t('cancel')}
          </button>
        )}
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {f ? t('save') : t('createFilter')}
        </button>
      </div>
    </form>
  );
}

function FilterRow(props: { filter: Filter; onEdit: () => void; onDelete: () => void }) {
  const f = props.filter;
  return (
    <li class="card filter-row">
      <h2>{f.title}</h2>
      <p class="muted small">
        {f.context.map((c) => t(`filterContext_${c}`)).join(', ')} · {t(`filterAction_${f.filter_action}`)} ·{' '}
        {f.expires_at ? t('filterExpiresAt', { time: new Date(f.expires_at).toLocaleString() }) : t('filterNever')}
      </p>
      <ul class="filter-keywords" aria-label={t('filterKeywords')}>
        {f.keywords.map((k) => (
          <li key={k.id} class="badge">
            {k.keyword}
            {k.whole_word ? '' : '*'}
          </li>
        ))}
      </ul>
      <div class="form-actions">
        <button type="button" class="btn" onClick={props.onEdit}>
          {t('edit')}
        </button>
        <button type="button" class="btn danger" onClick={props.onDelete}>
          {t('delete')}
        </button>
      </div>
    </li>
  );
}

export function FiltersScreen() {
  const [filters, setFilters] = useState<Filter[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<string | null>(null);
  // Bumped after a creation: a fresh, empty form.
  const [formKey, setFormKey] = useState(0);
  useEffect(() => {
    api<Filter[]>('/api/v2/filters').then(setFilters).catch(setError);
  }, []);

  const remove = async (f: Filter) => {
    if (!confirm(t('confirmDeleteFilter', { title: f.title }))) return;
    try {
      await api(`/api/v2/filters/${f.id}`, { method: 'DELETE' });
      setFilters((old) => (old ?? []).filter((x) => x.id !== f.id));
    } catch (err) {
      toast(errorText(err));
    }
  };

  return (
    <>
      <PageTitle>{t('filters')}</PageTitle>
      <p class="muted">{t('filtersHint')}</p>
      {error !== null && <ErrorBox error={error} />}
      {filters === null && error === null && <Loading />}
      {filters?.length === 0 && <p class="muted">{t('emptyFilters')}</p>}
      <ul class="lists" aria-label={t('filters')}>
        {filters?.map((f) =>
          editing === f.id ? (
            <li key={f.id}>
              <FilterForm
                filter={f}
                onCancel={() => setEditing(null)}
                onSaved={(saved) => {
                  setFilters((old) => (old ?? []).map((x) => (x.id === saved.id ? saved : x)));
                  setEditing(null);
                  toast(t('saved'));
                }}
              />
            </li>
          ) : (
            <FilterRow key={f.id} filter={f} onEdit={() => setEditing(f.id)} onDelete={() => remove(f)} />
          ),
        )}
      </ul>
      <FilterForm
        key={formKey}
        onSaved={(f) => {
          setFilters((old) => [...(old ?? []), f]);
          setFormKey((k) => k + 1);
          toast(t('saved'));
        }}
      />
    </>
  );
}
