import { createWriteStream, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Decrypter } from 'age-encryption';
import { decryptingStream } from './encryption.js';
import type { Progress } from './format.js';
import { type BackupTarget, parseWalName, stampTime, WAL_NAME, type WalFile } from './target.js';
import { FRAME_HEADER_BYTES, parseWalHeader, scanFrames, WAL_HEADER_BYTES } from './wal-format.js';

// The other half of WAL shipping (wal-shipping.ts): a chain's base file, then its segments in order, each log's
// frames written as a -wal file beside the file for SQLite to recover and checkpoint, one log after the other.
// Every frame is checked (salts, running checksum) before it is used, and only whole transactions are applied:
// a damaged, cut or missing segment stops the replay at the last complete commit before it, and says so.

type Segment = Extract<WalFile, { kind: 'segment' }>;

export interface Chain {
  chain: string;
  startedAt: Date;
  base: string;
  segments: Segment[];
}

/** The chains in a target that have a base, oldest first, their segments in order. */
export async function listChains(target: BackupTarget): Promise<Chain[]> {
  const byChain = new Map<string, { base?: string; segments: Segment[] }>();
  for (const f of await target.list(WAL_NAME)) {
    const w = parseWalName(f.name)!;
    const c = byChain.get(w.chain) ?? { segments: [] };
    if (w.kind === 'base') c.base = w.name;
    else c.segments.push(w);
    byChain.set(w.chain, c);
  }
  return [...byChain.entries()]
    .filter((e): e is [string, { base: string; segments: Segment[] }] => e[1].base !== undefined)
    .map(([chain, c]) => ({
      chain,
      startedAt: stampTime(chain),
      base: c.base,
      segments: c.segments.sort((a, b) => a.log - b.log || a.firstFrame - b.firstFrame),
    }))
    .sort((a, b) => a.chain.localeCompare(b.chain));
}

/** When a chain's last segment was shipped (its start when it has none): how far it can reach. */
export function chainEnd(chain: Chain): Date {
  return chain.segments.at(-1)?.shippedAt ?? chain.startedAt;
}

export interface ReplayResult {
  /** Segments applied whole or up to their last complete commit. */
  segments: number;
  of: number;
  frames: number;
  /** When the last applied segment was shipped (the chain's start when none was). */
  until: Date;
  /** Why the replay stopped before the last segment, if it did. */
  stopped?: string;
}

/**
 * Builds the database of `chain` at `dbPath`: its base, then every segment that applies. Written beside and moved
 * in at the end, after SQLite's own check of the result; the file there before (and its -wal, -shm) is replaced.
 */
export async function replayChain(opts: {
  target: BackupTarget;
  chain: Chain;
  identities: string[];
  dbPath: string;
  /** Keep what is at dbPath when the replay does not reach this moment (a backup newer than where it stopped). */
  atLeast?: Date;
  progress?: Progress;
}): Promise<ReplayResult> {
  const { target, chain } = opts;
  const tmp = `${opts.dbPath}.wal-replay`;
  const clear = (path: string) => {
    for (const p of [path, `${path}-wal`, `${path}-shm`]) rmSync(p, { force: true });
  };
  clear(tmp);
  await pipeline(await decryptingStream(await target.open(chain.base), opts.identities), createWriteStream(tmp));
  const { default: SQLite } = await import('better-sqlite3');
  let applied = 0;
  let frames = 0;
  let until = chain.startedAt;
  let stopped: string | undefined;
  try {
    const logs = [...new Set(chain.segments.map((s) => s.log))];
    for (const logNo of logs) {
      const parts: Buffer[] = [];
      let header: ReturnType<typeof parseWalHeader> = null;
      let checksum: [number, number] = [0, 0];
      let next = 1;
      for (const seg of chain.segments.filter((s) => s.log === logNo)) {
        if (seg.firstFrame !== next) {
          stopped = `segment ${seg.name} starts at frame ${seg.firstFrame}, after a gap (frame ${next} expected)`;
          break;
        }
        let plain: Buffer;
        try {
          plain = await decrypt(await target.open(seg.name), opts.identities);
        } catch (err) {
          stopped = `segment ${seg.name} cannot be read (${(err as Error).message}): it is damaged or was cut`;
          break;
        }
        const h = parseWalHeader(plain);
        if (!h || (header && !header.bytes.equals(h.bytes))) {
          stopped = `segment ${seg.name} does not continue its log (its header differs)`;
          break;
        }
        if (!header) {
          header = h;
          checksum = h.checksum;
        }
        const body = plain.subarray(WAL_HEADER_BYTES);
        const scan = scanFrames(body, header, checksum);
        const fb = FRAME_HEADER_BYTES + header.pageSize;
        if (scan.committedFrames > 0) {
          parts.push(body.subarray(0, scan.committedFrames * fb));
          checksum = scan.checksumAtCommit;
          next += scan.committedFrames;
          frames += scan.committedFrames;
          applied++;
          until = seg.shippedAt;
        }
        if (scan.committedFrames * fb !== body.length) {
          stopped = `segment ${seg.name} is torn after frame ${next - 1}: replayed up to its last complete commit`;
          break;
        }
        opts.progress?.(`  WAL: ${applied} of ${chain.segments.length} segment(s) read...`, { done: applied, total: chain.segments.length });
      }
      if (header && parts.length) {
        // SQLite recovers the log when the file is opened, then the checkpoint moves the pages into the file.
        writeFileSync(`${tmp}-wal`, Buffer.concat([header.bytes, ...parts]));
        rmSync(`${tmp}-shm`, { force: true });
        const db = new SQLite(tmp);
        try {
          // PASSIVE first: it answers how many frames SQLite recovered and copied (TRUNCATE answers 0 once done).
          const r = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
          const expected = parts.reduce((n, p) => n + p.length / (FRAME_HEADER_BYTES + header!.pageSize), 0);
          if (r[0]?.log !== expected) throw new Error(`SQLite recovered ${r[0]?.log} frames of log ${logNo}, ${expected} were shipped`);
          if (Number(r[0]?.busy) !== 0 || r[0]?.checkpointed !== expected)
            throw new Error(`SQLite applied ${r[0]?.checkpointed} of ${expected} frames of log ${logNo}`);
          const t = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
          if (Number(t[0]?.busy) !== 0) throw new Error(`the log ${logNo} could not be emptied after it was applied`);
        } finally {
          db.close();
        }
      }
      if (stopped) break;
    }
    const db = new SQLite(tmp);
    try {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the replayed database fails SQLite's check: ${String(check)}`);
    } finally {
      db.close();
    }
    if (opts.atLeast && until < opts.atLeast)
      throw new Error(`it stops at ${until.toISOString()}, before the backup (${opts.atLeast.toISOString()})${stopped ? `: ${stopped}` : ''}`);
    clear(opts.dbPath);
    renameSync(tmp, opts.dbPath);
    return { segments: applied, of: chain.segments.length, frames, until, stopped };
  } finally {
    clear(tmp);
  }
}

async function decrypt(source: Readable, identities: string[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of source) chunks.push(c as Buffer);
  const d = new Decrypter();
  for (const i of identities) d.addIdentity(i);
  return Buffer.from(await d.decrypt(Buffer.concat(chunks)));
}
