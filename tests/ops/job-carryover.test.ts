import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/context.js';
import { resumeUnfinishedJobs, saveUnfinishedJobs } from '../../src/infra/job-carryover.js';
import { createLogger } from '../../src/logger.js';
import { startTestServer } from '../helpers/server.js';

// In-process jobs still running at the shutdown limit are written to DATA_DIR and run at the next start.
describe('in-process jobs at shutdown', () => {
  it('carries a job unfinished at the close limit over to the next start', async () => {
    const t = await startTestServer({ shutdownTimeoutMs: 300 });
    let release = () => {};
    t.ctx.jobs.register('statuses.card', () => new Promise<void>((resolve) => (release = resolve)));
    t.ctx.jobs.enqueue('statuses.card', { statusId: '42' });
    t.ctx.jobs.enqueue('statuses.card', { statusId: '43' });
    const started = Date.now();
    await t.ctx.jobs.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(await saveUnfinishedJobs(t.ctx)).toBe(2);
    release();
    const files = readdirSync(t.ctx.config.dataDir).filter((n) => n.startsWith('jobs-unfinished-'));
    expect(files).toHaveLength(1);

    // The next start: the same DATA_DIR and database.
    const next = await createContext(t.ctx.config, { logger: createLogger('silent') });
    try {
      const ran: unknown[] = [];
      next.jobs.register('statuses.card', async (payload) => void ran.push(payload));
      expect(await resumeUnfinishedJobs(next)).toBe(2);
      await next.jobs.drain();
      expect(ran).toEqual([{ statusId: '42' }, { statusId: '43' }]);
      expect(existsSync(`${t.ctx.config.dataDir}/${files[0]}`)).toBe(false);
      expect(await resumeUnfinishedJobs(next)).toBe(0);
    } finally {
      await next.close();
      await t.close();
    }
  });

  it('writes nothing when every job finished in time', async () => {
    const t = await startTestServer();
    try {
      let ran = 0;
      t.ctx.jobs.register('statuses.card', async () => void ran++);
      t.ctx.jobs.enqueue('statuses.card', { statusId: '1' });
      await t.ctx.jobs.close();
      expect(ran).toBe(1);
      expect(await saveUnfinishedJobs(t.ctx)).toBe(0);
      expect(readdirSync(t.ctx.config.dataDir).filter((n) => n.startsWith('jobs-unfinished-'))).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
