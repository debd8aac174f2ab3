import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ValidationError } from '../../errors.js';

// The CSV layouts of Mastodon's export (Settings > Import and export), which its import reads back:
// following_accounts.csv has a header, blocked_accounts.csv, lists.csv and bookmarks.csv have none.
// https://docs.joinmastodon.org/user/moving/#export

export const IMPORT_TYPES = ['following', 'blocking', 'muting', 'lists', 'bookmarks'] as const;
export type ImportType = (typeof IMPORT_TYPES)[number];
export const IMPORT_MODES = ['merge', 'overwrite'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** Mastodon refuses files past 20,000 rows (Import::ROWS_PROCESSING_LIMIT). */
export const MAX_IMPORT_ROWS = 20_000;

export const FOLLOWING_HEADER = ['Account address', 'Show boosts', 'Notify on new posts', 'Languages'];
export const MUTED_HEADER = ['Account address', 'Hide notifications'];

export interface FollowingRow {
  line: number;
  acct: string;
  reblogs: boolean;
  notify: boolean;
  languages: string[] | null;
}
export interface AccountRow {
  line: number;
  acct: string;
}
export interface MutedRow {
  line: number;
  acct: string;
  hideNotifications: boolean;
}
export interface ListRow {
  line: number;
  list: string;
  acct: string;
}
export interface BookmarkRow {
  line: number;
  url: string;
}
export type ImportRowOf = {
  following: FollowingRow;
  blocking: AccountRow;
  muting: MutedRow;
  lists: ListRow;
  bookmarks: BookmarkRow;
};
export type AnyImportRow = ImportRowOf[ImportType];

export function toCsv(header: string[] | null, rows: Array<Array<string | number | boolean>>): string {
  return stringify(header ? [header, ...rows] : rows, { cast: { boolean: (b) => (b ? 'true' : 'false') } });
}

const ACCT = /^@?([A-Za-z0-9_]{1,30})(?:@([A-Za-z0-9.-]+(?::\d+)?))?$/;

function lineError(line: number, what: string): ValidationError {
  return new ValidationError(`Validation failed: data line ${line}: ${what}`, 'data');
}

function acctAt(line: number, value: string | undefined): string {
  const v = (value ?? '').trim();
  if (!ACCT.test(v)) throw lineError(line, `"${v.slice(0, 100)}" is not an account address (user@domain)`);
  return v.replace(/^@/, '');
}

function boolAt(line: number, value: string | undefined, fallback: boolean): boolean {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '') return fallback;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw lineError(line, `"${v.slice(0, 20)}" is not true or false`);
}

/**
 * Reads one of Mastodon's CSV files into rows, each with its line number. A file that is not CSV, a row that does
 * not name an account (or a URL, for bookmarks), or too many rows: 422 naming the line and the `data` field.
 */
export function parseImport<T extends ImportType>(type: T, text: string): Array<ImportRowOf[T]> {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, info: true, bom: true }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    throw lineError(line, (err as Error).message.replace(/^Invalid [^:]*: /, '').slice(0, 200));
  }
  const first = records[0]?.record[0]?.trim().toLowerCase();
  // A header is optional on reading, whichever file it is: Mastodon itself writes one on some and not others.
  if (first === 'account address' || first === 'list name' || first === 'url') records = records.slice(1);
  if (records.length === 0) throw new ValidationError('Validation failed: data has no rows', 'data');
  if (records.length > MAX_IMPORT_ROWS) throw lineError(records[MAX_IMPORT_ROWS]!.info.lines, `more than ${MAX_IMPORT_ROWS} rows`);
  const rows: AnyImportRow[] = records.map(({ record, info }) => {
    const line = info.lines;
    const cell = (i: number) => record[i];
    switch (type) {
      case 'following': {
        const languages = (cell(3) ?? '')
          .split(',')
          .map((l) => l.trim())
          .filter(Boolean);
        if (languages.some((l) => !/^[a-z]{2,3}$/i.test(l))) throw lineError(line, 'Languages must be ISO 639 codes separated by commas');
        return {
          line,
          acct: acctAt(line, cell(0)),
          reblogs: boolAt(line, cell(1), true),
          notify: boolAt(line, cell(2), false),
          languages: languages.length ? languages : null,
        };
      }
      case 'blocking':
        return { line, acct: acctAt(line, cell(0)) };
      case 'muting':
        return { line, acct: acctAt(line, cell(0)), hideNotifications: boolAt(line, cell(1), true) };
      case 'lists': {
        const list = (cell(0) ?? '').trim();
        if (!list) throw lineError(line, 'the list name is blank');
        if (list.length > 256) throw lineError(line, 'the list name is too long (maximum is 256 characters)');
        return { line, list, acct: acctAt(line, cell(1)) };
      }
      case 'bookmarks': {
        const url = (cell(0) ?? '').trim();
        if (!URL.canParse(url) || !/^https?:/.test(url)) throw lineError(line, `"${url.slice(0, 100)}" is not a post URL`);
        return { line, url };
      }
      default:
        throw new ValidationError('Validation failed: type is not an import type', 'type');
    }
  });
  return rows as Array<ImportRowOf[T]>;
}
