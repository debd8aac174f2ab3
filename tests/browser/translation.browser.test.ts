import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../helpers/server.js';
import { startTranslationStandIn } from '../helpers/translation-stand-in.js';
import { axeViolations, browserSuite, DESKTOP, hasChromium, PHONE, shoot, signedInPage } from './harness.js';

// "Translate" under a post in another language than the app's, when the instance advertises translation
// (/api/v2/instance configuration.translation.enabled), through the local LibreTranslate stand-in.
describe.skipIf(!hasChromium)('translating a post in the web app', () => {
  // The stand-in's address is known only once it listens: the server starts with a placeholder, replaced below.
  const suite = browserSuite({ translation: { url: 'http://127.0.0.1:9', apiKey: 'k3y', timeoutMs: 10_000, allowLoopback: true } });
  let lt: Awaited<ReturnType<typeof startTranslationStandIn>>;
  let reader: TestUser;
  let french = '';

  beforeAll(async () => {
    const { t } = suite;
    lt = await startTranslationStandIn();
    t.ctx.config.translation.url = lt.url;
    t.ctx.instanceMemo.clear();
    reader = await t.createUser('reader');
    const writer = await t.createUser('writer');
    await t.ok('POST', `/api/v1/accounts/${writer.id}/follow`, reader);
    await t.postStatus(writer, 'An English post about the weather', { language: 'en' });
    french = (await t.postStatus<{ id: string }>(writer, 'Bonjour à toutes et à tous, il fait beau aujourd’hui', { language: 'fr' })).id;
  }, 120_000);
  afterAll(async () => {
    await lt?.close();
  });

  it('translates a French post for an English reader and shows the original again', { timeout: 240_000 }, async () => {
    const { t, browser } = suite;
    for (const viewport of [PHONE, DESKTOP]) {
      const { context, page, errors } = await signedInPage(browser, t.url, reader.token, { viewport });
      await page.goto('/home');
      const post = page.getByRole('article').filter({ hasText: 'Bonjour à toutes' });
      await expect.poll(() => post.count()).toBe(1);
      // Only the post in another language offers it.
      const english = page.getByRole('article').filter({ hasText: 'An English post' });
      expect(await english.getByRole('button', { name: 'Translate' }).count()).toBe(0);
      const calls = lt.calls.length;
      await post.getByRole('button', { name: 'Translate' }).click();
      // The stand-in answers "[target] text": the translation into the app's language replaces the text.
      await expect.poll(() => post.locator('.status-content').textContent()).toContain('[en] ');
      expect(lt.calls.slice(calls).map((c) => [c.source, c.target])).toEqual(viewport === PHONE ? [['fr', 'en']] : []);
      expect(await post.textContent()).toMatch(/Translated from French with LibreTranslate/);
      expect(await post.locator('.status-content').getAttribute('lang')).toBe('en');
      await shoot(page, 'translated-post');
      expect(await axeViolations(page)).toEqual([]);
      await post.getByRole('button', { name: 'Show original' }).click();
      await expect.poll(() => post.locator('.status-content').textContent()).toBe('Bonjour à toutes et à tous, il fait beau aujourd’hui');
      expect(await post.getByRole('button', { name: 'Translate' }).count()).toBe(1);
      expect(errors).toEqual([]);
      await context.close();
    }
    // Translated once, kept by the server: the second page's request did not reach the service.
    expect((await t.ok<{ content: string }>('POST', `/api/v1/statuses/${french}/translate`, reader, { lang: 'en' })).content).toContain('[en] ');
  });

  it('offers an English post to a reader whose app speaks French', { timeout: 120_000 }, async () => {
    const { t, browser } = suite;
    const { context, page, errors } = await signedInPage(browser, t.url, reader.token, { viewport: DESKTOP });
    await context.addInitScript(() => localStorage.setItem('tribune.lang', 'fr'));
    await page.goto('/home');
    const english = page.getByRole('article').filter({ hasText: 'An English post' });
    await expect.poll(() => english.count()).toBe(1);
    const french = page.getByRole('article').filter({ hasText: 'Bonjour à toutes' });
    expect(await french.getByRole('button', { name: 'Traduire' }).count()).toBe(0);
    await english.getByRole('button', { name: 'Traduire' }).click();
    await expect.poll(() => english.locator('.status-content').textContent()).toContain('[fr] ');
    expect(await english.getByRole('button', { name: 'Voir l’original' }).count()).toBe(1);
    await shoot(page, 'translated-post-fr');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('offers nothing when the instance does not translate', { timeout: 120_000 }, async () => {
    const { t, browser } = suite;
    const url = t.ctx.config.translation.url;
    t.ctx.config.translation.url = undefined;
    t.ctx.instanceMemo.clear();
    try {
      const { context, page } = await signedInPage(browser, t.url, reader.token, { viewport: PHONE });
      // The instance document as the app reads it (past the micro-cache's few seconds).
      await expect
        .poll(async () => (await t.get<{ configuration: { translation: { enabled: boolean } } }>('/api/v2/instance')).body.configuration.translation.enabled)
        .toBe(false);
      await page.goto('/home');
      const post = page.getByRole('article').filter({ hasText: 'Bonjour à toutes' });
      await expect.poll(() => post.count()).toBe(1);
      expect(await post.getByRole('button', { name: 'Translate' }).count()).toBe(0);
      await context.close();
    } finally {
      t.ctx.config.translation.url = url;
      t.ctx.instanceMemo.clear();
    }
  });
});
