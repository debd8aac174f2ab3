import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

/**
 * Both dialects return 64-bit integers in their own way (BigInt from better-sqlite3, strings from pg).
 * This makes them one shape: safe integers become numbers, larger ones (snowflake IDs) decimal strings.
 */
export function normalizeInt(value: bigint | string | number): number | string {
  if (typeof value === 'number') return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value.toString();
}

export class NormalizeIntegersPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    for (const row of args.result.rows) {
      for (const key in row) {
        if (typeof row[key] === 'bigint') row[key] = normalizeInt(row[key] as bigint);
      }
    }
    return args.result;
  }
}
