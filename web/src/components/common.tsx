import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { ApiError } from '../lib/api';
import type { AccountEntity } from '../lib/entities';
import { getLang, type PluralKey, t, tn } from '../lib/i18n';

const PATHS: Record<string, string> = {
  reply: 'M10 9V5l-7 7 7 7v-4.1c5 0 8.5 1.6 11 5.1-1-5-4-10-11-11z',
  echo: 'M7 7h10v3l4-4-4-4v3H5v6h2V7zm10 10H7v-3l-4 4 4 4v-3h12v-6h-2v4z',
  up: 'M12 4l-8 8h5v8h6v-8h5z',
  bookmark: 'M17 3H7c-1.1 0-2 .9-2 2v16l7-3 7 3V5c0-1.1-.9-2-2-2z',
  more: 'M6 10a2 2 0 100 4 2 2 0 000-4zm6 0a2 2 0 100 4 2 2 0 000-4zm6 0a2 2 0 100 4 2 2 0 000-4z',
  home: 'M10 20v-6h4v6h5v-8h3L12 3 2 12h3v8z',
  bell: 'M12 22a2 2 0 002-2h-4a2 2 0 002 2zm6-6V11c0-3.1-1.6-5.6-4.5-6.3V4a1.5 1.5 0 00-3 0v.7C7.6 5.4 6 7.9 6 11v5l-2 2v1h16v-1z',
  search: 'M15.5 14h-.8l-.3-.3A6.5 6.5 0 109.5 16c1.6 0 3.1-.6 4.2-1.6l.3.3v.8l5 5 1.5-1.5zm-6 0a4.5 4.5 0 110-9 4.5 4.5 0 010 9z',
  globe:
    'M12 2a10 10 0 100 20 10 10 0 000-20zm6.9 6h-3a15.7 15.7 0 00-1.3-3.6A8 8 0 0118.9 8zM12 4c.8 1.2 1.5 2.5 1.9 4h-3.8c.4-1.5 1.1-2.8 1.9-4zM4.3 14a8.2 8.2 0 010-4h3.4a16.5 16.5 0 000 4zm.8 2h3a15.7 15.7 0 001.3 3.6A8 8 0 015.1 16zm3-8h-3a8 8 0 014.3-3.6C8.8 5.6 8.4 6.8 8.1 8zM12 20c-.8-1.2-1.5-2.5-1.9-4h3.8c-.4 1.5-1.1 2.8-1.9 4zm2.3-6H9.7a14.7 14.7 0 010-4h4.6a14.7 14.7 0 010 4zm.3 5.6c.6-1.1 1-2.3 1.3-3.6h3a8 8 0 01-4.3 3.6zm1.7-5.6a16.5 16.5 0 000-4h3.4a8.2 8.2 0 010 4z',
  user: 'M12 12a4 4 0 100-8 4 4 0 000 8zm0 2c-2.7 0-8 1.3-8 4v2h16v-2c0-2.7-5.3-4-8-4z',
  gear: 'M19.4 13a7.5 7.5 0 000-2l2.1-1.6-2-3.5-2.5 1a7.6 7.6 0 00-1.7-1L15 3h-4l-.4 2.9c-.6.3-1.2.6-1.7 1l-2.5-1-2 3.5L6.6 11a7.5 7.5 0 000 2l-2.1 1.6 2 3.5 2.5-1c.5.4 1.1.7 1.7 1L11 21h4l.4-2.9c.6-.3 1.2-.6 1.7-1l2.5 1 2-3.5zM13 15.5a3.5 3.5 0 110-7 3.5 3.5 0 010 7z',
  pen: 'M3 17.2V21h3.8L17.8 9.9 14 6.1zM20.7 7a1 1 0 000-1.4l-2.3-2.3a1 1 0 00-1.4 0l-1.8 1.8 3.7 3.7z',
  flag: 'M14.4 6L14 4H5v17h2v-7h5.6l.4 2h7V6z',
  list: 'M3 13h2v-2H3zm0 4h2v-2H3zm0-8h2V7H3zm4 4h14v-2H7zm0 4h14v-2H7zM7 7v2h14V7z',
  alert: 'M11 15h2v2h-2zm0-8h2v6h-2zm1-5a10 10 0 100 20 10 10 0 000-20zm0 18a8 8 0 110-16 8 8 0 010 16z',
  chevronLeft: 'M15.4 7.4L14 6l-6 6 6 6 1.4-1.4L10.8 12z',
  chevronRight: 'M10 6L8.6 7.4 13.2 12l-4.6 4.6L10 18l6-6z',
  eyeOff:
    'M12 7c2.8 0 5 2.2 5 5 0 .6-.1 1.3-.4 1.8l2.9 2.9c1.5-1.3 2.7-2.9 3.4-4.7-1.7-4.4-6-7.5-11-7.5-1.4 0-2.7.3-4 .7l2.2 2.2c.6-.3 1.2-.4 1.9-.4zM2 4.3l2.3 2.3.5.4C3.1 8.3 1.8 10 1 12c1.7 4.4 6 7.5 11 7.5 1.5 0 3-.3 4.4-.8l.4.4 2.9 2.9 1.3-1.3L3.3 3zM7.5 9.8l1.5 1.5c0 .2-.1.5-.1.7 0 1.7 1.3 3 3 3 .2 0 .5 0 .7-.1l1.5 1.5c-.7.3-1.4.5-2.2.5-2.8 0-5-2.2-5-5 0-.8.2-1.5.6-2.1zm4.3-.8l3.2 3.2V12c0-1.7-1.3-3-3-3z',
  close: 'M19 6.4L17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z',
};

