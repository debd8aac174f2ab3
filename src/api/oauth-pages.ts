import { escapeHtml } from '../domain/accounts/note.js';

// The server-rendered sign-in and authorization pages: small, no scripts, every value escaped,
// in English or French (the web app's languages), chosen by the `lang` parameter or Accept-Language.

export type PageLang = 'en' | 'fr';

const TEXT = {
  en: {
    signInTitle: (i: string) => `Sign in to ${i}`,
    login: 'Username or e-mail address',
    password: 'Password',
    signIn: 'Sign in',
    authorizeTitle: 'Authorization required',
    authorizeHeading: (app: string) => `Authorize ${app}?`,
    wants: (app: string, user: string, instance: string) => `<strong>${app}</strong> wants to use your account <strong>@${user}</strong> on ${instance}.`,
    permissions: 'It asks for these permissions:',
    authorize: 'Authorize',
    deny: 'Deny',
    notYou: (user: string) => `Not @${user}? Sign out`,
    codeTitle: 'Authorization code',
    codeText: (app: string) => `Copy this code and paste it into ${app}:`,
    failed: 'Authorization failed',
    expiredTitle: 'Session expired',
    expired: 'The form has expired. Go back, reload the page and try again.',
    invalid: 'Invalid username or password',
    throttled: 'Too many failed sign-ins for this account. Try again later.',
    pending: 'Your account is pending review by a moderator.',
    disabled: 'Your login is currently disabled.',
    suspended: 'Your account has been suspended.',
    scopes: {
      read: 'Read all your account data',
      write: 'Modify all your account data',
      follow: 'Modify account relationships',
      push: 'Receive your push notifications',
      profile: 'Read only your account information',
      'admin:read': 'Read all data on the server',
      'admin:write': 'Modify all data on the server',
    } as Record<string, string>,
  },
  fr: {
    signInTitle: (i: string) => `Se connecter à ${i}`,
    login: 'Nom d’utilisateur ou adresse e-mail',
    password: 'Mot de passe',
    signIn: 'Se connecter',
    authorizeTitle: 'Autorisation requise',
    authorizeHeading: (app: string) => `Autoriser ${app} ?`,
    wants: (app: string, user: string, instance: string) => `<strong>${app}</strong> souhaite utiliser votre compte <strong>@${user}</strong> sur ${instance}.`,
    permissions: 'L’application demande ces autorisations :',
    authorize: 'Autoriser',
    deny: 'Refuser',
    notYou: (user: string) => `Vous n’êtes pas @${user} ? Se déconnecter`,
    codeTitle: 'Code d’autorisation',
    codeText: (app: string) => `Copiez ce code et collez-le dans ${app} :`,
    failed: 'Échec de l’autorisation',
    expiredTitle: 'Session expirée',
    expired: 'Le formulaire a expiré. Revenez en arrière, rechargez la page et réessayez.',
    invalid: 'Nom d’utilisateur ou mot de passe incorrect',
    throttled: 'Trop de tentatives de connexion échouées pour ce compte. Réessayez plus tard.',
    pending: 'Votre compte attend la validation d’un modérateur.',
    disabled: 'Votre connexion est actuellement désactivée.',
    suspended: 'Votre compte a été suspendu.',
    scopes: {
      read: 'Lire toutes les données de votre compte',
      write: 'Modifier toutes les données de votre compte',
      follow: 'Modifier les relations du compte',
      push: 'Recevoir vos notifications push',
      profile: 'Lire uniquement les informations de votre compte',
      'admin:read': 'Lire toutes les données du serveur',
      'admin:write': 'Modifier toutes les données du serveur',
    } as Record<string, string>,
  },
};

/** The page language: an explicit `lang` first, then the browser's preference, else English. */
export function pickLang(explicit: string | undefined | null, acceptLanguage: string | undefined): PageLang {
  const first = (explicit || acceptLanguage?.split(',')[0] || '').trim().toLowerCase();
  return first.startsWith('fr') ? 'fr' : 'en';
}

/** A sign-in failure in the page's language, by its reason. */
export function signInError(lang: PageLang, reason: 'invalid' | 'pending' | 'disabled' | 'suspended' | 'throttled', fallback: string): string {
  return TEXT[lang][reason] ?? fallback;
}

function page(lang: PageLang, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
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

export function signInPage(o: { lang: PageLang; instance: string; csrf: string; returnTo: string; error?: string; login?: string }): string {
  const t = TEXT[o.lang];
  return page(
    o.lang,
    t.signInTitle(o.instance),
    `<h1>${escapeHtml(t.signInTitle(o.instance))}</h1>
${o.error ? `<p class="error" role="alert">${escapeHtml(o.error)}</p>` : ''}
<form method="post" action="/oauth/sign_in">${hidden({ authenticity_token: o.csrf, return_to: o.returnTo })}
<label for="login">${escapeHtml(t.login)}</label><input type="text" id="login" name="login" autocomplete="username" required value="${escapeHtml(o.login ?? '')}">
<label for="password">${escapeHtml(t.password)}</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">${escapeHtml(t.signIn)}</button></form>`,
  );
}

export function authorizePage(o: {
  lang: PageLang;
  instance: string;
  csrf: string;
  appName: string;
  website: string | null;
  username: string;
  scopes: string[];
  fields: Record<string, string | undefined>;
}): string {
  const t = TEXT[o.lang];
  const scopes = o.scopes.map((s) => `<li><strong>${escapeHtml(s)}</strong>${t.scopes[s] ? ` — ${escapeHtml(t.scopes[s]!)}` : ''}</li>`).join('');
  const app = `${escapeHtml(o.appName)}${o.website ? ` (${escapeHtml(o.website)})` : ''}`;
  return page(
    o.lang,
    t.authorizeTitle,
    `<h1>${escapeHtml(t.authorizeHeading(o.appName))}</h1>
<p>${t.wants(app, escapeHtml(o.username), escapeHtml(o.instance))}</p>
<p>${escapeHtml(t.permissions)}</p><ul>${scopes}</ul>
<form method="post" action="/oauth/authorize">${hidden({ ...o.fields, authenticity_token: o.csrf })}
<button type="submit" name="decision" value="approve">${escapeHtml(t.authorize)}</button>
<button type="submit" name="decision" value="deny">${escapeHtml(t.deny)}</button></form>
<form method="post" action="/oauth/sign_out">${hidden({ authenticity_token: o.csrf, return_to: o.fields.return_to })}<button type="submit">${escapeHtml(t.notYou(o.username))}</button></form>`,
  );
}

export function codePage(o: { lang: PageLang; code: string; appName: string }): string {
  const t = TEXT[o.lang];
  return page(
    o.lang,
    t.codeTitle,
    `<h1>${escapeHtml(t.codeTitle)}</h1><p>${escapeHtml(t.codeText(o.appName))}</p><p><code id="code">${escapeHtml(o.code)}</code></p>`,
  );
}

export function errorPage(lang: PageLang, kind: 'failed' | 'expired', message?: string): string {
  const t = TEXT[lang];
  const title = kind === 'failed' ? t.failed : t.expiredTitle;
  return page(lang, title, `<h1>${escapeHtml(title)}</h1><p class="error">${escapeHtml(message ?? t.expired)}</p>`);
}
