import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { collectErrors, DESKTOP, ensureWebBuilt, hasChromium, launch, newContext, PHONE, shoot } from './harness.js';

// The web app as people use it: Debian's chromium against the real server.
describe.skipIf(!hasChromium)('the Tribune web app in chromium', () => {
  let t: TestServer;
  let browser: Browser;
  let alice: BrowserContext;
  let alicePage: Page;
  let aliceErrors: string[];
  let aliceToken = '';
  let postUrl = '';

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestServer();
    browser = await launch();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signUp(page: Page, username: string): Promise<void> {
    await page.goto('/');
    await page.getByRole('link', { name: 'Sign up' }).first().click();
    await page.locator('#su-username').fill(username);
    await page.locator('#su-email').fill(`${username}@example.test`);
    await page.locator('#su-password').fill('correct horse battery');
    await page.locator('#su-confirm').fill('correct horse battery');
    await page.locator('#su-agree').check();
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL('**/home');
    await expect.poll(() => page.getByRole('link', { name: 'My profile' }).count()).toBeGreaterThan(0);
  }

  async function signedInContext(viewport: { width: number; height: number }, token: string): Promise<BrowserContext> {
    const ctx = await newContext(browser, t.url, { viewport });
    await ctx.addInitScript((tok) => {
      if (!localStorage.getItem('tribune.token')) localStorage.setItem('tribune.token', tok);
    }, token);
    return ctx;
  }

  /** Visible controls with no accessible name, and images with no alt attribute. */
  async function unlabelled(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      const named = (el: Element) => {
        const e = el as HTMLInputElement;
        const byLabel = e.labels ? [...e.labels].map((l) => l.textContent ?? '').join('') : '';
        const byRef = (el.getAttribute('aria-labelledby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join('');
        return (el.getAttribute('aria-label') || byLabel || byRef || el.textContent || '').trim() !== '';
      };
      const controls = [...document.querySelectorAll('button, input:not([type=hidden]), select, textarea, a[href], summary')].filter(
        (el) => el.getClientRects().length > 0 && !el.closest('[aria-hidden="true"]') && !named(el),
      );
      const images = [...document.querySelectorAll('img:not([alt])')];
      return [...controls, ...images].map((el) => el.outerHTML.slice(0, 120));
    });
  }

  it('signs up from the landing page, posts, and sees the post in the home timeline', async () => {
    alice = await newContext(browser, t.url, { viewport: PHONE });
    alicePage = await alice.newPage();
    aliceErrors = collectErrors(alicePage);
    await alicePage.goto('/');
    await expect.poll(() => alicePage.getByRole('heading', { level: 1 }).first().textContent()).toBeTruthy();
    await shoot(alicePage, 'landing');
    await signUp(alicePage, 'alice');

    const box = alicePage.locator('main .compose textarea').first();
    await box.fill('Hello from the browser #tribune');
    await expect.poll(() => alicePage.locator('main .compose .counter [aria-hidden]').textContent()).not.toBe(null);
    await alicePage.locator('main .compose').getByRole('button', { name: 'Post' }).click();
    const post = alicePage.locator('.feed .status', { hasText: 'Hello from the browser' }).first();
    await post.waitFor({ timeout: 10_000 });
    postUrl = (await post.locator('.status-time').getAttribute('href')) ?? '';
    expect(postUrl).toMatch(/^\/@alice\/\d+$/);
    aliceToken = (await alicePage.evaluate(() => localStorage.getItem('tribune.token'))) ?? '';
    expect(aliceToken).not.toBe('');
    expect(aliceErrors).toEqual([]);
  });

  it('registers the manifest and the service worker, meeting the installability basics', async () => {
    const manifest = await alicePage.evaluate(async () => {
      const href = document.querySelector('link[rel=manifest]')?.getAttribute('href');
      return href ? (await fetch(href)).json() : null;
    });
    expect(manifest).toMatchObject({ name: 'Tribune', display: 'standalone', start_url: expect.any(String) });
    const sizes = (manifest.icons as Array<{ sizes: string; type: string }>).filter((i) => i.type === 'image/png').map((i) => i.sizes);
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
    const sw = await alicePage.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL ?? null);
    expect(sw).toBe(`${t.url}/sw.js`);
    // Chromium's own verdict on installability, through the DevTools protocol.
    const cdp = await alice.newCDPSession(alicePage);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: Array<{ errorId: string }> };
    // Playwright's contexts are off-the-record, which Chromium reports on its own; anything else is ours.
    expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
    const { url, errors } = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[] };
    expect(url).toBe(`${t.url}/manifest.webmanifest`);
    expect(errors).toEqual([]);
    await cdp.detach();
  });

  it('replies in the thread, upvotes, and the author sees both notifications arrive live', async () => {
    await alicePage.goto('/notifications');
    await alicePage.getByRole('heading', { name: 'Notifications' }).waitFor();

    const bob = await newContext(browser, t.url, { viewport: DESKTOP });
    const bobPage = await bob.newPage();
    const bobErrors = collectErrors(bobPage);
    await signUp(bobPage, 'bob');
    await bobPage.goto(postUrl);
    const focused = bobPage.locator('.status-focused');
    await focused.waitFor();
    await expect.poll(() => focused.textContent()).toContain('Hello from the browser');

    const reply = bobPage.locator('.thread-reply textarea');
    await expect.poll(() => reply.inputValue()).toBe('@alice ');
    await reply.press('End');
    await reply.type('Welcome to Tribune!');
    await bobPage.locator('.thread-reply').getByRole('button', { name: 'Reply' }).click();
    await bobPage.locator('.thread section .status', { hasText: 'Welcome to Tribune!' }).waitFor({ timeout: 10_000 });

    const upvote = focused.getByRole('button', { name: 'Upvote' });
    await upvote.click();
    await expect.poll(() => upvote.getAttribute('aria-pressed')).toBe('true');
    await shoot(bobPage, 'thread');

    // Alice's open notifications page receives both over the streaming API, without a reload.
    await alicePage.locator('.feed .status', { hasText: 'Welcome to Tribune!' }).waitFor({ timeout: 10_000 });
    await alicePage.locator('.notification', { hasText: 'upvoted your post' }).waitFor({ timeout: 10_000 });
    await shoot(alicePage, 'notifications');
    expect(bobErrors).toEqual([]);
    await bob.close();
  });

  it('follows someone from their profile, and their new posts arrive live in the home timeline', async () => {
    await alicePage.goto('/@bob');
    await alicePage.getByRole('button', { name: 'Follow @bob' }).click();
    await alicePage.getByRole('button', { name: 'Unfollow @bob' }).waitFor();
    await alicePage.goto('/home');
    await alicePage.locator('.feed .status').first().waitFor();
    const bob = (await t.ctx.db.selectFrom('accounts').select('id').where('username', '=', 'bob').executeTakeFirstOrThrow()).id;
    const { token } = await import('../../src/domain/auth/tokens.js').then((m) => m.issueToken(t.ctx, null, String(bob), 'read write'));
    // Give the page's WebSocket a moment to be subscribed before the post is made.
    await expect.poll(() => t.ctx.events.listenerCount()).toBeGreaterThan(0);
    const posted = await t.post('/api/v1/statuses', { token, json: { status: 'Live from bob to his followers' } });
    expect(posted.status).toBe(200);
    await alicePage.locator('.feed .status', { hasText: 'Live from bob to his followers' }).waitFor({ timeout: 10_000 });
  });

  it('signs in through the server’s OAuth pages with the authorization code and PKCE', async () => {
    const ctx = await newContext(browser, t.url, { viewport: PHONE });
    const page = await ctx.newPage();
    await page.goto('/signin');
    await page.getByRole('button', { name: 'Continue to sign in' }).click();
    await page.waitForURL('**/oauth/authorize**');
    expect(page.url()).toContain('code_challenge_method=S256');
    await page.locator('#login').fill('alice');
    await page.locator('#password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const authorize = page.getByRole('button', { name: 'Authorize' });
    if (await authorize.count()) await authorize.click();
    await page.waitForURL('**/home');
    await page.locator('.feed .status', { hasText: 'Hello from the browser' }).waitFor();
    await ctx.close();
  });

  it('echoes, bookmarks, quotes, reports, writes behind a content warning, edits and deletes', async () => {
    const ctx = await signedInContext(DESKTOP, aliceToken);
    const page = await ctx.newPage();
    const errors = collectErrors(page);
    page.on('dialog', (d) => d.accept());
    await page.goto('/@bob/replies');
    const bobPost = page.locator('.feed .status', { hasText: 'Welcome to Tribune!' }).first();
    await bobPost.waitFor();
    const echo = bobPost.getByRole('button', { name: 'Echo' });
    await echo.click();
    await expect.poll(() => echo.getAttribute('aria-pressed')).toBe('true');
    const bookmark = bobPost.getByRole('button', { name: 'Bookmark' });
    await bookmark.click();
    await expect.poll(() => bookmark.getAttribute('aria-pressed')).toBe('true');

    await bobPost.getByLabel('More').click();
    await bobPost.getByRole('menuitem', { name: 'Quote' }).click();
    await page.locator('dialog textarea').fill('Quoting this welcome');
    await page.locator('dialog').getByRole('button', { name: 'Post' }).click();
    await page.locator('dialog').waitFor({ state: 'detached' });

    // The report dialog files through POST /api/v1/reports.
    await bobPost.getByLabel('More').click();
    await bobPost.getByRole('menuitem', { name: 'Report' }).click();
    await page.getByLabel('It is spam').check();
    await page.getByLabel('Anything the moderators should know (optional)').fill('Testing the report dialog');
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.getByText('Thank you: the moderators will look at it.').waitFor();

    await page.goto('/bookmarks');
    await page.locator('.feed .status', { hasText: 'Welcome to Tribune!' }).waitFor();
    await page.goto('/home');
    const quote = page.locator('.feed .status', { hasText: 'Quoting this welcome' }).first();
    await quote.waitFor();
    expect(await quote.locator('.quote').textContent()).toContain('Welcome to Tribune!');

    const compose = page.locator('main .compose');
    await compose.getByRole('button', { name: 'CW' }).click();
    await compose.getByLabel('Content warning').fill('Spoilers ahead');
    await compose.locator('textarea').fill('The butler did it');
    await compose.getByRole('button', { name: 'Post' }).click();
    const cwPost = page.locator('.feed .status', { hasText: 'Spoilers ahead' }).first();
    await cwPost.waitFor();
    expect(await cwPost.textContent()).not.toContain('The butler did it');
    await cwPost.getByRole('button', { name: 'Show more' }).click();
    await cwPost.getByText('The butler did it').waitFor();

    await cwPost.getByLabel('More').click();
    await cwPost.getByRole('menuitem', { name: 'Edit' }).click();
    const editBox = page.locator('dialog textarea');
    await expect.poll(() => editBox.inputValue()).toBe('The butler did it');
    await editBox.fill('The gardener did it');
    await page.locator('dialog').getByRole('button', { name: 'Save' }).click();
    await cwPost.getByText('The gardener did it').waitFor();

    await cwPost.getByLabel('More').click();
    await cwPost.getByRole('menuitem', { name: 'Delete' }).click();
    await page.locator('.feed .status', { hasText: 'Spoilers ahead' }).waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('loads older posts as the list scrolls, following the API’s Link header', async () => {
    const carol = await t.createUser('carol');
    for (let i = 1; i <= 25; i++) await t.post('/api/v1/statuses', { token: carol.token, json: { status: `Numbered post ${i}` } });
    const ctx = await newContext(browser, t.url, { viewport: PHONE });
    const page = await ctx.newPage();
    await page.goto('/@carol');
    const posts = page.locator('.feed .status');
    await expect.poll(() => posts.count()).toBe(20);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect.poll(() => posts.count()).toBe(25);
    // The last page is empty: scrolling to the bottom again asks for it and ends the list.
    await expect
      .poll(async () => {
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        return page.locator('.end').count();
      })
      .toBe(1);
    expect(await posts.last().textContent()).toContain('Numbered post 1');
    await ctx.close();
  });

  it('edits the profile and account settings, and lists muted accounts', async () => {
    const ctx = await signedInContext(PHONE, aliceToken);
    const page = await ctx.newPage();
    page.on('dialog', (d) => d.accept());
    await page.goto('/settings');
    await page.getByLabel('Display name').fill('Alice in Tribune');
    await page.getByLabel('Bio').fill('Curiouser and curiouser');
    await page.getByLabel('Approve new followers by hand (locked account)').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    await page.goto('/@alice');
    await expect.poll(() => page.locator('#profile-name').textContent()).toContain('Alice in Tribune');
    expect(await page.locator('.profile-note').textContent()).toContain('Curiouser and curiouser');
    const me = await t.get('/api/v1/accounts/verify_credentials', { token: aliceToken });
    expect(me.body).toMatchObject({ display_name: 'Alice in Tribune', locked: true });
    await t.request('PATCH', '/api/v1/accounts/update_credentials', { token: aliceToken, json: { locked: false } });

    await page.goto('/@carol');
    await page.locator('.profile-buttons').getByLabel('More').click();
    await page.getByRole('menuitem', { name: 'Mute' }).click();
    await page.goto('/settings/mutes');
    const row = page.locator('.account-row', { hasText: '@carol' });
    await row.waitFor();
    await row.getByRole('button', { name: 'Unmute' }).click();
    await row.waitFor({ state: 'detached' });
    await ctx.close();
  });

  it('works from the keyboard: a skip link, j and k between posts, n to write, Escape to close', async () => {
    const ctx = await signedInContext(DESKTOP, aliceToken);
    const page = await ctx.newPage();
    await page.goto('/home');
    await page.locator('.feed .status').nth(1).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const second = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id);
    await page.keyboard.press('k');
    const first = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id);
    const ids = await page.locator('.feed article.status').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id));
    expect([first, second]).toEqual([ids[0], ids[1]]);
    await page.keyboard.press('n');
    await page.locator('dialog textarea').waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.keyboard.press('Escape');
    await page.locator('dialog').waitFor({ state: 'detached' });
    await ctx.close();
  });

  it('shows the French interface to a French browser, and switches to English', async () => {
    const ctx = await newContext(browser, t.url, { locale: 'fr-FR', viewport: PHONE });
    const page = await ctx.newPage();
    await page.goto('/');
    await page.getByRole('link', { name: 'S’inscrire' }).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await shoot(page, 'landing-fr');
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('link', { name: 'Sign up' }).first().waitFor();
    await ctx.close();
  });

  it('serves profile and post permalinks as readable HTML without JavaScript, with link previews', async () => {
    const ctx = await newContext(browser, t.url, { javaScriptEnabled: false, viewport: PHONE });
    const page = await ctx.newPage();
    await page.goto('/@alice');
    expect(await page.locator('.ssr-profile .ssr-handle').textContent()).toContain('@alice@');
    expect(await page.locator('main').textContent()).toContain('Hello from the browser');
    expect(await page.locator('meta[property="og:title"]').getAttribute('content')).toContain('@alice');
    await page.goto(postUrl);
    expect(await page.locator('.ssr-main').textContent()).toContain('Hello from the browser');
    expect(await page.locator('main').textContent()).toContain('Welcome to Tribune!');
    expect(await page.locator('meta[name="twitter:card"]').getAttribute('content')).toBe('summary');
    await shoot(page, 'permalink-nojs');
    await ctx.close();
  });

  it('opens offline with the app shell and the last home timeline', async () => {
    const ctx = await signedInContext(PHONE, aliceToken);
    const page = await ctx.newPage();
    await page.goto('/home');
    await page.locator('.feed .status', { hasText: 'Hello from the browser' }).waitFor();
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await page.locator('.feed .status').first().waitFor();
    await ctx.setOffline(true);
    await page.reload();
    await page
      .getByText(/^Offline: showing what was loaded at/)
      .first()
      .waitFor({ timeout: 10_000 });
    await page.locator('.feed .status', { hasText: 'Hello from the browser' }).waitFor();
    await ctx.setOffline(false);
    await ctx.close();
  });

  // About thirty page loads and screenshots: more than the default 30 s on a loaded 2-core machine.
  it('writes screenshots of the main screens at phone and desktop sizes', async () => {
    const screens: Array<[string, string]> = [
      ['home', '/home'],
      ['thread', postUrl],
      ['profile', '/@alice'],
      ['notifications', '/notifications'],
      ['search', '/search?q=hello'],
      ['settings', '/settings'],
      ['public', '/public'],
    ];
    for (const viewport of [{ width: 360, height: 740 }, PHONE, DESKTOP]) {
      const ctx = await signedInContext(viewport, aliceToken);
      const page = await ctx.newPage();
      const errors = collectErrors(page);
      for (const [name, path] of screens) {
        await page.goto(path);
        await page
          .locator('main .loading')
          .waitFor({ state: 'detached', timeout: 10_000 })
          .catch(() => {});
        await page.waitForTimeout(150);
        await shoot(page, name);
        expect(await unlabelled(page), `${name}: controls without a label`).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name}: no sideways scrolling`).toBeLessThanOrEqual(viewport.width);
      }
      await page.goto('/home');
      await page.getByRole('button', { name: 'New post' }).click();
      await page.locator('dialog textarea').fill('Drafting with @al');
      await page.waitForTimeout(400);
      await shoot(page, 'compose');
      expect(errors).toEqual([]);
      await ctx.close();
    }
    const french = await browser.newContext({ baseURL: t.url, locale: 'fr-FR', viewport: PHONE });
    await french.addInitScript((tok) => localStorage.setItem('tribune.token', tok), aliceToken);
    const frPage = await french.newPage();
    await frPage.goto('/home');
    await frPage.getByRole('heading', { name: 'Accueil' }).waitFor();
    await frPage.locator('.feed .status').first().waitFor();
    await shoot(frPage, 'home-fr');
    await french.close();

    const dark = await signedInContext(PHONE, aliceToken);
    await dark.addInitScript(() => localStorage.setItem('tribune.theme', 'dark'));
    const darkPage = await dark.newPage();
    await darkPage.goto(postUrl);
    await darkPage.locator('.status-focused').waitFor();
    await shoot(darkPage, 'thread-dark');
    await dark.close();

    const anon = await newContext(browser, t.url, { viewport: DESKTOP });
    const page = await anon.newPage();
    await page.goto('/');
    await page.locator('.feed .status').first().waitFor();
    await shoot(page, 'landing');
    await anon.close();
  }, 120_000);
});
