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

const NODEINFO_SCHEMA = 'http://nodeinfo.diaspora.software/ns/schema/';
const NODEINFO_VERSIONS = ['2.0', '2.1'] as const;

wellKnownRoutes.get('/.well-known/nodeinfo', (c) =>
  c.json({ links: NODEINFO_VERSIONS.map((v) => ({ rel: `${NODEINFO_SCHEMA}${v}`, href: `${c.var.ctx.config.publicUrl}/nodeinfo/${v}` })) }),
);

// The software names itself, as Akkoma, GoToSocial and Hollo do; `metadata.upstream` says whose client API it
// speaks, which megalodon's detector (and Hollo's own) read to treat it as Mastodon.
for (const version of NODEINFO_VERSIONS) {
  wellKnownRoutes.get(`/nodeinfo/${version}`, async (c) => {
    const ctx = c.var.ctx;
    const usage = await instanceUsage(ctx);
    c.header('Content-Type', `application/json; profile="${NODEINFO_SCHEMA}${version}#"`);
    return c.body(
      JSON.stringify({
        version,
        // 2.1's optional software.repository and .homepage are left out: Tribune has no public home yet.
        software: { name: 'tribune', version: TRIBUNE_VERSION },
        // ActivityPub through Fedify (src/federation, docs/federation.md).
        protocols: ['activitypub'],
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
}

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
  // Only this server's accounts: a stored remote one (`name@domain`) is its own server's to describe.
  if (!account || account.domain !== null) throw new NotFoundError();
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
