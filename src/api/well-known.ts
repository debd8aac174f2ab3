import { Hono } from 'hono';
import { accountByUsername } from '../domain/accounts/account-views.service.js';
import { SUPPORTED_SCOPES } from '../domain/auth/scopes.js';
import { instanceUsage, MASTODON_COMPAT, TRIBUNE_VERSION } from '../domain/instance/instance.service.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import type { AppEnv } from './env.js';

export const wellKnownRoutes = new Hono<AppEnv>();

// RFC 8414 metadata, as Mastodon 4.3+ serves it.
wellKnownRoutes.get('/.well-known/oauth-authorization-server', (c) => {
  const base = c.var.ctx.config.publicUrl;
  return c.json({
    issuer: `${base}/`,
    service_documentation: 'https://docs.joinmastodon.org/',
    authorization_endpoint: `${base}/oauth/authorize`,
    token_endpoint: `${base}/oauth/token`,
    app_registration_endpoint: `${base}/api/v1/apps`,
    revocation_endpoint: `${base}/oauth/revoke`,
    scopes_supported: SUPPORTED_SCOPES,
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    grant_types_supported: ['authorization_code', 'client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
  });
});

wellKnownRoutes.get('/.well-known/nodeinfo', (c) =>
  c.json({ links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${c.var.ctx.config.publicUrl}/nodeinfo/2.0` }] }),
);

wellKnownRoutes.get('/nodeinfo/2.0', async (c) => {
  const ctx = c.var.ctx;
  const usage = await instanceUsage(ctx);
  c.header('Content-Type', 'application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.0#"');
  return c.body(
    JSON.stringify({
      version: '2.0',
      software: { name: 'tribune', version: TRIBUNE_VERSION },
      // Tribune speaks the Mastodon client API but does not federate yet.
      protocols: [],
      services: { outbound: [], inbound: [] },
      usage: { users: { total: usage.total, activeMonth: usage.activeMonth, activeHalfyear: usage.activeHalfyear }, localPosts: usage.localPosts },
      openRegistrations: ctx.config.registrations !== 'closed',
      metadata: {
        nodeName: ctx.config.instanceTitle,
        nodeDescription: ctx.config.instanceDescription,
        upstream: { name: 'mastodon', version: MASTODON_COMPAT },
      },
    }),
  );
});

wellKnownRoutes.get('/.well-known/host-meta', (c) => {
  const base = c.var.ctx.config.publicUrl;
  c.header('Content-Type', 'application/xrd+xml; charset=utf-8');
  return c.body(
    `<?xml version="1.0" encoding="UTF-8"?>\n<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n  <Link rel="lrdd" template="${base}/.well-known/webfinger?resource={uri}"/>\n</XRD>\n`,
  );
});

/** The local username a WebFinger resource names (acct:user@domain, or the profile or actor URL), or null. */
function usernameOf(resource: string, base: string, domain: string): string | null {
  const acct = /^(?:acct:)?@?([^@/\s]+)@([^@/\s]+)$/i.exec(resource);
  if (acct) return acct[2]!.toLowerCase() === domain.toLowerCase() ? acct[1]! : null;
  for (const prefix of [`${base}/@`, `${base}/users/`]) if (resource.startsWith(prefix)) return resource.slice(prefix.length).split(/[/?#]/)[0] || null;
  return null;
}

wellKnownRoutes.get('/.well-known/webfinger', async (c) => {
  const ctx = c.var.ctx;
  const resource = c.req.query('resource');
  if (!resource) throw new BadRequestError('The resource parameter is missing');
  const username = usernameOf(resource.trim(), ctx.config.publicUrl, ctx.config.domain);
  const account = username ? await accountByUsername(ctx, username) : undefined;
  if (!account) throw new NotFoundError();
  const profile = `${ctx.config.publicUrl}/@${account.username}`;
  const actor = `${ctx.config.publicUrl}/users/${account.username}`;
  c.header('Content-Type', 'application/jrd+json; charset=utf-8');
  return c.body(
    JSON.stringify({
      subject: `acct:${account.username}@${ctx.config.domain}`,
      aliases: [profile, actor],
      links: [
        { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: profile },
        { rel: 'self', type: 'application/activity+json', href: actor },
      ],
    }),
  );
});
