import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from '@fedify/fedify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { kvDelete, kvDeleteExpired, kvGet, kvList, kvSet } from './federation.store.js';

// Fedify's key-value store (cached remote documents and keys, idempotence of inbox activities) on Tribune's own
// database, SQLite or PostgreSQL alike. The distributed mode could use @fedify/redis's RedisKvStore instead.

const encode = (key: KvKey): string => JSON.stringify(key);

export function createDbKvStore(db: Kysely<DB>): KvStore & { sweep(): Promise<void> } {
  const now = () => new Date().toISOString();
  return {
    async get<T = unknown>(key: KvKey): Promise<T | undefined> {
      const value = await kvGet(db, encode(key), now());
      return value === undefined ? undefined : (JSON.parse(value) as T);
    },
    async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
      const ttl = options?.ttl ? options.ttl.total({ unit: 'millisecond' }) : null;
      await kvSet(db, encode(key), JSON.stringify(value ?? null), ttl === null ? null : new Date(Date.now() + ttl).toISOString());
    },
    async delete(key: KvKey): Promise<void> {
      await kvDelete(db, encode(key));
    },
    async *list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
      // A key's JSON starts with its prefix's JSON minus the closing bracket, followed by a comma.
      const exact = prefix ? encode(prefix) : '';
      const start = prefix ? `${exact.slice(0, -1)},` : '[';
      for (const row of await kvList(db, exact, start, now())) yield { key: JSON.parse(row.key) as KvKey, value: JSON.parse(row.value) };
    },
    /** Drops expired entries (reads already skip them). */
    async sweep(): Promise<void> {
      await kvDeleteExpired(db, now());
    },
  };
}
