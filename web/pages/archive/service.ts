/** Archive search API (server/archive/routes.ts). */
import { call, type QueryOf, type ResponseOf } from '../../app/api';

export type ArchiveHit = ResponseOf<'GET /api/archive'>['items'][number];
export type ArchiveQuery = QueryOf<'GET /api/archive'>;
export type SnippetPart = ArchiveHit['snippet'][number];

export const searchArchive = (q: ArchiveQuery) => call('GET /api/archive', { query: q });
export const fetchUnits = () => call('GET /api/units');
