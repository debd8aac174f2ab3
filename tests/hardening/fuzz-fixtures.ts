import type { TestServer, TestUser } from '../helpers/server.js';

/** What the fuzzer sends as a valid id or name: the ids of real objects, by kind. */
export interface Fixtures {
  alice: TestUser;
  bob: TestUser;
  admin: TestUser;
  /** The target of every admin action on accounts, so suspending or deleting it harms no other fixture. */
  victim: TestUser;
  /** A registered OAuth app (its credentials go into oauth inputs). */
  app: { clientId: string; clientSecret: string };
  /** The instance's host, for webfinger resources. */
  domain: string;
  ids: Record<FixtureKind, string[]>;
}

export type FixtureKind =
  | 'account'
  | 'victimAccount'
  | 'status'
  | 'ownStatus'
  | 'poll'
  | 'list'
  | 'filterV1'
  | 'filterV2'
  | 'filterKeyword'
  | 'filterStatus'
  | 'notification'
  | 'groupKey'
  | 'conversation'
  | 'scheduled'
  | 'media'
  | 'report'
  | 'case'
  | 'appeal'
  | 'ownAction'
  | 'followRequest'
  | 'tag'
  | 'handle';

/**
 * Seeds one of each object a route can name: posts, a poll, a list, filters, notifications, a conversation,
 * a scheduled post, a report with its case, a moderation action with its appeal, a follow request.
 */
export async function seedFixtures(t: TestServer): Promise<Fixtures> {
  const alice = await t.createUser('alice', { locked: true });
  const bob = await t.createUser('bob');
  const victim = await t.createUser('victim');
  const admin = await t.createUser('admin1', { role: 'admin' });
  // Decides the case so that admin1, a different moderator, may decide its appeal.
  const mod = await t.createUser('mod1', { role: 'moderator' });
  const as = (u: TestUser, method: string, path: string, json?: unknown) => t.ok(method, path, u, json);

  await as(alice, 'POST', `/api/v1/accounts/${bob.id}/follow`);
  await as(bob, 'POST', `/api/v1/accounts/${alice.id}/follow`);
  await as(victim, 'POST', `/api/v1/accounts/${alice.id}/follow`);
  await as(alice, 'POST', `/api/v1/follow_requests/${bob.id}/authorize`);

  const alicePost = await t.postStatus(alice, 'hello #fuzztag', { visibility: 'public' });
  const pollPost = await t.postStatus(alice, 'which one?', { poll: { options: ['this', 'that'], expires_in: 86_400 } });
  const bobPost = await t.postStatus(bob, '@alice hi there #fuzztag', { visibility: 'public' });
  // Someone else's poll first: alice may not vote in her own.
  const bobPoll = await t.postStatus(bob, 'tea or coffee?', { poll: { options: ['tea', 'coffee', 'water'], expires_in: 86_400, multiple: true } });
  const direct = await t.postStatus(bob, '@alice a secret', { visibility: 'direct' });
  await as(bob, 'POST', `/api/v1/statuses/${alicePost.id}/favourite`);
  await as(bob, 'POST', `/api/v1/statuses/${alicePost.id}/reblog`);
  await as(alice, 'POST', `/api/v1/statuses/${bobPost.id}/bookmark`);
  const reply = await t.postStatus(alice, '@bob a reply', { in_reply_to_id: bobPost.id });
  const scheduled = await as(alice, 'POST', '/api/v1/statuses', { status: 'later', scheduled_at: new Date(Date.now() + 2 * 86_400_000).toISOString() });
  const media = await t.seedMedia(alice);
  const app = await as(alice, 'POST', '/api/v1/apps', { client_name: 'fuzz', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write' });

  const list = await as(alice, 'POST', '/api/v1/lists', { title: 'friends' });
  await as(alice, 'POST', `/api/v1/lists/${list.id}/accounts`, { account_ids: [bob.id] });
  const filter = await as(alice, 'POST', '/api/v2/filters', { title: 'noise', context: ['home', 'public'], keywords_attributes: [{ keyword: 'noise' }] });
  const filterStatus = await as(alice, 'POST', `/api/v2/filters/${filter.id}/statuses`, { status_id: bobPost.id });
  const filterV1 = await as(alice, 'POST', '/api/v1/filters', { phrase: 'spoilers', context: ['home'] });
  await as(alice, 'POST', '/api/v1/tags/fuzztag/follow');

  const notifications = (await as(alice, 'GET', '/api/v1/notifications')) as Array<{ id: string }>;
  const groups = (await as(alice, 'GET', '/api/v2/notifications')) as { notification_groups: Array<{ group_key: string }> };
  const conversations = (await as(alice, 'GET', '/api/v1/conversations')) as Array<{ id: string }>;

  // A report about the victim's post, decided (an action to appeal), and a second one left open.
  const victimPost = await t.postStatus(victim, 'something reportable', { visibility: 'public' });
  const report = await as(alice, 'POST', '/api/v1/reports', { account_id: victim.id, status_ids: [victimPost.id], category: 'violation', rule_ids: ['1'] });
  const caseId = (await as(admin, 'GET', `/api/v1/admin/reports/${report.id}`)).tribune_case_id as string;
  const decided = await as(mod, 'POST', `/api/v1/admin/tribune/cases/${caseId}/decide`, { action: 'remove', rule: '1', reason: 'a test removal' });
  await as(victim, 'POST', `/api/v1/tribune/moderation/actions/${decided.action.id}/appeal`, { text: 'please reconsider' });
  const appeals = (await as(admin, 'GET', '/api/v1/admin/tribune/appeals')) as Array<{ id: string }>;
  const openReport = await as(bob, 'POST', '/api/v1/reports', { account_id: victim.id, comment: 'spam', category: 'spam' });
  const openCase = (await as(admin, 'GET', `/api/v1/admin/reports/${openReport.id}`)).tribune_case_id as string;
  // A warning for alice: the user's own moderation action, for /api/v1/tribune/moderation/actions/:id.
  await as(admin, 'POST', `/api/v1/admin/accounts/${alice.id}/action`, { type: 'none', text: 'a friendly warning' });
  const ownActions = (await as(alice, 'GET', '/api/v1/tribune/moderation/actions')) as Array<{ id: string }>;

  const ids: Record<FixtureKind, string[]> = {
    account: [bob.id, alice.id, victim.id],
    victimAccount: [victim.id],
    status: [alicePost.id, bobPost.id, pollPost.id, reply.id, direct.id, bobPoll.id],
    ownStatus: [alicePost.id, pollPost.id, reply.id],
    poll: [bobPoll.poll.id, pollPost.poll.id],
    list: [list.id],
    filterV1: [filterV1.id],
    filterV2: [filter.id],
    filterKeyword: filter.keywords.map((k: { id: string }) => k.id),
    filterStatus: [filterStatus.id],
    notification: notifications.map((n) => n.id),
    groupKey: groups.notification_groups.map((g) => g.group_key),
    conversation: conversations.map((c) => c.id),
    scheduled: [scheduled.id],
    media: [media],
    report: [openReport.id, report.id],
    case: [openCase, caseId],
    appeal: appeals.map((a) => a.id),
    ownAction: ownActions.map((a) => a.id),
    followRequest: [victim.id],
    tag: ['fuzztag'],
    handle: ['@alice', '@bob'],
  };
  for (const [kind, values] of Object.entries(ids)) if (values.length === 0) throw new Error(`fuzz fixtures: no ${kind} was seeded`);
  return { alice, bob, admin, victim, app: { clientId: app.client_id, clientSecret: app.client_secret }, domain: t.ctx.config.domain, ids };
}
