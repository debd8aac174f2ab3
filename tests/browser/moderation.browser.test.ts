import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { collectErrors, DESKTOP, ensureWebBuilt, hasChromium, launch, newContext, PHONE, shoot } from './harness.js';

// Moderation in the web app: a held threat goes through the moderator's queue, its author sees the
// outcome and appeals, and a second moderator decides the appeal. Violence is never refused here
// (refuse threshold above 1), so a clear threat is held for review.
describe.skipIf(!hasChromium)('moderation in the web app', () => {
  let t: TestServer;
  let browser: Browser;
  let author: TestUser;
  let mod: TestUser;
  let admin: TestUser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  let heldId = '';

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestServer({
      moderation: { strikesToSuspend: 5, thresholds: { violence: { review: 0.5, refuse: 1.01 } }, classifier: { kind: 'shipped' } },
    });
    author = await t.createUser('author');
    mod = await t.createUser('mod', { role: 'moderator' });
    admin = await t.createUser('boss', { role: 'admin' });
    browser = await launch();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
  });

  async function pageFor(token: string | null, viewport = PHONE): Promise<Page> {
    const ctx = await newContext(browser, t.url, { viewport });
    contexts.push(ctx);
    if (token) await ctx.addInitScript((tok) => localStorage.setItem('tribune.token', tok), token);
    const page = await ctx.newPage();
    errors.push(...collectErrors(page));
    return page;
  }

  it('shows a held post to its author as pending review', async () => {
    const res = await t.post('/api/v1/statuses', { token: author.token, json: { status: 'I will kill you tomorrow zorblax, I know where you live' } });
    expect(res.status).toBe(200);
    expect(res.body.tribune.moderation_state).toBe('pending');
    heldId = res.body.id;
    const page = await pageFor(author.token);
    await page.goto(`/@author/${heldId}`);
    await page.getByText('Pending review').waitFor();
    // No moderation entry in the navigation of someone who is not staff.
    expect(await page.getByRole('link', { name: 'Moderation', exact: true }).count()).toBe(0);
  });

  it('lets a moderator find the held post in the queue and remove it, with a rule and a reason', async () => {
    const page = await pageFor(mod.token, DESKTOP);
    await page.goto('/home');
    await page.getByRole('link', { name: 'Moderation', exact: true }).click();
    await page.waitForURL('**/moderation');
    const summary = page.locator('.mod-item', { hasText: 'zorblax' });
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Held by screening');
    // What screening read: the language by name and the threat form that fired.
    expect(await summary.locator('.mod-reading').textContent()).toMatch(
      /^Read as: (Threat in the first person|Threat to the reader|Veiled or conditional threat) · Language: English$/,
    );
    await shoot(page, 'moderation-queue');
    await summary.getByRole('link').first().click();
    await page.waitForURL('**/moderation/cases/**');
    await page.getByRole('heading', { name: 'Classifier scores' }).waitFor();
    expect(await page.locator('.mod-scores').textContent()).toMatch(/Threats or calls to violence: [01]\.\d\d/);
    expect(await page.locator('.mod-reading').textContent()).toContain('Language: English');
    await page.getByLabel('Action').selectOption('remove');
    await page.getByLabel('Rule broken').selectOption('violence');
    await page.getByLabel('Reason (the author will read it)').fill('Threatening someone is not allowed here.');
    await shoot(page, 'moderation-case');
    await page.getByRole('button', { name: 'Apply the decision' }).click();
    await page.getByText('Resolution: Remove the post').first().waitFor();
    const status = await t.get(`/api/v1/statuses/${heldId}`, { token: author.token });
    expect(status.body.tribune.moderation_state).toBe('removed');
    // The audit log shows the removal.
    await page.goto('/moderation/audit');
    await page.locator('.mod-item', { hasText: 'status.remove' }).first().waitFor();

    // On a 360-px phone, the resolved queue fits without sideways scrolling.
    const phone = await pageFor(mod.token, { width: 360, height: 780 });
    await phone.goto('/moderation?state=resolved');
    await phone.locator('.mod-item', { hasText: 'zorblax' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shoot(phone, 'moderation-resolved');
    // In French, the language is named in French.
    const french = await newContext(browser, t.url, { viewport: PHONE, locale: 'fr-FR' });
    contexts.push(french);
    await french.addInitScript((tok) => localStorage.setItem('tribune.token', tok), mod.token);
    const fr = await french.newPage();
    errors.push(...collectErrors(fr));
    await fr.goto('/moderation?state=resolved');
    await expect.poll(() => fr.locator('.mod-item', { hasText: 'zorblax' }).locator('.mod-reading').textContent()).toMatch(/Lu comme : .* · Langue : anglais/);
    await shoot(fr, 'moderation-queue-fr');
  });

  it('shows the author the removal and lets them appeal it', async () => {
    const page = await pageFor(author.token);
    await page.goto(`/@author/${heldId}`);
    await page.getByText('Removed by the moderators').waitFor();
    await page.goto('/settings');
    await page.getByRole('link', { name: 'My moderation history' }).click();
    const item = page.locator('.mod-item', { hasText: 'Post removed' });
    await item.waitFor();
    expect(await item.textContent()).toContain('Threatening someone is not allowed here.');
    await item.getByRole('button', { name: 'Appeal' }).click();
    await item.getByLabel('Why should this decision be reconsidered?').fill('It was a line from a play I am rehearsing.');
    await item.getByRole('button', { name: 'Send the appeal' }).click();
    await item.getByText('Appeal pending').waitFor();
    await shoot(page, 'my-moderation');
  });

  it('refuses the appeal to the moderator who acted, and lets another one uphold it', async () => {
    const own = await pageFor(mod.token, DESKTOP);
    await own.goto('/moderation/appeals');
    const mine = own.locator('.mod-item', { hasText: 'a play I am rehearsing' });
    await mine.waitFor();
    await mine.getByRole('button', { name: 'Uphold the appeal (undo)' }).click();
    await mine.getByRole('alert').waitFor();

    const other = await pageFor(admin.token, DESKTOP);
    await other.goto('/moderation/appeals');
    const appeal = other.locator('.mod-item', { hasText: 'a play I am rehearsing' });
    await appeal.waitFor();
    await appeal.getByLabel('Reason for your decision').fill('Context makes it clear.');
    await appeal.getByRole('button', { name: 'Uphold the appeal (undo)' }).click();
    await appeal.getByText('Upheld').waitFor();

    const page = await pageFor(author.token);
    await page.goto('/settings/moderation');
    await page.getByText('Appeal upheld').waitFor();
    expect((await t.get(`/api/v1/statuses/${heldId}`)).status).toBe(200);
    expect(errors).toEqual([]);
  });

  // Signs in through the server's pages from /signin, as anyone would; returns the page on the authorize screen.
  async function signInFromWebApp(ctx: BrowserContext, login: string): Promise<Page> {
    const page = await ctx.newPage();
    errors.push(...collectErrors(page));
    await page.goto('/signin');
    await page.getByRole('button', { name: 'Continue to sign in' }).click();
    await page.waitForURL('**/oauth/authorize**');
    await page.locator('#login').fill(login);
    await page.locator('#password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Authorize' }).waitFor();
    return page;
  }

  it('asks someone who is not staff only for the base scopes at sign-in', async () => {
    const ctx = await newContext(browser, t.url, { viewport: PHONE });
    contexts.push(ctx);
    const page = await signInFromWebApp(ctx, 'author');
    expect(new URL(page.url()).searchParams.get('scope')).toBe('read write follow push');
    const asked = await page.locator('ul').textContent();
    expect(asked).toContain('Read all your account data');
    expect(asked).not.toContain('admin:');
    expect(asked).not.toContain('Read all data on the server');
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL('**/home');
    const token = await page.evaluate(() => localStorage.getItem('tribune.token'));
    expect((await t.get('/api/v1/accounts/verify_credentials', { token: token! })).status).toBe(200);
    expect((await t.get('/api/v1/admin/tribune/cases', { token: token! })).status).toBe(403);
  });

  it('asks a moderator for the admin scopes when they first open the moderation screen, not at sign-in', async () => {
    await t.createUser('newmod', { role: 'moderator' });
    const ctx = await newContext(browser, t.url, { viewport: DESKTOP });
    contexts.push(ctx);
    const page = await signInFromWebApp(ctx, 'newmod');
    expect(await page.locator('ul').textContent()).not.toContain('Read all data on the server');
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL('**/home');
    await page.getByRole('link', { name: 'Moderation', exact: true }).click();
    // The authorization runs again, for the same app, asking for the admin scopes as well.
    await page.waitForURL('**/oauth/authorize**');
    expect(new URL(page.url()).searchParams.get('scope')).toBe('read write follow push admin:read admin:write');
    const asked = await page.locator('ul').textContent();
    expect(asked).toContain('Read all data on the server');
    expect(asked).toContain('Modify all data on the server');
    const queue = page.waitForResponse((r) => r.url().includes('/api/v1/admin/tribune/cases') && r.status() === 200);
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL('**/moderation');
    await queue;
    const token = await page.evaluate(() => localStorage.getItem('tribune.token'));
    expect((await t.get('/api/v1/admin/tribune/cases', { token: token! })).status).toBe(200);
  });

  it('asks a moderator whose session has no admin scopes for them again on the moderation screen', async () => {
    const old = await t.createUser('oldmod', { role: 'moderator', scopes: 'read write follow push' });
    const ctx = await newContext(browser, t.url, { viewport: PHONE });
    contexts.push(ctx);
    // The older session: a token without admin scopes, set once (the sign-in below replaces it).
    await ctx.addInitScript((tok) => {
      if (!sessionStorage.getItem('seeded')) {
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem('tribune.token', tok);
      }
    }, old.token);
    const page = await ctx.newPage();
    errors.push(...collectErrors(page));
    await page.goto('/moderation');
    await page.waitForURL('**/oauth/authorize**');
    expect(new URL(page.url()).searchParams.get('scope')).toContain('admin:write');
    await page.locator('#login').fill('oldmod');
    await page.locator('#password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const queue = page.waitForResponse((r) => r.url().includes('/api/v1/admin/tribune/cases') && r.status() === 200);
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL('**/moderation');
    await queue;
  });

  it('registers the browser’s app again when it was registered without the moderation scopes', async () => {
    const ctx = await newContext(browser, t.url, { viewport: PHONE });
    contexts.push(ctx);
    await ctx.addInitScript((origin) => {
      if (!sessionStorage.getItem('seeded')) {
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem('tribune.app', JSON.stringify({ client_id: 'old-app', client_secret: 'old', redirect_uri: `${origin}/oauth-callback` }));
      }
    }, t.url);
    const page = await ctx.newPage();
    await page.goto('/signin');
    await page.getByRole('button', { name: 'Continue to sign in' }).click();
    await page.waitForURL('**/oauth/authorize**');
    const url = new URL(page.url());
    // The app may be granted every scope; this sign-in asks for the base ones.
    expect(url.searchParams.get('scope')).toBe('read write follow push');
    expect(url.searchParams.get('client_id')).not.toBe('old-app');
    const saved = JSON.parse((await page.evaluate(() => localStorage.getItem('tribune.app'))) ?? '{}');
    expect(saved.scopes).toBe('read write follow push admin:read admin:write');
  });
});