export function Icon(props: { name: string; size?: number }) {
  const size = props.size ?? 20;
  return (
    <svg class="icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[props.name] ?? ''} fill="currentColor" />
    </svg>
  );
}

export function Avatar(props: { account: AccountEntity; size?: number }) {
  const size = props.size ?? 44;
  // Decorative: the name is always written beside it.
  return <img class="avatar" src={props.account.avatar} alt="" width={size} height={size} loading="lazy" />;
}

/** The account's name, its custom emojis (`:shortcode:` the account's `emojis` names) as images. */
export function DisplayName(props: { account: AccountEntity }) {
  const { display_name: name, username, emojis } = props.account;
  if (!name) return <bdi>{username}</bdi>;
  if (!emojis?.length) return <bdi>{name}</bdi>;
  const by = new Map(emojis.map((e) => [e.shortcode, e]));
  // split with a capture group: odd entries are the shortcodes found.
  const parts = name.split(/:([a-zA-Z0-9_]{2,30}):/);
  return (
    <bdi>
      {parts.map((part, i) => {
        const e = i % 2 === 1 ? by.get(part) : undefined;
        if (i % 2 === 0) return part;
        return e ? <img key={i} class="custom-emoji" src={e.url} alt={`:${part}:`} title={`:${part}:`} /> : `:${part}:`;
      })}
    </bdi>
  );
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return t('errOffline');
    if (e.status === 401) return t('errSession');
    if (e.status === 404) return t('errNotFound');
    if (e.status === 429) return t('errRateLimited');
    if (e.status >= 500) return t('errServer');
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

export function Empty(props: { title: string; hint?: ComponentChildren }) {
  return (
    <div class="empty" role="status">
      <p class="empty-title">{props.title}</p>
      {props.hint && <div class="muted empty-hint">{props.hint}</div>}
    </div>
  );
}

export function ErrorBox(props: { error: unknown; retry?: () => void }) {
  return (
    <div class="error-box" role="alert">
      <p>{errorText(props.error)}</p>
      {props.retry && (
        <button type="button" class="btn" onClick={props.retry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}

export function Loading() {
  return (
    <p class="loading muted" role="status">
      {t('loading')}
    </p>
  );
}

export function PageTitle(props: { children: ComponentChildren; actions?: ComponentChildren }) {
  // The window title names the screen, for tabs, history and screen readers.
  useEffect(() => {
    const text = Array.isArray(props.children) ? props.children.join('') : String(props.children ?? '');
    document.title = text ? `${text} · Tribune` : 'Tribune';
  });
  return (
    <div class="page-title">
      <h1>{props.children}</h1>
      {props.actions}
    </div>
  );
}

/** Closes the <details> menu around a chosen item. */
export function closeMenu(e: Event): void {
  const details = (e.currentTarget as HTMLElement).closest('details');
  if (details) details.open = false;
}

// Escape or a click elsewhere closes any open menu.
if (typeof document !== 'undefined') {
  const closeAll = (except?: Element | null) => {
    for (const d of document.querySelectorAll('details.menu[open]')) if (d !== except) (d as HTMLDetailsElement).open = false;
  };
  document.addEventListener('click', (e) => closeAll((e.target as Element).closest?.('details.menu')));
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    const open = document.querySelector('details.menu[open]');
    if (open) {
      closeAll();
      open.querySelector('summary')?.focus();
    }
  });
}

/** A form's error, read out when it appears. */
export function FormError(props: { error: string | null | undefined }) {
  if (!props.error) return null;
  return (
    <p class="form-error" role="alert">
      {props.error}
    </p>
  );
}

/** A form's one submit button, at the end. */
export function SubmitRow(props: { label: string; disabled?: boolean }) {
  return (
    <div class="form-actions">
      <button type="submit" class="btn btn-primary" disabled={props.disabled}>
        {props.label}
      </button>
    </div>
  );
}

/** "<strong>3</strong> followers", in the language's plural form. */
export function CountText(props: { base: PluralKey; n: number }) {
  const text = tn(props.base, props.n);
  const num = props.n.toLocaleString(getLang());
  const at = text.indexOf(num);
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <strong>{num}</strong>
      {text.slice(at + num.length)}
    </>
  );
}
