import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Classifier } from '../../src/moderation/classifier/types.js';
import { setClassifier } from '../../src/moderation/moderation.service.js';
import { TestStream } from '../e2e/stream-client.js';
import { eventually, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// End to end over HTTP and WebSocket, with the shipped classifier. Refusal is switched off for violence
// here (refuse threshold above 1) so a clear threat is held for a moderator rather than refused.
describe('screening before publication', () => {
  let t: TestServer;
  let author: TestUser;
  let follower: TestUser;
  let mentioned: TestUser;
  let mod: TestUser;
  const streams: TestStream[] = [];
  const threat = 'I will kill you tomorrow zorblax, I know where you live';

  const openStream = async (token: string, stream: string) => {
    const s = await TestStream.open(`${t.url.replace(/^http/, 'ws')}/api/v1/streaming?access_token=${token}&stream=${stream}`);
    streams.push(s);
    return s;
  };
  const homeIds = async (u: TestUser) => ((await t.get('/api/v1/timelines/home', { token: u.token })).body as Array<{ id: string }>).map((s) => s.id);
  const publicIds = async () => ((await t.get('/api/v1/timelines/public')).body as Array<{ id: string }>).map((s) => s.id);

  beforeAll(async () => {
    t = await startTestServer({
      moderation: { strikesToSuspend: 5, thresholds: { violence: { review: 0.5, refuse: 1.01 } }, classifier: { kind: 'shipped' } },
    });
    author = await t.createUser('author');
    follower = await t.createUser('follower');
    mentioned = await t.createUser('mentioned');
    mod = await t.createUser('mod', { role: 'moderator' });
    expect((await t.post(`/api/v1/accounts/${author.id}/follow`, { token: follower.token })).status).toBe(200);
  });
  afterAll(async () => {
    for (const s of streams) await s.close();
    await t?.close();
  });

  let heldId = '';
  let secondId = '';

  it('holds a threatening post: only its author sees it, as pending', async () => {
    const res = await t.post('/api/v1/statuses', { token: author.token, json: { status: `${threat} @mentioned`, visibility: 'public' } });
    expect(res.status).toBe(200);
    heldId = res.body.id;
    expect(res.body.tribune.moderation_state).toBe('pending');
    const own = await t.get(`/api/v1/statuses/${heldId}`, { token: author.token });
    expect(own.status).toBe(200);
    expect((await t.get(`/api/v1/statuses/${heldId}`, { token: follower.token })).status).toBe(404);
    expect((await t.get(`/api/v1/statuses/${heldId}`)).status).toBe(404);
  });

  it('keeps the held post out of home and public timelines, search, notifications and account pages', async () => {
    expect(await homeIds(follower)).not.toContain(heldId);
    expect(await publicIds()).not.toContain(heldId);
    const search = await t.get('/api/v2/search?q=zorblax&type=statuses', { token: follower.token });
    expect(search.status).toBe(200);
    expect((search.body.statuses as Array<{ id: string }>).map((s) => s.id)).not.toContain(heldId);
    const notes = await t.get('/api/v1/notifications', { token: mentioned.token });
    expect((notes.body as Array<{ status?: { id: string } }>).some((n) => n.status?.id === heldId)).toBe(false);
    const profile = await t.get(`/api/v1/accounts/${author.id}/statuses`, { token: follower.token });
    expect((profile.body as Array<{ id: string }>).map((s) => s.id)).not.toContain(heldId);
  });

  it('opens a screening case at the top of the queue with the classifier scores', async () => {
    const res = await t.get('/api/v1/admin/tribune/cases', { token: mod.token });
    expect(res.status).toBe(200);
    const c = res.body.find((x: { status: { id: string } | null }) => x.status?.id === heldId);
    expect(c).toMatchObject({ source: 'screening', category: 'violence', state: 'open' });
    expect(c.scores.violence).toBeGreaterThanOrEqual(0.5);
    // What screening read: the language, and the threat form that fired ("I will", "I know where you live").
    expect(c.language).toBe('en');
    expect(['first-person', 'second-person', 'veiled-conditional']).toContain(c.form);
    const detail = await t.get(`/api/v1/admin/tribune/cases/${c.id}`, { token: mod.token });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ language: 'en', form: c.form });
    expect(detail.body.status.text).toContain('zorblax');
    expect(detail.body.target_account.id).toBe(author.id);
  });

  it('streams nothing of a held post, and releases it to followers, streams and mentions when a moderator approves', async () => {
    const home = await openStream(follower.token, 'user');
    const pub = await openStream(follower.token, 'public');
    // A second held post while the streams are open: nothing may reach them.
    const second = await t.post('/api/v1/statuses', { token: author.token, json: { status: `${threat} again`, visibility: 'public' } });
    secondId = second.body.id;
    expect(second.body.tribune.moderation_state).toBe('pending');
    await new Promise((r) => setTimeout(r, 300));
    const leaked = [...home.messages, ...pub.messages].filter((m) => m.payload?.includes(second.body.id) || m.payload?.includes(heldId));
    expect(leaked).toEqual([]);

    const cases = await t.get('/api/v1/admin/tribune/cases', { token: mod.token });
    const c = cases.body.find((x: { status: { id: string } | null }) => x.status?.id === heldId);
    const res = await t.post(`/api/v1/admin/tribune/cases/${c.id}/decide`, { token: mod.token, json: { action: 'approve' } });
    expect(res.status).toBe(200);
    expect(res.body.case.state).toBe('resolved');

    await eventually(async () => expect(await homeIds(follower)).toContain(heldId));
    expect((await t.get(`/api/v1/statuses/${heldId}`, { token: follower.token })).status).toBe(200);
    await home.next((m) => m.event === 'update' && JSON.parse(m.payload!).id === heldId);
    await pub.next((m) => m.event === 'update' && JSON.parse(m.payload!).id === heldId);
    await eventually(async () => {
      const notes = await t.get('/api/v1/notifications', { token: mentioned.token });
      expect((notes.body as Array<{ type: string; status?: { id: string } }>).some((n) => n.type === 'mention' && n.status?.id === heldId)).toBe(true);
    });
    const search = await t.get('/api/v2/search?q=zorblax&type=statuses', { token: follower.token });
    expect((search.body.statuses as Array<{ id: string }>).map((s) => s.id)).toContain(heldId);
  });

  it('releases a held post whose case a moderator dismisses as a false alarm, counted as released', async () => {
    const cases = await t.get('/api/v1/admin/tribune/cases?source=screening', { token: mod.token });
    const c = cases.body.find((x: { status: { id: string } | null }) => x.status?.id === secondId);
    const res = await t.post(`/api/v1/admin/tribune/cases/${c.id}/decide`, { token: mod.token, json: { action: 'dismiss' } });
    expect(res.status).toBe(200);
    expect(res.body.action.tribune.kind).toBe('approve');
    await eventually(async () => expect(await homeIds(follower)).toContain(secondId));
  });

  it('publishes a post that reports a threat in order to condemn it, in English and in French', async () => {
    const en = await t.post('/api/v1/statuses', {
      token: author.token,
      json: { status: 'Someone wrote "I will kill you" to my neighbour. This is unacceptable and I reported it to the police.' },
    });
    expect(en.status).toBe(200);
    expect(en.body.tribune.moderation_state).toBeUndefined();
    const fr = await t.post('/api/v1/statuses', {
      token: author.token,
      json: { status: "Quelqu'un a écrit « je vais te tuer » à ma voisine. C'est inacceptable, je l'ai signalé." },
    });
    expect(fr.status).toBe(200);
    expect(fr.body.tribune.moderation_state).toBeUndefined();
    await eventually(async () => expect(await homeIds(follower)).toEqual(expect.arrayContaining([en.body.id, fr.body.id])));
  });

  it('screens the content warning and media descriptions too, and an edit that turns into a threat is held', async () => {
    const cw = await t.post('/api/v1/statuses', { token: author.token, json: { status: 'nothing to see', spoiler_text: threat } });
    expect(cw.body.tribune.moderation_state).toBe('pending');
    // An upload whose description carries the threat (seeded: uploads belong to the media area).
    const mediaId = await t.seedMedia(author, { description: threat, withFile: false });
    const media = await t.post('/api/v1/statuses', { token: author.token, json: { status: 'look at this', media_ids: [mediaId] } });
    expect(media.status).toBe(200);
    expect(media.body.tribune.moderation_state).toBe('pending');

    const ok = await t.post('/api/v1/statuses', { token: author.token, json: { status: 'A quiet walk by the river' } });
    expect(ok.body.tribune.moderation_state).toBeUndefined();
    await eventually(async () => expect(await homeIds(follower)).toContain(ok.body.id));
    const edit = await t.request('PUT', `/api/v1/statuses/${ok.body.id}`, { token: author.token, json: { status: threat } });
    expect(edit.status).toBe(200);
    expect(edit.body.tribune.moderation_state).toBe('pending');
    expect(await homeIds(follower)).not.toContain(ok.body.id);
    expect((await t.get(`/api/v1/statuses/${ok.body.id}`, { token: follower.token })).status).toBe(404);
  });

  it('shows the language and form the classifier gave, on the case of a held post in German', async () => {
    const stub: Classifier = {
      name: 'stub',
      version: '1',
      classify: (text) => ({ categories: { violence: text.includes('Galgen') ? 0.7 : 0, glorification: 0 }, language: 'de', form: 'wish' }),
    };
    const saved = t.ctx.moderation.classifier;
    setClassifier(t.ctx, stub);
    try {
      const res = await t.post('/api/v1/statuses', { token: author.token, json: { status: 'Ich wünsche denen allen den Galgen' } });
      expect(res.body.tribune.moderation_state).toBe('pending');
      const queue = await t.get('/api/v1/admin/tribune/cases', { token: mod.token });
      expect(queue.body.find((x: { status: { id: string } | null }) => x.status?.id === res.body.id)).toMatchObject({ language: 'de', form: 'wish' });
    } finally {
      setClassifier(t.ctx, saved);
    }
  });

  it('refuses with a reason the author can read when the score passes the refusal threshold', async () => {
    const stub: Classifier = {
      name: 'stub',
      version: '1',
      classify: (text) => ({ categories: { violence: text.includes('REFUSE') ? 1 : 0, glorification: 0 }, language: 'en' }),
    };
    const real = t.ctx.moderation;
    const saved = real.classifier;
    setClassifier(t.ctx, stub);
    real.thresholds.violence!.refuse = 0.9;
    try {
      const res = await t.post('/api/v1/statuses', { token: author.token, json: { status: 'REFUSE this' } });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatch(/threat or a call to violence/);
    } finally {
      setClassifier(t.ctx, saved);
      real.thresholds.violence!.refuse = 1.01;
    }
    const transparency = await t.get('/about/transparency.json');
    const month = transparency.body.months[0];
    expect(month.posts_refused).toBe(1);
    expect(month.posts_held).toBeGreaterThanOrEqual(3);
    expect(month.posts_released_after_review).toBe(2);
  });
});
