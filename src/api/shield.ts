import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { z } from 'zod';
import { explanationPage } from '../shield/challenge-page.js';
import { clearanceNetwork } from '../shield/ip.js';
import { CLEARANCE_COOKIE } from '../shield/middleware.js';
import { issueClearance, verifyChallenge } from '../shield/pow.js';
import { CSP_HEADER, DOCUMENT_POLICY } from '../web/csp.js';
import { serializeStatusPage } from './entities/shield.js';
import type { AppEnv } from './env.js';
import { params } from './params.js';

// /status and the challenge's answer (/metrics is in system.ts) (Tribune extensions, not Mastodon API).
export const shieldRoutes = new Hono<AppEnv>();

shieldRoutes.get('/status', (c) => {
  const body = serializeStatusPage(c.var.ctx.shield);
  c.header('Cache-Control', 'no-store');
  return c.json(body, body.mode === 'normal' ? 200 : 503);
});

const answer = z.object({
  challenge: z.string().min(1).max(512),
  counter: z.string().max(20),
  return_to: z.string().max(2000).optional(),
});

shieldRoutes.post('/_shield/clearance', async (c) => {
  const shield = c.var.ctx.shield;
  const input = await params(c, answer);
  const network = clearanceNetwork(c.var.clientIp);
  let claims = verifyChallenge(shield.key, input.challenge, input.counter, network, shield.spentSeeds.firstUse);
  // With Redis, a challenge spent on another process is spent here too.
  if (typeof claims === 'object' && !(await shield.store.claimOnce(`challenge:${claims.seed}`, claims.expiresAt - Date.now()))) claims = 'replayed';
  if (typeof claims === 'string') {
    shield.metrics.count('blocked', 'clearance');
    const why = claims === 'expired' ? 'The check took too long.' : claims === 'replayed' ? 'This check was already used.' : 'The check did not pass.';
    c.header(CSP_HEADER, DOCUMENT_POLICY);
    return c.html(explanationPage(c.var.ctx.config.instanceTitle, 'Please try again', `${why} Reload the page to get a new one.`), 403);
  }
  const { token } = issueClearance(shield.key, network, shield.options.clearanceTtlSeconds);
  shield.metrics.count('cleared', 'clearance');
  setCookie(c, CLEARANCE_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.var.ctx.config.publicUrl.startsWith('https:'),
    maxAge: shield.options.clearanceTtlSeconds,
  });
  // Only a path on this site: an open redirect would turn the challenge into a phishing tool.
  const back = input.return_to && /^\/(?![/\\])/.test(input.return_to) ? input.return_to : '/';
  return c.redirect(back, 303);
});
