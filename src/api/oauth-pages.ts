import { escapeHtml } from '../domain/accounts/note.js';

// The server-rendered sign-in and authorization pages: small, no scripts, every value escaped.

const SCOPE_LABELS: Record<string, string> = {
  read: 'Read all your account data',
  write: 'Modify all your account data',
  follow: 'Modify account relationships',
  push: 'Receive your push notifications',
  profile: 'Read only your account information',
  'admin:read': 'Read all data on the server',
  'admin:write': 'Modify all data on the server',
};

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#222}
label{display:block;margin:.8rem 0 .2rem}input[type=text],input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}
button{padding:.5rem 1rem;margin:1rem .5rem 0 0}.error{color:#a00}code{font-size:1.2rem;word-break:break-all}ul{padding-left:1.2rem}</style>
</head><body>${body}</body></html>`;
}

function hidden(fields: Record<string, string | undefined>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v!)}">`)
    .join('');
}

export function signInPage(o: { instance: string; csrf: string; returnTo: string; error?: string; login?: string }): string {
  return page(
    `Sign in to ${o.instance}`,
    `<h1>Sign in to ${escapeHtml(o.instance)}</h1>
${o.error ? `<p class="error" role="alert">${escapeHtml(o.error)}</p>` : ''}
<form method="post" action="/oauth/sign_in">${hidden({ authenticity_token: o.csrf, return_to: o.returnTo })}
<label for="login">Username or e-mail address</label><input type="text" id="login" name="login" autocomplete="username" required value="${escapeHtml(o.login ?? '')}">
<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`,
  );
}

export function authorizePage(o: {
  instance: string;
  csrf: string;
  appName: string;
  website: string | null;
  username: string;
  scopes: string[];
  fields: Record<string, string | undefined>;
}): string {
  const scopes = o.scopes.map((s) => `<li><strong>${escapeHtml(s)}</strong>${SCOPE_LABELS[s] ? ` — ${escapeHtml(SCOPE_LABELS[s]!)}` : ''}</li>`).join('');
  return page(
    'Authorization required',
    `<h1>Authorize ${escapeHtml(o.appName)}?</h1>
<p><strong>${escapeHtml(o.appName)}</strong>${o.website ? ` (${escapeHtml(o.website)})` : ''} wants to use your account <strong>@${escapeHtml(o.username)}</strong> on ${escapeHtml(o.instance)}.</p>
<p>It asks for these permissions:</p><ul>${scopes}</ul>
<form method="post" action="/oauth/authorize">${hidden({ ...o.fields, authenticity_token: o.csrf })}
<button type="submit" name="decision" value="approve">Authorize</button>
<button type="submit" name="decision" value="deny">Deny</button></form>
<form method="post" action="/oauth/sign_out">${hidden({ authenticity_token: o.csrf, return_to: o.fields.return_to })}<button type="submit">Not @${escapeHtml(o.username)}? Sign out</button></form>`,
  );
}

export function codePage(o: { code: string; appName: string }): string {
  return page(
    'Authorization code',
    `<h1>Authorization code</h1><p>Copy this code and paste it into ${escapeHtml(o.appName)}:</p><p><code id="code">${escapeHtml(o.code)}</code></p>`,
  );
}

export function errorPage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p class="error">${escapeHtml(message)}</p>`);
}
