import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '../../../tests/helpers/query-count.js';
import { startTestServer, type TestServer, type TestUser } from '../../../tests/helpers/server.js';
import { loadConversations } from './conversation-loader.js';
import type { AccountConversationRow } from './conversations.store.js';

// Conversations whose last post is gone show the one before it: those stand-ins are read for the whole page at
// once, so two such conversations cost what one does.
describe('conversation loader', () => {
  let t: TestServer;
  let reader: TestUser;
  const threads = new Map<string, { first: string; last: string }>();
  let rows: AccountConversationRow[] = [];

  const direct = async (from: TestUser, text: string, inReplyTo?: string) =>
    (await t.postStatus<{ id: string }>(from, `@reader ${text}`, { visibility: 'direct', in_reply_to_id: inReplyTo })).id;

  beforeAll(async () => {
    t = await startTestServer();
    reader = await t.createUser('reader');
    for (const name of ['gone1', 'gone2', 'kept1', 'kept2']) {
      const writer = await t.createUser(name);
      const first = await direct(writer, 'first');
      threads.set(name, { first, last: await direct(writer, 'second', first) });
    }
    for (const name of ['gone1', 'gone2']) await t.ctx.db.deleteFrom('statuses').where('id', '=', threads.get(name)!.last).execute();
    rows = await t.ctx.db.selectFrom('account_conversations').selectAll().where('account_id', '=', reader.id).orderBy('id').execute();
  });
  afterAll(() => t?.close());

  const load = (page: AccountConversationRow[]) => countStatements(t.ctx, (ctx) => loadConversations(ctx, page, reader.id), { coldParts: true });
  const shownIds = (loaded: Awaited<ReturnType<typeof loadConversations>>) => [...loaded.lastStatusIds.values()].sort();

  it('shows the previous post of each conversation whose last one is gone, reading them together', async () => {
    expect(rows).toHaveLength(4);
    const all = await load(rows);
    const t1 = threads.get('gone1')!;
    const t2 = threads.get('gone2')!;
    expect(shownIds(all.result)).toEqual([t1.first, t2.first, threads.get('kept1')!.last, threads.get('kept2')!.last].sort());
    // One of each kind (a last post gone, one kept) costs what the four do.
    const pair = await load([rows[0]!, rows[3]!]);
    expect(shownIds(pair.result)).toHaveLength(2);
    expect(all.statements).toBe(pair.statements);
  });
});
