import { describe, expect, it } from 'vitest';
import { browserSuite, hasChromium, PHONE, shoot, signedInPage } from './harness.js';

describe.skipIf(!hasChromium)('polls in the web app', () => {
  const suite = browserSuite();

  it('creates a poll in compose, and another account votes in it and sees the results', async () => {
    const { t, browser } = suite;
    const alice = await t.createUser('alice');
    const bob = await t.createUser('bob');
    await t.post(`/api/v1/accounts/${alice.id}/follow`, { token: bob.token });

    const { context: aliceCtx, page: alicePage, errors: aliceErrors } = await signedInPage(browser, t.url, alice.token, { viewport: PHONE });
    await alicePage.goto('/home');
    const compose = alicePage.locator('main .compose');
    await compose.locator('textarea').fill('Tea or coffee?');
    await compose.getByRole('button', { name: 'Add a poll' }).click();
    await compose.getByLabel('Choice 1', { exact: true }).fill('Tea');
    await compose.getByLabel('Choice 2', { exact: true }).fill('Coffee');
    await compose.getByRole('button', { name: 'Add a choice' }).click();
    await compose.getByLabel('Choice 3', { exact: true }).fill('Water');
    await compose.getByLabel('Poll duration').selectOption('3600');
    await compose.getByRole('button', { name: 'Post' }).click();
    const own = alicePage.locator('.feed .status', { hasText: 'Tea or coffee?' }).first();
    await own.waitFor();
    // The author sees results, never the buttons (Mastodon counts the author as having voted).
    await own.getByText('0 votes').waitFor();
    expect(await own.getByRole('button', { name: 'Vote', exact: true }).count()).toBe(0);

    const statuses = (await t.get(`/api/v1/accounts/${alice.id}/statuses`, { token: alice.token })).body;
    const poll = statuses[0].poll;
    expect(poll.options.map((o: { title: string }) => o.title)).toEqual(['Tea', 'Coffee', 'Water']);
    expect(poll.multiple).toBe(false);
    const length = Date.parse(poll.expires_at) - Date.parse(statuses[0].created_at);
    expect(Math.abs(length - 3600_000)).toBeLessThan(5000);

    const { context: bobCtx, page: bobPage, errors: bobErrors } = await signedInPage(browser, t.url, bob.token, { viewport: PHONE });
    await bobPage.goto('/home');
    const post = bobPage.locator('.feed .status', { hasText: 'Tea or coffee?' }).first();
    await post.waitFor();
    const vote = post.getByRole('button', { name: 'Vote', exact: true });
    expect(await vote.isDisabled()).toBe(true);
    // Keyboard: the choices are native radio buttons in a labelled group.
    await post.getByRole('radio', { name: 'Tea' }).focus();
    await bobPage.keyboard.press('ArrowDown');
    expect(await post.getByRole('radio', { name: 'Coffee' }).isChecked()).toBe(true);
    await vote.click();
    await post.getByText('your choice').waitFor();
    expect(await post.locator('.poll-mine').textContent()).toContain('Coffee');
    expect(await post.locator('.poll-mine').textContent()).toContain('100%');
    expect(await post.textContent()).toContain('1 vote');
    await shoot(bobPage, 'poll-voted');

    const after = await t.get(`/api/v1/polls/${poll.id}`, { token: bob.token });
    expect(after.body).toMatchObject({ votes_count: 1, own_votes: [1] });
    await alicePage.reload();
    await alicePage.locator('.feed .status', { hasText: 'Tea or coffee?' }).first().getByText('1 vote').waitFor();
    expect(aliceErrors).toEqual([]);
    expect(bobErrors).toEqual([]);
    await aliceCtx.close();
    await bobCtx.close();
  });
});
