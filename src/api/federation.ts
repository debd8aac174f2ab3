import type { MiddlewareHandler } from 'hono';
import { refusedAtBorder } from '../federation/border.js';
import type { AppEnv } from './env.js';

// ActivityPub's URLs, answered by Fedify (src/federation): actors, their collections and posts under /users/,
// and the shared inbox. Profile and post pages (/@name, /@name/123) give ActivityPub JSON to a client that asks
// for it and the web app to everyone else; /users/ URLs send browsers to those pages, as Mastodon does.
const FEDERATED = /^\/(users\/[^/]+(\/.*)?|inbox)$/;
const PAGE = /^\/@([A-Za-z0-9_]{1,30})(?:\/([0-9]{1,19}))?$/;
const ACTOR_PAGE = /^\/users\/([A-Za-z0-9_]{1,30})(?:\/statuses\/([0-9]{1,19}))?$/;
const ACTIVITY_JSON = /application\/(activity\+json|ld\+json)/i;

export function federationRoutes(): MiddlewareHandler<AppEnv> {
  return async function federation(c, next) {
    const path = c.req.path;
    let target = path;
    const page = PAGE.exec(path);
    if (page) {
      if (!ACTIVITY_JSON.test(c.req.header('accept') ?? '')) return next();
      target = page[2] ? `/users/${page[1]}/statuses/${page[2]}` : `/users/${page[1]}`;
    } else if (!FEDERATED.test(path)) return next();
    const ctx = c.var.ctx;
    // Fedify builds ids from the request's URL: the public one, whatever proxy the request came through.
    const url = new URL(target + new URL(c.req.url).search, ctx.config.publicUrl);
    const request = new Request(url, c.req.raw);
    const refused = await refusedAtBorder(ctx.db, target, request);
    if (refused) return c.json({ error: refused }, 403);
    return ctx.federation.fedify.fetch(request, {
      contextData: ctx,
      onNotFound: async () => {
        await next();
        return c.res;
      },
      onNotAcceptable: async () => {
        const m = ACTOR_PAGE.exec(path);
        if (m) return c.redirect(m[2] ? `/@${m[1]}/${m[2]}` : `/@${m[1]}`, 302);
        return new Response('Not acceptable', { status: 406, headers: { 'Content-Type': 'text/plain', Vary: 'Accept' } });
      },
    });
  };
}
