import { useEffect, useState } from 'preact/hooks';
import { AccountRow } from '../components/account';
import { ErrorBox, errorText, Loading, PageTitle } from '../components/common';
import { liveStatuses, StatusList } from '../components/timeline';
import { api } from '../lib/api';
import type { AccountEntity, ListEntity } from '../lib/entities';
import { t } from '../lib/i18n';
import { toast } from '../lib/ui-state';

// Mastodon's lists: https://docs.joinmastodon.org/methods/lists/
export function ListsScreen() {
  const [lists, setLists] = useState<ListEntity[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [title, setTitle] = useState('');
  useEffect(() => {
    api<ListEntity[]>('/api/v1/lists').then(setLists).catch(setError);
  }, []);

  const create = async (e: Event) => {
    e.preventDefault();
    try {
      const list = await api<ListEntity>('/api/v1/lists', { body: { title } });
      setLists((old) => [...(old ?? []), list]);
      setTitle('');
    } catch (err) {
      toast(errorText(err));
    }
  };
  const remove = async (list: ListEntity) => {
    if (!confirm(t('confirmDeleteList', { title: list.title }))) return;
    try {
      await api(`/api/v1/lists/${list.id}`, { method: 'DELETE' });
      setLists((old) => (old ?? []).filter((l) => l.id !== list.id));
    } catch (err) {
      toast(errorText(err));
    }
  };

  return (
    <>
      <PageTitle>{t('lists')}</PageTitle>
      <form class="card list-create" onSubmit={create}>
        <label for="list-title">{t('newListTitle')}</label>
        <input id="list-title" value={title} maxLength={256} required onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
        <button type="submit" class="btn btn-primary">
          {t('createList')}
        </button>
      </form>
      {error !== null && <ErrorBox error={error} />}
      {lists === null && error === null && <Loading />}
      {lists?.length === 0 && <p class="muted">{t('emptyLists')}</p>}
      <ul class="lists" aria-label={t('lists')}>
        {lists?.map((l) => (
          <li key={l.id} class="card list-row">
            <a href={`/lists/${l.id}`}>{l.title}</a>
            {l.exclusive && <span class="badge">{t('listExclusive')}</span>}
            <button type="button" class="btn danger" onClick={() => remove(l)}>
              {t('delete')}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

export function ListScreen(props: { id: string }) {
  const [list, setList] = useState<ListEntity | null>(null);
  const [members, setMembers] = useState<AccountEntity[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setList(null);
    setError(null);
    api<ListEntity>(`/api/v1/lists/${props.id}`).then(setList).catch(setError);
    api<AccountEntity[]>(`/api/v1/lists/${props.id}/accounts`, { query: { limit: 0 } })
      .then(setMembers)
      .catch(() => {});
  }, [props.id]);

  if (error) return <ErrorBox error={error} />;
  if (!list) return <Loading />;

  const update = async (body: Partial<ListEntity>) => {
    try {
      setList(await api<ListEntity>(`/api/v1/lists/${list.id}`, { method: 'PUT', body }));
    } catch (err) {
      toast(errorText(err));
    }
  };
  const removeMember = async (a: AccountEntity) => {
    try {
      await api(`/api/v1/lists/${list.id}/accounts`, { method: 'DELETE', body: { account_ids: [a.id] } });
      setMembers((old) => old.filter((m) => m.id !== a.id));
    } catch (err) {
      toast(errorText(err));
    }
  };

  return (
    <>
      <PageTitle>{list.title}</PageTitle>
      <details class="card list-settings">
        <summary>{t('listSettings')}</summary>
        <label>
          {t('listRepliesPolicy')}{' '}
          <select
            value={list.replies_policy}
            onChange={(e) => update({ replies_policy: (e.target as HTMLSelectElement).value as ListEntity['replies_policy'] })}
          >
            <option value="list">{t('listRepliesList')}</option>
            <option value="followed">{t('listRepliesFollowed')}</option>
            <option value="none">{t('listRepliesNone')}</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={list.exclusive} onChange={(e) => update({ exclusive: (e.target as HTMLInputElement).checked })} />{' '}
          {t('listExclusiveExplain')}
        </label>
        <h2>{t('listMembers')}</h2>
        {members.length === 0 && <p class="muted">{t('emptyListMembers')}</p>}
        {members.map((a) => (
          <AccountRow
            key={a.id}
            account={a}
            actions={
              <button type="button" class="btn" onClick={() => removeMember(a)}>
                {t('removeFromList')}
              </button>
            }
          />
        ))}
      </details>
      <StatusList
        source={`/api/v1/timelines/list/${list.id}?limit=20`}
        label={list.title}
        live={liveStatuses(`list:${list.id}`)}
        empty={{ title: t('emptyListTimeline') }}
      />
    </>
  );
}

/** On a followed account's profile: which of the viewer's lists hold it, each a checkbox. */
export function ListsMenu(props: { account: AccountEntity }) {
  const [lists, setLists] = useState<ListEntity[] | null>(null);
  const [holding, setHolding] = useState<Set<string>>(new Set());
  const open = async () => {
    if (lists) return;
    try {
      const [all, mine] = await Promise.all([api<ListEntity[]>('/api/v1/lists'), api<ListEntity[]>(`/api/v1/accounts/${props.account.id}/lists`)]);
      setLists(all);
      setHolding(new Set(mine.map((l) => l.id)));
    } catch (err) {
      toast(errorText(err));
    }
  };
  const toggle = async (list: ListEntity, on: boolean) => {
    try {
      await api(`/api/v1/lists/${list.id}/accounts`, { method: on ? 'POST' : 'DELETE', body: { account_ids: [props.account.id] } });
      setHolding((old) => {
        const next = new Set(old);
        if (on) next.add(list.id);
        else next.delete(list.id);
        return next;
      });
    } catch (err) {
      toast(errorText(err));
    }
  };
  return (
    <details class="menu" onToggle={(e) => (e.target as HTMLDetailsElement).open && open()}>
      <summary class="btn">{t('lists')}</summary>
      <fieldset class="menu-items">
        <legend class="sr-only">{t('addToLists')}</legend>
        {lists === null && <Loading />}
        {lists?.length === 0 && (
          <a href="/lists" class="muted">
            {t('emptyLists')}
          </a>
        )}
        {lists?.map((l) => (
          <label key={l.id}>
            <input type="checkbox" checked={holding.has(l.id)} onChange={(e) => toggle(l, (e.target as HTMLInputElement).checked)} /> {l.title}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
