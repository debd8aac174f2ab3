import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { AppContext } from '../../src/context.js';
import { createStatusPartsCache } from '../../src/domain/statuses/status-parts.js';

// Counts every statement run through the database handle, whatever builds it (stores, services, subqueries
// count once with their statement).
class CountStatements implements KyselyPlugin {
  statements = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.statements++;
    return args.result;
  }
}

/**
 * Runs `work` on a copy of the context whose database counts the statements it runs; with `coldParts`, the
 * copy starts with an empty per-process cache of post parts, as a fresh process would.
 */
export async function countStatements<T>(ctx: AppContext, work: (counted: AppContext) => Promise<T>, opts: { coldParts?: boolean } = {}) {
  const counter = new CountStatements();
  const counted: AppContext = { ...ctx, db: ctx.db.withPlugin(counter), statusParts: opts.coldParts ? createStatusPartsCache() : ctx.statusParts };
  const result = await work(counted);
  return { result, statements: counter.statements };
}
