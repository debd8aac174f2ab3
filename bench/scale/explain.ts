// `npx tsx bench/scale/explain.ts --accounts=N --posts=N`: the plans of the home, public and account timeline queries
// (first page, 20 rows, built by the app's own store functions) on the bench:scale community: SQLite's EXPLAIN QUERY
// PLAN on the cached file, and PostgreSQL's EXPLAIN (ANALYZE, BUFFERS) on tribune_bench when it exists.
import { parseArgs } from 'node:util';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import { createDb } from '../../src/db/create-db.js';
import type { DB } from '../../src/db/schema.js';
import { homeFeedQuery } from '../../src/domain/timelines/feed.store.js';
import { accountStatusesQuery, hideSilencedAuthors, publicStatusesQuery } from '../../src/domain/timelines/timelines.store.js';
import { ensureScaleCommunity } from './community.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100000' },
    posts: { type: 'string', default: '2000000' },
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/tribune_bench' },
  },
});
const community = await ensureScaleCommunity(Number(values.accounts), Number(values.posts), (m) => console.error(m));
const viewer = community.big.lastFollowerId;
const author = community.postingAccountIds[0] as string;

function queries(db: Kysely<DB>): Array<[string, CompiledQuery]> {
  return [
    ['home (written rows)', homeFeedQuery(db, viewer).orderBy(sql.ref('fe.status_id'), 'desc').limit(20).compile()],
    ['public', hideSilencedAuthors(publicStatusesQuery(db), viewer).orderBy(sql.ref('s.id'), 'desc').limit(20).compile()],
    [
      'account',
      accountStatusesQuery(db, author, { viewerId: viewer, isFollower: false, excludeReplies: false, excludeReblogs: false })
        .orderBy(sql.ref('s.id'), 'desc')
        .limit(20)
        .compile(),
    ],
  ];
}

async function explain(url: string, prefix: string, label: string): Promise<void> {
  const database = await createDb(url);
  try {
    console.log(`\n## ${label}\n`);
    for (const [name, q] of queries(database.db)) {
      const rows = (await database.db.executeQuery(CompiledQuery.raw(`${prefix} ${q.sql}`, [...q.parameters]))).rows as Array<Record<string, unknown>>;
      const lines = rows.map((r) => String(r['QUERY PLAN'] ?? r.detail ?? JSON.stringify(r)));
      console.log(`### ${name}\n\n\`\`\`sql\n${q.sql}\n\`\`\`\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n`);
    }
  } finally {
    await database.close();
  }
}

await explain(`sqlite:${community.dbPath}`, 'EXPLAIN QUERY PLAN', 'SQLite: EXPLAIN QUERY PLAN');
try {
  await explain(values.postgres, 'EXPLAIN (ANALYZE, BUFFERS)', 'PostgreSQL: EXPLAIN (ANALYZE, BUFFERS)');
} catch (err) {
  console.log(`\nPostgreSQL not explained: ${(err as Error).message}`);
}
