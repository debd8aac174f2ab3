import { z } from 'zod';

/** A server's domain as Mastodon takes it: a host name (IDN as punycode), lowercased, a port kept; else 422 on `domain`. */
export const zDomain = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .transform((v, zctx) => {
    const bare = v.replace(/^https?:\/\//i, '').replace(/\/$/, '');
    let host = '';
    try {
      if (/[/?#@\s]/.test(bare)) throw new Error('not a host');
      host = new URL(`http://${bare}`).host;
    } catch {
      zctx.addIssue({ code: 'custom', message: 'is not a domain' });
      return z.NEVER;
    }
    return host;
  });
