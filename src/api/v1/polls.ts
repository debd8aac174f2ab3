import { Hono } from 'hono';
import { z } from 'zod';
import { getVisiblePoll, votePoll } from '../../domain/polls/polls.service.js';
import { NotFoundError } from '../../errors.js';
import { optionalUser, requireUser } from '../../middleware/auth.js';
import type { AppEnv } from '../env.js';
import { params, pathId, zList } from '../params.js';
import { renderPoll } from '../render/statuses.js';

export const pollsRoutes = new Hono<AppEnv>();

/** The poll of this post as the viewer sees it (the same rendering as on the post). */
async function render(c: { var: AppEnv['Variables'] }, statusId: string) {
  const poll = await renderPoll(c.var.ctx, statusId, c.var.viewer?.accountId ?? null);
  if (!poll) throw new NotFoundError();
  return poll;
}

// https://docs.joinmastodon.org/methods/polls/: the poll is as visible as its post (404 otherwise).
pollsRoutes.get('/api/v1/polls/:id', optionalUser('read:statuses'), async (c) => {
  const id = pathId(c);
  const { status } = await getVisiblePoll(c.var.ctx, c.var.viewer?.accountId ?? null, id);
  return c.json(await render(c, status.id));
});

const voteSchema = z.object({ choices: zList(z.coerce.number().int().min(0)).refine((l) => l.length > 0, "can't be blank") });

pollsRoutes.post('/api/v1/polls/:id/votes', requireUser('write:statuses'), async (c) => {
  const id = pathId(c);
  const p = await params(c, voteSchema);
  const status = await votePoll(c.var.ctx, c.var.viewer!.accountId!, id, p.choices);
  return c.json(await render(c, status.id));
});
