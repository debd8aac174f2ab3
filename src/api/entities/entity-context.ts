import type { Infra } from '../../infra/infra.js';

/** What a serializer may read of the context: the configuration (public URL, limits), never the database. */
export type EntityContext = Pick<Infra, 'config'>;
