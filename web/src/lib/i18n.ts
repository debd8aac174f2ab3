// English and French; chosen from the browser's languages, switchable and remembered.
import { en } from '../i18n/en';
import { fr } from '../i18n/fr';
import { useListeners } from './subscribe';

export type Lang = 'en' | 'fr';
export type Key = keyof typeof en;
const dictionaries: Record<Lang, Record<Key, string>> = { en, fr };
const LANG_KEY = 'tribune.lang';

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved === 'en' || saved === 'fr') return saved;
  } catch {}
  for (const l of navigator.languages ?? [navigator.language]) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'fr' || base === 'en') return base;
  }
  return 'en';
}

let lang: Lang = initialLang();
const listeners = new Set<() => void>();
document.documentElement.lang = lang;

export function getLang(): Lang {
  return lang;
}

export function setLang(next: Lang): void {
  lang = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(LANG_KEY, next);
  } catch {}
  for (const l of listeners) l();
}

/** Translates a key, filling {name} placeholders. */
export function t(key: Key, vars?: Record<string, string | number>): string {
  let s = dictionaries[lang][key] ?? en[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

/** Keys that come in plural forms: `<base>_one` and `<base>_other`. */
export type PluralKey = { [K in Key]: K extends `${infer B}_other` ? (`${B}_one` extends Key ? B : never) : never }[Key];

/** "1 reply", "2 replies", "0 abonné" (French counts 0 and 1 as one): the language's plural rules fill {n}. */
export function tn(base: PluralKey, n: number, vars?: Record<string, string | number>): string {
  const form = new Intl.PluralRules(lang).select(n) === 'one' ? 'one' : 'other';
  return t(`${base}_${form}` as Key, { ...vars, n: n.toLocaleString(lang) });
}

export function useLang(): Lang {
  useListeners(listeners);
  return lang;
}

export function relativeTime(iso: string): string {
  const then = new Date(iso).getTime();
  const s = Math.round((Date.now() - then) / 1000);
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: 'short' });
  if (s < 60) return rtf.format(-Math.max(s, 0), 'second');
  if (s < 3600) return rtf.format(-Math.floor(s / 60), 'minute');
  if (s < 86400) return rtf.format(-Math.floor(s / 3600), 'hour');
  if (s < 86400 * 7) return rtf.format(-Math.floor(s / 86400), 'day');
  return new Date(iso).toLocaleDateString(lang, { day: 'numeric', month: 'short', year: 'numeric' });
}

export function fullDate(iso: string): string {
  return new Date(iso).toLocaleString(lang, { dateStyle: 'long', timeStyle: 'short' });
}
