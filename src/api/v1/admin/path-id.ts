import { NotFoundError } from '../../../errors.js';

/** An id from the path: anything that is not a snowflake cannot name a record, so it is a 404. */
export function pathId(raw: string | undefined): string {
  if (!raw || !/^[0-9]{1,19}$/.test(raw)) throw new NotFoundError();
  return raw;
}
