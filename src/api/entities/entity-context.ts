import type { AppContext } from '../../context.js';

/** What a serializer may read of the context: the configuration (public URL, limits), never the database. */
export type EntityContext = Pick<AppContext, 'config'>;
