import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserSuite, DESKTOP, hasChromium, PHONE, shoot, signedInPage } from './harness.js';
import { noise, picture, shortVideo, uploadByApi } from './media-fixtures.js';

// Attaching media in the web app (issue 12, point 8): progress and alt text, refusals that block Post, a video the
// server processes, edits that keep their media, and no probe requests at start. The grid, the viewer and
// sensitive media: media-display.browser.test.ts.
describe.skipIf(!hasChromium)('attaching media in the web app', () => {
  const suite = browserSuite();
  const compose = (page: Page) => page.locator('main .compose');
  const fileInput = (page: Page) => compose(page).locator('input[type="file"]');

  it('reads features from /api/v2/instance and sends no probe request at start', async () => {
    const { t, browser } = suite;
    const me = await t.createUser('starter');
    const { context, page, errors } = await signedInPage(browser, t.url, me.token);
    const seen: string[] = [];
    page.on('request', (r) => seen.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await page.goto('/home');
    await compose(page).locator('textarea').waitFor();
    // The attach button appears once the instance document is read, accepting what the server lists.
    await fileInput(page).waitFor({ state: 'attached' });
    const accept = (await fileInput(page).getAttribute('accept')) ?? '';
    const listed = (await t.get('/api/v2/instance')).body.configuration.media_attachments.supported_mime_types as string[];
    expect(accept.split(',')).toEqual(listed);
    await page.waitForTimeout(500);
    expect(seen).toContain('GET /api/v2/instance');
    expect(seen.filter((r) => r === 'POST /api/v2/media' || r === 'POST /api/v1/reports')).toEqual([]);
    // Reports exist on every Tribune: the menu offers it without asking the server first.
    const other = await t.createUser('other');
    await page.goto(`/@${other.username}`);
    await page.locator('.profile-buttons details.menu summary').click();
    await page.getByRole('menuitem', { name: 'Report' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('attaches two images with progress and alt text, reminds of missing alt text, posts them, and shows them', async () => {
    const { t, browser } = suite;
    const me = await t.createUser('photographer');
    for (const viewport of [DESKTOP, PHONE]) {
      const { context, page, errors } = await signedInPage(browser, t.url, me.token, { viewport });
      page.setDefaultTimeout(15_000);
      await page.goto('/home');
      await fileInput(page).waitFor({ state: 'attached' });
      // A slow uplink (about 100 KB/s), so the progress of a 600 KB file can be seen.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 100 * 1024 });
      await compose(page).locator('textarea').fill(`Two pictures from the ${viewport.width} px screen`);
      await fileInput(page).setInputFiles([
        { name: 'sunset.png', mimeType: 'image/png', buffer: await picture(20, 'Sunset') },
        { name: 'static.png', mimeType: 'image/png', buffer: await noise(450) },
      ]);
      const items = compose(page).locator('.compose-media-item');
      await expect.poll(() => items.count()).toBe(2);
      // Progress between the first and the last byte, and Post waits with a reason.
      const bar = items.nth(1).locator('progress');
      await expect.poll(() => bar.evaluate((el: HTMLProgressElement) => el.value).catch(() => -1)).toBeGreaterThan(0);
      const [value, text, postDisabled, reason] = await Promise.all([
        bar.evaluate((el: HTMLProgressElement) => el.value),
        items.nth(1).textContent(),
        compose(page).getByRole('button', { name: 'Post', exact: true }).isDisabled(),
        compose(page).locator('.post-blocked').textContent(),
      ]);
      expect(value).toBeLessThan(100);
      expect(text).toMatch(/Uploading… \d+%/);
      expect(postDisabled).toBe(true);
      expect(reason).toBe('Post is available once the uploads have finished.');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await expect.poll(() => compose(page).locator('.compose-media progress').count()).toBe(0);
      // Both carry the reminder until described; one is described.
      expect(await compose(page).locator('.alt-missing').count()).toBe(2);
      await compose(page).getByRole('button', { name: 'Add alt text, sunset.png' }).click();
      const dialog = page.getByRole('dialog', { name: 'Alt text' });
      await dialog.getByLabel('Describe this for people who cannot see it (alt text)').fill('An orange sunset over green hills');
      await shoot(page, 'media-alt-dialog');
      expect(await axeViolations(page)).toEqual([]);
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(await compose(page).locator('.alt-missing').count()).toBe(1);
      await page.waitForTimeout(300);
      await shoot(page, 'media-compose-attachments');
      expect(await axeViolations(page)).toEqual([]);
      // Post: a light reminder first, with the way to add it.
      await compose(page).getByRole('button', { name: 'Post', exact: true }).click();
      const prompt = compose(page).locator('.alt-prompt');
      await prompt.waitFor();
      expect(await prompt.textContent()).toContain('One attachment has no alt text');
      await shoot(page, 'media-alt-prompt');
      // Its button opens the alt text of the one without.
      await prompt.getByRole('button', { name: 'Add alt text' }).click();
      await dialog.getByLabel('Describe this for people who cannot see it (alt text)').fill('Grey television static');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(await prompt.count()).toBe(0);
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Post');
      await compose(page).getByRole('button', { name: 'Post', exact: true }).click();
      // In the timeline, with their alt text, loaded from the server.
      const post = page.locator('.feed .status', { hasText: `from the ${viewport.width} px screen` }).first();
      await post.locator('.media-grid.media-2').waitFor();
      const imgs = post.locator('.media-grid img');
      expect(await imgs.evaluateAll((els) => els.map((el) => el.getAttribute('alt')))).toEqual(['An orange sunset over green hills', 'Grey television static']);
      await expect.poll(() => imgs.evaluateAll((els) => els.every((el) => (el as HTMLImageElement).naturalWidth > 0))).toBe(true);
      // The viewer: Esc closes it and the focus goes back to the picture that opened it.
      await imgs.first().click();
      const viewer = page.locator('dialog.viewer');
      await viewer.waitFor();
      expect(await viewer.locator('.viewer-alt').textContent()).toContain('An orange sunset over green hills');
      expect(await viewer.getByRole('link', { name: 'Open original' }).getAttribute('href')).toMatch(/^http.*\/system\/media\//);
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => viewer.locator('.viewer-count').textContent()).toBe('2 / 2');
      expect(await viewer.locator('.viewer-alt').textContent()).toContain('Grey television static');
      await page.keyboard.press('Escape');
      await viewer.waitFor({ state: 'detached' });
      await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('media-open'))).toBe(true);
      expect(errors).toEqual([]);
      await context.close();
    }
    const statuses = (await t.get(`/api/v1/accounts/${me.id}/statuses`, { token: me.token })).body;
    expect(statuses).toHaveLength(2);
    expect(statuses[0].media_attachments.map((m: { description: string }) => m.description)).toEqual([
      'An orange sunset over green hills',
      'Grey television static',
    ]);
  }, 120_000);

  it('attaches files dropped on the composer or pasted into it, four at most', async () => {
    const { t, browser } = suite;
    const me = await t.createUser('dropper');
    const { context, page, errors } = await signedInPage(browser, t.url, me.token, { viewport: DESKTOP });
    page.setDefaultTimeout(15_000);
    await page.goto('/home');
    await fileInput(page).waitFor({ state: 'attached' });
    const pictures = await Promise.all([10, 70, 130, 190, 250].map((hue) => picture(hue, `Drop ${hue}`, 200, 150)));
    // What a browser hands the page when files are dropped, or pasted from the clipboard.
    const send = (kind: 'drop' | 'paste', files: Array<{ name: string; bytes: number[] }>) =>
      page.evaluate(
        ({ kind, files }) => {
          const dt = new DataTransfer();
          for (const f of files) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: 'image/png' }));
          const form = document.querySelector('main .compose')!;
          if (kind === 'drop') {
            form.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
            form.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
          } else {
            document
              .querySelector('main .compose textarea')!
              .dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
          }
        },
        { kind, files },
      );
    await send('paste', [{ name: 'pasted.png', bytes: [...pictures[0]!] }]);
    await compose(page).getByRole('button', { name: 'Add alt text, pasted.png' }).waitFor();
    await send(
      'drop',
      pictures.slice(1).map((p, i) => ({ name: `dropped-${i + 1}.png`, bytes: [...p] })),
    );
    await expect.poll(() => compose(page).locator('.compose-media-item').count()).toBe(4);
    expect(await compose(page).locator('.media-notices').textContent()).toBe('dropped-4.png was not added: at most 4 attachments per post.');
    // Full: no more attaching.
    await expect.poll(() => fileInput(page).count()).toBe(0);
    await expect.poll(() => compose(page).locator('.compose-media progress').count()).toBe(0);
    expect(await compose(page).locator('.upload-error').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('describes an attachment from the new-post dialog: Escape closes the alt text dialog only', async () => {
    const { t, browser } = suite;
    const me = await t.createUser('fabber');
    const { context, page, errors } = await signedInPage(browser, t.url, me.token, { viewport: PHONE });
    page.setDefaultTimeout(15_000);
    await page.goto('/home');
    await fileInput(page).waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'New post' }).click();
    const composeDialog = page.getByRole('dialog', { name: 'New post' });
    await composeDialog.locator('input[type="file"]').setInputFiles([{ name: 'cat.png', mimeType: 'image/png', buffer: await picture(40, 'Cat') }]);
    await composeDialog.getByRole('button', { name: 'Add alt text, cat.png' }).click();
    const alt = page.getByRole('dialog', { name: 'Alt text' });
    const box = alt.getByLabel('Describe this for people who cannot see it (alt text)');
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await box.fill('A cat asleep on a keyboard');
    await page.keyboard.press('Escape');
    await alt.waitFor({ state: 'detached' });
    // Still composing, the description not kept (Escape cancels), the focus back on the button.
    expect(await composeDialog.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Add alt text');
    await composeDialog.getByRole('button', { name: 'Add alt text, cat.png' }).click();
    await box.fill('A cat asleep on a keyboard');
    await alt.getByRole('button', { name: 'Save' }).click();
    await alt.waitFor({ state: 'detached' });
    await composeDialog.locator('textarea').fill('My cat');
    await composeDialog.getByRole('button', { name: 'Post', exact: true }).click();
    await composeDialog.waitFor({ state: 'detached' });
    const status = (await t.get(`/api/v1/accounts/${me.id}/statuses`, { token: me.token })).body[0];
    expect(status.media_attachments.map((m: { description: string }) => m.description)).toEqual(['A cat asleep on a keyboard']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the server’s refusal on the thumbnail and keeps Post blocked until the file is removed', async () => {
    const { t, browser } = suite;
    const me = await t.createUser('refused');
    for (const viewport of [PHONE, DESKTOP]) {
      const { context, page, errors } = await signedInPage(browser, t.url, me.token, { viewport });
      page.setDefaultTimeout(15_000);
      await page.goto('/home');
      await fileInput(page).waitFor({ state: 'attached' });
      await compose(page).locator('textarea').fill('This should not go out without its picture');
      // A text file named .png: the browser calls it image/png, the server reads its bytes.
      await fileInput(page).setInputFiles([{ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('just some text, not a picture\n'.repeat(20)) }]);
      const error = compose(page).locator('.upload-error');
      await error.waitFor();
      const direct = new FormData();
      direct.set('file', new Blob(['just some text, not a picture\n'.repeat(20)], { type: 'image/png' }), 'notes.png');
      const answer = await t.request('POST', '/api/v2/media', { token: me.token, multipart: direct });
      expect(answer.status).toBe(422);
      expect(await error.textContent()).toBe(`notes.png could not be uploaded: ${answer.body.error}`);
      const post = compose(page).getByRole('button', { name: 'Post', exact: true });
      expect(await post.isDisabled()).toBe(true);
      expect(await compose(page).locator('.post-blocked').textContent()).toBe('A file was refused: remove it to post.');
      await shoot(page, 'media-upload-failed');
      expect(await axeViolations(page)).toEqual([]);
      await compose(page).getByRole('button', { name: 'Remove, notes.png' }).click();
      expect(await post.isDisabled()).toBe(false);
      expect(errors).toEqual([]);
      await context.close();
    }
    expect((await t.get(`/api/v1/accounts/${me.id}/statuses`, { token: me.token })).body).toEqual([]);
  }, 60_000);

  it('offers Try again when the connection dropped during an upload, and the retry succeeds', async () => {
    const { t, browser } = suite;
    const me = await t.createUser('retrier');
    const { context, page, errors } = await signedInPage(browser, t.url, me.token, { viewport: PHONE });
    page.setDefaultTimeout(15_000);
    await page.goto('/home');
    await fileInput(page).waitFor({ state: 'attached' });
    await page.route('**/api/v2/media', (route) => route.abort('internetdisconnected'));
    await fileInput(page).setInputFiles([{ name: 'train.png', mimeType: 'image/png', buffer: await picture(220, 'Train') }]);
    await compose(page).locator('.upload-error').waitFor();
    expect(await compose(page).locator('.upload-error').textContent()).toBe(
      'train.png could not be uploaded: You are offline. Check your connection and try again.',
    );
    expect(await compose(page).locator('.post-blocked').textContent()).toBe('An upload failed: remove it or try it again to post.');
    await page.unroute('**/api/v2/media');
    await compose(page).getByRole('button', { name: 'Try again, train.png' }).click();
    await expect.poll(() => compose(page).locator('.compose-media-item.state-ready').count()).toBe(1);
    expect(await compose(page).locator('.post-blocked').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows why the server could not process a video, and keeps Post blocked', async () => {
    const { t, browser } = suite;
    const me = await t.createUser('cutshort');
    const { context, page, errors } = await signedInPage(browser, t.url, me.token, { viewport: PHONE });
    page.setDefaultTimeout(30_000);
    await page.goto('/home');
    await fileInput(page).waitFor({ state: 'attached' });
    await compose(page).locator('textarea').fill('Half a film');
    // An MP4 cut after its first kilobytes: its header says video, the rest is missing.
    const clip = shortVideo();
    await fileInput(page).setInputFiles([{ name: 'cut.mp4', mimeType: 'video/mp4', buffer: clip.subarray(0, Math.floor(clip.length / 3)) }]);
    const error = compose(page).locator('.upload-error');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.textContent()).toMatch(/^cut\.mp4 could not be uploaded: \S/);
    expect(await compose(page).getByRole('button', { name: 'Post', exact: true }).isDisabled()).toBe(true);
    expect(await compose(page).getByRole('button', { name: 'Try again, cut.mp4' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('uploads a video, shows it processing, then posts it with its poster', async () => {
    const { t, browser } = suite;
    const me = await t.createUser('filmmaker');
    const { context, page, errors } = await signedInPage(browser, t.url, me.token, { viewport: DESKTOP });
    page.setDefaultTimeout(30_000);
    // Each look at the attachment answers a little late, so the processing state stays long enough to be seen.
    const polled: number[] = [];
    await page.route('**/api/v1/media/*', async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      await new Promise((r) => setTimeout(r, 700));
      const res = await route.fetch();
      polled.push(res.status());
      await route.fulfill({ response: res });
    });
    await page.goto('/home');
    await fileInput(page).waitFor({ state: 'attached' });
    await compose(page).locator('textarea').fill('A short film');
    await fileInput(page).setInputFiles([{ name: 'clip.mp4', mimeType: 'video/mp4', buffer: shortVideo() }]);
    const item = compose(page).locator('.compose-media-item');
    await item.getByText('Processing…').waitFor();
    expect(await compose(page).getByRole('button', { name: 'Post', exact: true }).isDisabled()).toBe(true);
    await expect.poll(() => item.getByText('Processing…').count(), { timeout: 60_000 }).toBe(0);
    expect(polled.at(-1)).toBe(200);
    // A video goes alone: no more attaching.
    expect(await fileInput(page).count()).toBe(0);
    await compose(page).getByRole('button', { name: 'Post', exact: true }).click();
    await compose(page).getByRole('button', { name: 'Post anyway' }).click();
    const video = page.locator('.feed .status', { hasText: 'A short film' }).locator('.media-grid video[controls]');
    await video.waitFor();
    expect(await video.getAttribute('poster')).toMatch(/\/system\/media\//);
    expect(await video.getAttribute('src')).toMatch(/\/system\/media\/.*/);
    const status = (await t.get(`/api/v1/accounts/${me.id}/statuses`, { token: me.token })).body[0];
    expect(status.media_attachments[0].type).toBe('video');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('shows how far the server has processed a video (meta.processing.progress)', async () => {
    const { t, browser } = suite;
    const me = await t.createUser('patient');
    const { context, page, errors } = await signedInPage(browser, t.url, me.token, { viewport: DESKTOP });
    page.setDefaultTimeout(30_000);
    // The first looks at the attachment answer what a server half-way through says (as tests/media/video.db.test.ts
    // shows the server does); then the real answers.
    let early = 3;
    await page.route('**/api/v1/media/*', async (route) => {
      if (route.request().method() !== 'GET' || early-- <= 0) return route.continue();
      const id = route.request().url().split('/').pop();
      await route.fulfill({
        status: 206,
        contentType: 'application/json',
        body: JSON.stringify({ id, type: 'video', url: null, preview_url: null, meta: { processing: { progress: 0.4 } } }),
      });
    });
    await page.goto('/home');
    await fileInput(page).waitFor({ state: 'attached' });
    await fileInput(page).setInputFiles([{ name: 'clip.mp4', mimeType: 'video/mp4', buffer: shortVideo() }]);
    const item = compose(page).locator('.compose-media-item');
    await item.getByText('Processing… 40%').waitFor();
    expect(await item.locator('progress').getAttribute('value')).toBe('40');
    await expect.poll(() => item.locator('.upload-status').count(), { timeout: 60_000 }).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('keeps a post’s media when it is edited, and removes one when asked', async () => {
    const { t, browser } = suite;
    const me = await t.createUser('editor');
    const ids = [
      await uploadByApi(t, me, await picture(30, 'One'), 'one.png', 'image/png', 'First picture'),
      await uploadByApi(t, me, await picture(90, 'Two'), 'two.png', 'image/png', 'Second picture'),
    ];
    const posted = await t.postStatus<{ id: string }>(me, 'Before the edit', { media_ids: ids });
    const { context, page, errors } = await signedInPage(browser, t.url, me.token, { viewport: DESKTOP });
    page.setDefaultTimeout(15_000);
    const edit = async () => {
      await page.goto(`/@${me.username}/${posted.id}`);
      await page.locator('.status-focused details.menu summary').click();
      await page.getByRole('menuitem', { name: 'Edit' }).click();
      return page.getByRole('dialog', { name: 'Edit post' });
    };
    let dialog = await edit();
    await expect.poll(() => dialog.locator('textarea').inputValue()).toBe('Before the edit');
    // The media already in the post are there, with their alt text, and nothing to upload.
    expect(await dialog.locator('.compose-media-item .alt-preview').allTextContents()).toEqual(['First picture', 'Second picture']);
    await dialog.locator('textarea').fill('After the edit');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    let status = await t.ok('GET', `/api/v1/statuses/${posted.id}`, me);
    expect(status.content).toContain('After the edit');
    expect(status.media_attachments.map((m: { id: string }) => m.id)).toEqual(ids);
    dialog = await edit();
    await dialog.locator('.compose-media-item').first().waitFor();
    await dialog.getByRole('button', { name: 'Remove, First picture' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    status = await t.ok('GET', `/api/v1/statuses/${posted.id}`, me);
    expect(status.media_attachments.map((m: { id: string }) => m.id)).toEqual([ids[1]]);
    await page.locator('.status-focused .media-grid.media-1').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
