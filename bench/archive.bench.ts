// `npm run bench:archive`: what building a person's archive costs. One account with ARCHIVE_BENCH_POSTS (20,000)
// posts, ARCHIVE_BENCH_MEDIA (200) of them with a 256 KB picture each, and 1,000 follows; the job `accounts.archive`
// runs in this process on SQLite. Prints the time, the zip's size, and how far the process's memory (RSS) rose
// over where it started while the zip was written (sampled every 20 ms): the zip is streamed to its file, so the
// rise stays well under the zip's size.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { requestArchive } from '../src/domain/account-data/archive.service.js';
import { createLocalAccount } from '../src/domain/accounts/accounts.service.js';
import { mediaKey } from '../src/media/storage/storage.js';
import { seedFollowers } from '../tests/helpers/followers.js';
import { benchContext } from './sqlite-context.js';

const POSTS = Number(process.env.ARCHIVE_BENCH_POSTS ?? 20_000);
const MEDIA = Number(process.env.ARCHIVE_BENCH_MEDIA ?? 200);
const MEDIA_BYTES = 256 * 1024;

async function main(): Promise<void> {
  const { ctx, dataDir } = await benchContext('archive');
  try {
    const { id: accountId } = await createLocalAccount(ctx, {
      username: 'writer',
      email: 'writer@bench.test',
      password: 'bench password 1',
      allowReserved: true,
    });
    // The writer's followers double as the accounts they follow.
    const others = await seedFollowers(ctx, accountId, 1000);
    const now = new Date().toISOString();
    await ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < others.length; i += 200)
        await trx
          .insertInto('follows')
          .values(
            others.slice(i, i + 200).map((target) => ({
              id: ctx.ids.next(),
              account_id: accountId,
              target_account_id: target,
              show_reblogs: 1,
              notify: 0,
              languages: null,
              created_at: now,
            })),
          )
          .execute();
    });
    const text = 'A post of an ordinary length, about the weather, the neighbours and a book worth reading. '.repeat(2);
    const postIds: string[] = [];
    await ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < POSTS; i += 500) {
        const rows = Array.from({ length: Math.min(500, POSTS - i) }, () => {
          const id = ctx.ids.next();
          postIds.push(id);
          return { id, account_id: accountId, text, content: `<p>${text}</p>`, visibility: 'public' as const, sensitive: 0, language: 'en', created_at: now };
        });
        await trx.insertInto('statuses').values(rows).execute();
      }
    });
    for (let i = 0; i < MEDIA; i++) {
      const bytes = randomBytes(MEDIA_BYTES);
      const key = mediaKey('original', randomBytes(32).toString('hex'), 'jpg');
      await ctx.mediaStorage.put(key, bytes, 'image/jpeg');
      await ctx.db
        .insertInto('media_attachments')
        .values({
          id: ctx.ids.next(),
          account_id: accountId,
          status_id: postIds[i * Math.floor(POSTS / Math.max(MEDIA, 1))]!,
          type: 'image',
          file_path: key,
          preview_path: null,
          content_type: 'image/jpeg',
          description: 'a picture',
          blurhash: null,
          meta: null,
          created_at: now,
          state: 'ready',
        })
        .execute();
    }

    global.gc?.();
    const baseRss = process.memoryUsage().rss;
    let peakRss = baseRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 20);
    const started = performance.now();
    const archive = await requestArchive(ctx, accountId);
    await ctx.jobs.drain();
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const row = await ctx.db.selectFrom('account_archives').selectAll().where('id', '=', archive.id).executeTakeFirstOrThrow();
    if (row.state !== 'ready' || row.size === null) throw new Error(`the archive is ${row.state}`);
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    console.log(`archive of ${POSTS} posts, ${MEDIA} pictures of ${MEDIA_BYTES / 1024} KB, ${others.length} follows and followers (SQLite, one process)`);
    console.log(`  built in ${seconds.toFixed(2)} s; zip ${mb(row.size)} MB; RSS rose ${mb(peakRss - baseRss)} MB over ${mb(baseRss)} MB while writing it`);
    console.log(`  ratio: memory rise / zip size = ${((peakRss - baseRss) / row.size).toFixed(2)}`);
  } finally {
    await ctx.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
