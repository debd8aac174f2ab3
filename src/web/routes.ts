import { type Context, Hono } from 'hono';
import type { AppEnv } from '../api/env.js';
import { mediaUrlBase } from '../media/storage/storage.js';
import { appPolicy, CSP_HEADER, DOCUMENT_POLICY } from './csp.js';
import { type ApiAccount, type ApiStatus, countText, metaTags, renderProfile, renderThread, textOf, wrapPage } from './ssr.js';
import { readDistFile, readShell } from './static.js';

// Paths that belong to the API and protocols: never answered with the app shell.
const NOT_APP = /^\/(api|oauth|\.well-known|nodeinfo|health|media|system|users|inbox|admin\/api)(\/|$)/;
const PUBLIC_VISIBILITY = new Set(['public', 'unlisted']);
const PAGE_CACHE = 'public, max-age=60, stale-while-revalidate=60';

/**
 * The picture of a share preview: the account's avatar, or the site's icon for an account without one (the grey
 * placeholder says nothing about whose page it is; Mastodon likewise falls back to the instance's picture).
 */
export function shareImage(publicUrl: string, avatar: string): string {
  return avatar.endsWith('/avatars/original/missing.png') ? `${publicUrl}/icons/icon-512.png` : avatar;
}

/**
 * The web app, served by Tribune itself: the built files, server-rendered public pages and the
 * single-page-app fallback. Mounted last so every API route wins. `root` is the whole app, used to read
 * the public API in-process, anonymously, exactly as a visitor would.
 */
export function webRoutes(root: Hono<AppEnv>): Hono<AppEnv> {
  const web = new Hono<AppEnv>();

  async function api<T>(c: Context<AppEnv>, path: string): Promise<T | null> {
    const res = await root.request(path, { headers: { accept: 'application/json' } }, c.env);
    if (!res.ok) return null;
    return (await res.json()) as T;
  }

  /** Every page of the app (its shell, alone or with a profile or post in it) gets the app's policy. */
  const appPage = (c: Context<AppEnv>) => c.header(CSP_HEADER, appPolicy(c.var.ctx.config.publicUrl, mediaUrlBase(c.var.ctx.config)));

  async function notFoundPage(c: Context<AppEnv>, what: string) {
    const shell = await readShell();
    const head = metaTags({
      title: `Not found – ${c.var.ctx.config.instanceTitle}`,
      description: what,
      url: c.req.url,
      type: 'website',
      siteName: c.var.ctx.config.instanceTitle,
    });
    c.header('Cache-Control', 'public, max-age=30');
    appPage(c);
    return c.html(
      wrapPage(
        shell,
        head,
        `<main class="ssr-page"><h1>Not found</h1><p>${what}</p><p><a href="/">Go to the home page</a></p></main>`,
        c.var.ctx.config.instanceTitle,
      ),
      404,
    );
  }

  web.get('/:handle{@[A-Za-z0-9_.-]+}', async (c) => {
    const username = c.req.param('handle').slice(1);
    const { config } = c.var.ctx;
    const account = await api<ApiAccount>(c, `/api/v1/accounts/lookup?acct=${encodeURIComponent(username)}`);
    if (!account || account.suspended) return notFoundPage(c, 'There is no account with this name here.');
    const statuses = (await api<ApiStatus[]>(c, `/api/v1/accounts/${account.id}/statuses?exclude_replies=true&limit=20`)) ?? [];
    const publicOnes = statuses.filter((s) => PUBLIC_VISIBILITY.has(s.visibility));
    const url = `${config.publicUrl}/@${account.username}`;
    const head = metaTags({
      title: `${account.display_name || account.username} (@${account.username}@${config.domain})`,
      description: textOf(account.note) || `${countText(account.statuses_count, 'posts')}, ${countText(account.followers_count, 'followers')}`,
      url,
      image: shareImage(config.publicUrl, account.avatar),
      type: 'profile',
      siteName: config.instanceTitle,
    });
    c.header('Cache-Control', PAGE_CACHE);
    appPage(c);
    return c.html(wrapPage(await readShell(), head, renderProfile(account, publicOnes, { domain: config.domain }), config.instanceTitle));
  });

  web.get('/:handle{@[A-Za-z0-9_.-]+}/:id{[0-9]+}', async (c) => {
    const username = c.req.param('handle').slice(1).toLowerCase();
    const id = c.req.param('id');
    const { config } = c.var.ctx;
    const status = await api<ApiStatus>(c, `/api/v1/statuses/${id}`);
    if (!status || !PUBLIC_VISIBILITY.has(status.visibility) || status.account.suspended || status.account.acct.toLowerCase() !== username)
      return notFoundPage(c, 'This post does not exist or is not public.');
    const context = (await api<{ ancestors: ApiStatus[]; descendants: ApiStatus[] }>(c, `/api/v1/statuses/${id}/context`)) ?? {
      ancestors: [],
      descendants: [],
    };
    const keep = (list: ApiStatus[]) => list.filter((s) => PUBLIC_VISIBILITY.has(s.visibility));
    const name = status.account.display_name || status.account.username;
    const image = status.media_attachments?.find((m) => m.type === 'image')?.url;
    const head = metaTags({
      title: `${name} on ${config.instanceTitle}`,
      description: status.spoiler_text ? `Content warning: ${status.spoiler_text}` : textOf(status.content),
      url: `${config.publicUrl}/@${status.account.acct}/${status.id}`,
      image: status.spoiler_text || !image ? shareImage(config.publicUrl, status.account.avatar) : image,
      type: 'article',
      siteName: config.instanceTitle,
      card: image && !status.spoiler_text ? 'summary_large_image' : 'summary',
    });
    c.header('Cache-Control', PAGE_CACHE);
    appPage(c);
    return c.html(wrapPage(await readShell(), head, renderThread(keep(context.ancestors), status, keep(context.descendants)), config.instanceTitle));
  });

  // The service worker must never be cached long: a new build has to reach people.
  web.get('/sw.js', async (c) => {
    const file = await readDistFile('/sw.js');
    if (!file) return c.notFound();
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': file.type, 'Cache-Control': 'no-cache', 'Service-Worker-Allowed': '/' });
  });

  web.get('*', async (c, next) => {
    const path = c.req.path;
    if (NOT_APP.test(path)) return next();
    const file = path === '/' ? null : await readDistFile(path);
    if (file) {
      const immutable = path.startsWith('/assets/');
      // index.html asked for by name is the shell too.
      if (file.type.startsWith('text/html')) appPage(c);
      return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': file.type,
        'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
      });
    }
    // A missing file (has an extension) is a 404; anything else is a client route of the app.
    if (/\.[a-z0-9]{1,8}$/i.test(path)) return next();
    const shell = await readShell();
    if (!shell) {
      c.header(CSP_HEADER, DOCUMENT_POLICY);
      return c.html(
        '<!doctype html><title>Tribune</title><p>The web app has not been built yet. Run <code>npm run build:web</code> (it runs on <code>npm install</code> and <code>npm start</code>).</p>',
        503,
      );
    }
    // The shell is the same for everyone; what a person sees comes from the API once the app runs.
    c.header('Cache-Control', 'no-cache');
    appPage(c);
    return c.html(shell.replace('<!--ssr-head-->', ''));
  });

  return web;
}
